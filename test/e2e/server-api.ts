/**
 * The sync server's HTTP API as a test or a seed calls it (what the desktop or the console would send):
 * JSON in and out, or raw bytes for a blob; a refusal throws with the server's answer, so the test or
 * the seed fails at the call. It needs nothing but fetch, so a Playwright spec imports it without
 * loading the server's own code (test/e2e/seed/server-seed.ts re-exports it for the seeds).
 */
export type ServerCall = (method: string, route: string, token: string | undefined, body?: unknown, raw?: Buffer) => Promise<unknown>;

export function serverCaller(url: string): ServerCall {
  return async (method, route, token, body, raw) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (raw) headers['content-type'] = 'application/octet-stream';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + route, { method, headers, ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}
