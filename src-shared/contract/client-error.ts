import { z } from 'zod';

/**
 * What a window reports when it fails: a render error its boundary caught, an uncaught error or an
 * unhandled rejection. The desktop window sends it to the desktop log (app.reportError), the
 * reviewer's console to the server's log (POST /console/client-errors), so "出错了，已记录" is true.
 */
export const clientErrorSchema = z.object({
  kind: z.enum(['render', 'error', 'rejection']),
  message: z.string().max(2000),
  stack: z.string().max(8000).default(''),
  /** Which screen, or the component stack of a render error (first lines). */
  where: z.string().max(2000).default(''),
});
export type ClientError = z.infer<typeof clientErrorSchema>;
export type ClientErrorKind = ClientError['kind'];
