import type { z } from 'zod';

/** The sync server's roles (accounts). */
export type Role = 'unit' | 'reviewer' | 'admin';

/**
 * Who may call a route: `public` anyone; `first-login` any signed-in account, also one that must still
 * change its password; `signed-in` any signed-in account that has changed its password; or a list of roles.
 */
export type RouteAccess = 'public' | 'first-login' | 'signed-in' | readonly Role[];

/**
 * One JSON route of the contract. `request` parses the body (POST, PUT) or the query string (GET);
 * `params` (when the path has `:name` parts) parses the path parameters.
 */
export interface RouteSpec<Req extends z.ZodType, Res extends z.ZodType, Params extends z.ZodType | undefined = undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'DELETE';
  /** Below API_PREFIX. */
  path: string;
  access: RouteAccess;
  request: Req;
  response: Res;
  params?: Params;
}

export function route<Req extends z.ZodType, Res extends z.ZodType, Params extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<Req, Res, Params>,
): RouteSpec<Req, Res, Params> {
  return spec;
}
