import { z } from 'zod';
import { desktopErrorSchema, progressEntrySchema } from '../../src-shared/contract/desktop-api.js';
import { storedTokenSchema } from '../sync/token-store.js';

/**
 * The messages between the Electron main thread (the host) and the backend worker thread, which
 * owns the SQLite store, the photo work and the background pusher. Both sides parse what they
 * receive with these schemas. Calls and callbacks carry an id so that concurrent ones are matched
 * to their answers.
 *
 * Main keeps what needs Electron: the login token (safeStorage) and the system proxy (Chromium's
 * resolveProxy). The worker starts with the token main loaded (`BackendWorkerConfig.token`), keeps
 * it in memory and tells main each change, so its TokenStore stays synchronous; the proxy is an
 * asynchronous callback (`rpc`).
 */

/** Given to the worker as workerData. */
export const backendWorkerConfigSchema = z.object({
  dataDir: z.string().min(1),
  runOutbox: z.boolean().default(true),
  /** The login token main holds, if any. */
  token: storedTokenSchema.optional(),
  /** Pins "today" for the rules (tests); YYYY-MM-DD. */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Whether main can answer systemProxy (the app: yes; the plain-Node bridge: no, env variables are used). */
  systemProxy: z.boolean().default(false),
});
export type BackendWorkerConfig = z.input<typeof backendWorkerConfigSchema>;

export const serializedErrorSchema = z.object({ name: z.string(), message: z.string(), stack: z.string().optional() });
export type SerializedError = z.infer<typeof serializedErrorSchema>;

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}

/** Back into an Error for the log, keeping the worker's stack. */
export function deserializeError(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

const resultSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: desktopErrorSchema })]);

export const toWorkerSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int(), method: z.string(), input: z.unknown() }),
  z.object({ t: z.literal('kick') }),
  z.object({ t: z.literal('close') }),
  /** Main's answer to an `rpc`: the value, or the reason it failed. */
  z.object({ t: z.literal('reply'), id: z.number().int(), ok: z.boolean(), value: z.unknown(), message: z.string().optional() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const rpcMethodSchema = z.enum(['systemProxy']);
export type RpcMethod = z.infer<typeof rpcMethodSchema>;

export const fromWorkerSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  /** The backend could not open (a newer database, a locked or unwritable folder): not retried. */
  z.object({ t: z.literal('fatal'), error: desktopErrorSchema, cause: serializedErrorSchema.optional() }),
  z.object({ t: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ t: z.literal('progress'), entries: z.array(progressEntrySchema) }),
  z.object({ t: z.literal('rpc'), id: z.number().int(), method: rpcMethodSchema, args: z.array(z.string()) }),
  z.object({ t: z.literal('token.save'), token: storedTokenSchema }),
  z.object({ t: z.literal('token.clear') }),
  z.object({ t: z.literal('log'), message: z.string(), error: serializedErrorSchema.optional() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
