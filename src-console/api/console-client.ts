import { API_PREFIX, SYNC_API, type SyncRequest, type SyncResponse, type SyncRoute } from '../../src-shared/contract/sync-api.js';

/**
 * The console's only way to the server: the contract's routes (SYNC_API) over fetch, the token of
 * this browser tab in sessionStorage (gone when the tab closes, never in a cookie), every answer parsed
 * with the route's response schema. Errors stay data: `{ ok: false, error }` with the server's Chinese
 * message, or ours when the network or the answer is the problem.
 */

export interface ConsoleError {
  code: string;
  message: string;
  status: number;
}
export type ConsoleResult<T> = { ok: true; value: T } | { ok: false; error: ConsoleError };

const TOKEN_KEY = 'zfbm-console-token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Told when the session is over for good (the account disabled; no one to sign in again): the login page. */
let onSessionEnded: (message: string) => void = () => {};
export function whenSessionEnds(listener: (message: string) => void): void {
  onSessionEnded = listener;
}

/**
 * Asked when the server refuses the token of someone still at work (expired, signed out elsewhere, the
 * server restarted with its sessions gone): sign in again over the page and answer true with the new
 * token stored, or false when the reviewer gave up (the handler has then signed out). Registered only
 * while someone is signed in; without it a refused token ends the session as before.
 */
export type Reauthenticate = (message: string) => Promise<boolean>;
let reauthenticate: Reauthenticate | null = null;
export function whenSessionLapses(handler: Reauthenticate | null): void {
  reauthenticate = handler;
}
/** The sign-in being asked for: every request that meets a refused token, or starts meanwhile, waits on it. */
let lapse: Promise<boolean> | null = null;
function signInAgain(message: string, handler: Reauthenticate): Promise<boolean> {
  // The handler runs a tick later, once `lapse` is set: anything it starts already waits on it.
  lapse ??= Promise.resolve()
    .then(() => handler(message))
    .catch(() => false)
    .finally(() => {
      lapse = null;
    });
  return lapse;
}
/** How often one request is sent again after a refused token before it gives up with the server's error. */
const MAX_RETRIES = 3;

/** A token the server no longer accepts: signing in again helps. */
const TOKEN_REFUSED = new Set(['auth.token_expired', 'auth.token_invalid', 'auth.token_missing']);
/** The account itself is refused: the login page with the server's words. */
const ACCOUNT_REFUSED = new Set(['auth.disabled']);
/** Calls that are the sign-in and sign-out themselves: they never wait for or ask for a sign-in. */
const SESSION_PATHS = new Set(['/auth/login', '/auth/logout']);

function networkError(e: unknown): ConsoleError {
  return { code: 'network', status: 0, message: `连接不上服务器（${e instanceof Error ? e.message : String(e)}）。请检查网络后重试。` };
}

async function errorOf(res: Response): Promise<ConsoleError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return { code: body.error.code ?? 'unknown', message: body.error.message, status: res.status };
  } catch {
    // not JSON: a proxy's page, say
  }
  return { code: 'unknown', status: res.status, message: `服务器返回了错误（HTTP ${res.status}）。请稍后重试；如果一直出现，请联系管理员。` };
}

async function send(method: string, path: string, init: { json?: unknown; bytes?: Blob; query?: Record<string, unknown> } = {}): Promise<ConsoleResult<Response>> {
  const sessionCall = SESSION_PATHS.has(path);
  for (let retries = 0; ; retries++) {
    // A sign-in being asked for: wait for it rather than send a token the server will refuse.
    if (lapse && !sessionCall) await lapse;
    const token = storedToken();
    const res = await sendOnce(method, path, token, init);
    if (!res.ok || res.value.ok) return res.ok ? { ok: true, value: res.value } : res;
    const error = await errorOf(res.value);
    if (sessionCall) return { ok: false, error };
    if (ACCOUNT_REFUSED.has(error.code)) {
      storeToken(null);
      onSessionEnded(error.message);
      return { ok: false, error };
    }
    if (!(res.value.status === 401 || TOKEN_REFUSED.has(error.code))) return { ok: false, error };
    const handler = reauthenticate;
    if (handler && retries < MAX_RETRIES) {
      // Signed in again while this one was on its way: send it again with the new token, no question.
      const current = storedToken();
      if (current && current !== token) continue;
      if (await signInAgain(error.message, handler)) continue;
      return { ok: false, error };
    }
    storeToken(null);
    onSessionEnded(error.message);
    return { ok: false, error };
  }
}

/** One try: the answer whatever its status, or a network error. */
async function sendOnce(
  method: string,
  path: string,
  token: string | null,
  init: { json?: unknown; bytes?: Blob; query?: Record<string, unknown> },
): Promise<ConsoleResult<Response>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (init.bytes) {
    headers['content-type'] = 'application/octet-stream';
    body = init.bytes;
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const url = API_PREFIX + path + (qs.size > 0 ? `?${qs}` : '');
  try {
    return { ok: true, value: await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) }) };
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
}

function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
}

/** One route of the contract. GET sends `input` as the query string; the others as the JSON body. */
export async function callApi<K extends SyncRoute>(
  key: K,
  input?: SyncRequest<K>,
  params?: Record<string, string | number>,
): Promise<ConsoleResult<SyncResponse<K>>> {
  const spec = SYNC_API[key];
  const path = fillPath(spec.path, params);
  const res = await send(spec.method, path, spec.method === 'GET' ? { query: (input ?? {}) as Record<string, unknown> } : { json: input ?? {} });
  if (!res.ok) return res;
  let json: unknown;
  try {
    json = await res.value.json();
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
  const parsed = spec.response.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: { code: 'unexpected_answer', status: res.value.status, message: '服务器的回答与控制台的版本不符。请刷新页面（Ctrl+F5）；如果仍然出现，请联系管理员。' } };
  }
  return { ok: true, value: parsed.data as SyncResponse<K> };
}

/** A route outside the JSON map that sends a file and answers JSON (record imports). */
export async function postFile<T>(path: string, file: Blob, query: Record<string, unknown>, parse: (json: unknown) => T): Promise<ConsoleResult<T>> {
  const res = await send('POST', path, { bytes: file, query });
  if (!res.ok) return res;
  try {
    return { ok: true, value: parse(await res.value.json()) };
  } catch {
    return { ok: false, error: { code: 'unexpected_answer', status: res.value.status, message: '服务器的回答与控制台的版本不符。请刷新页面（Ctrl+F5）后重试。' } };
  }
}

/** Raw bytes with the caller's token (photos, evidence, exports): a Blob, or a Chinese error. */
export async function fetchBlob(path: string, query: Record<string, unknown> = {}): Promise<ConsoleResult<Blob>> {
  const res = await send('GET', path, { query });
  if (!res.ok) return res;
  try {
    return { ok: true, value: await res.value.blob() };
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
}

/** Hands a Blob to the browser as a download under a Chinese file name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
