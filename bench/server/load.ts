import http from 'node:http';

/**
 * The clients of bench/server: `concurrency` keep-alive connections (node:http, one Agent per load)
 * taking requests from one list until it is empty, each timed from the first byte sent to the last
 * byte of the answer read.
 */

export interface Req {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The statuses that count as success. */
  ok: readonly number[];
}

export interface Answer {
  status: number;
  body: Buffer;
}

export interface LoadResult {
  /** Per request, in ms, in the order they finished. */
  latencies: number[];
  wallMs: number;
  requests: number;
  errors: number;
  firstError: string;
  /** Request body bytes sent. */
  bytes: number;
  /** CPU time of this (the clients') process during the load. */
  clientCpuMs: number;
  /** The largest answer body, in bytes. */
  maxAnswerBytes: number;
  /** How many answers had each status. */
  statuses: Record<number, number>;
}

function send(agent: http.Agent, base: URL, r: Req, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...headers, 'content-length': String(r.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** One request on a connection of its own (set-up calls: login, change password). */
export async function call(base: string, method: Req['method'], path: string, body: unknown, token?: string): Promise<{ status: number; json: unknown; text: string }> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const a = await send(agent, new URL(base), { method, path, headers, body: Buffer.from(JSON.stringify(body)), ok: [] }, {});
    const text = a.body.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: a.status, json, text };
  } finally {
    agent.destroy();
  }
}

/** Answer times and failures of a stream of requests, kept the same way by every load. */
interface Tally {
  latencies: number[];
  errors: number;
  firstError: string;
}

/** Sends `r` and counts it in `t`: its time when answered, an error when refused or broken. */
async function sendCounted(t: Tally, agent: http.Agent, url: URL, r: Req, headers: Record<string, string>): Promise<Answer | undefined> {
  const start = performance.now();
  try {
    const a = await send(agent, url, r, headers);
    t.latencies.push(performance.now() - start);
    if (!r.ok.includes(a.status)) {
      t.errors++;
      t.firstError ||= `${r.method} ${r.path}: ${a.status} ${a.body.toString('utf8').slice(0, 300)}`;
    }
    return a;
  } catch (e) {
    t.errors++;
    t.firstError ||= `${r.method} ${r.path}: ${String(e)}`;
    return undefined;
  }
}

/**
 * Sends every request with `concurrency` clients; client c adds `headersFor(c)` (its own token, say).
 * With several `base` URLs (server processes sharing one database), client c talks to base c mod n:
 * round-robin, as a load balancer would spread connections. Failed requests (a refused status or a
 * broken connection) are counted, not thrown.
 */
export async function runLoad(
  base: string | readonly string[],
  reqs: readonly Req[],
  concurrency: number,
  headersFor: (client: number) => Record<string, string> = () => ({}),
): Promise<LoadResult> {
  const urls = (typeof base === 'string' ? [base] : base).map((b) => new URL(b));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const t: Tally = { latencies: [], errors: 0, firstError: '' };
  let bytes = 0;
  let maxAnswerBytes = 0;
  const statuses: Record<number, number> = {};
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      const extra = headersFor(c);
      const url = urls[c % urls.length]!;
      while (next < reqs.length) {
        const r = reqs[next++]!;
        const a = await sendCounted(t, agent, url, r, extra);
        if (!a) continue;
        bytes += r.body.length;
        maxAnswerBytes = Math.max(maxAnswerBytes, a.body.length);
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { ...t, wallMs, requests: reqs.length, bytes, clientCpuMs: (cpu.user + cpu.system) / 1000, maxAnswerBytes, statuses };
}

/**
 * One client sending `r` again and again (keep-alive, `pauseMs` between answers) until `until`
 * settles: a colleague polling while others load the server. Each answer's time in ms; a status
 * outside r.ok is counted as an error.
 */
export async function pollWhile(base: string, r: Req, headers: Record<string, string>, until: Promise<unknown>, pauseMs = 10): Promise<{ latencies: number[]; errors: number; firstError: string }> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  void until.finally(() => (done = true));
  const t: Tally = { latencies: [], errors: 0, firstError: '' };
  while (!done) {
    await sendCounted(t, agent, url, r, headers);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  agent.destroy();
  return t;
}

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
