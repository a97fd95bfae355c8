import type { DesktopError, Result } from '../../src-shared/contract/desktop-api.js';
import { desktopErrorOf, INTERNAL_ERROR } from '../services/desktop-error.js';
import type { DesktopBackendOptions } from '../services/desktop-backend.js';
import type { ProgressEntry } from '../services/progress-hub.js';
import type { StoredToken, TokenStore } from '../sync/token-store.js';
import { backendWorkerConfigSchema, serializeError, toWorkerSchema, type FromWorker, type RpcMethod } from './protocol.js';

/**
 * The worker thread's side of the protocol (protocol.ts), independent of what it serves: it opens
 * the backend with a token store and a system-proxy function that talk to main, answers each call
 * with the backend's Result under the call's id, passes progress to main and, on `close`, lets the
 * calls in flight finish before it closes the backend (the store) and ends the thread.
 * worker-main.ts runs it with the real backend; tests run it with stand-ins.
 */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** What the worker needs of a backend: DesktopBackend satisfies it. */
export interface ServedBackend {
  handlers: { handle(method: string, input: unknown): Promise<Result<unknown>> };
  progress: { subscribe(listener: (entries: ProgressEntry[]) => void): () => void };
  runner: { kick(): void };
  /** The background puller: also asked when the network returns or the PC wakes. */
  puller?: { nudge(): void };
  close(): Promise<void>;
}

export type OpenBackend = (opts: DesktopBackendOptions) => ServedBackend | Promise<ServedBackend>;

const CLOSING = '报名助手正在退出，这次操作没有执行。';

/**
 * The token as main last loaded it, kept in memory for the worker's synchronous TokenStore; every
 * change goes to main, which writes it encrypted. Messages keep their order, so main ends with the
 * last state even when a save and a clear follow each other quickly.
 */
export class WorkerTokenStore implements TokenStore {
  constructor(
    private token: StoredToken | undefined,
    private readonly post: (message: FromWorker) => void,
  ) {}
  load(): StoredToken | undefined {
    return this.token;
  }
  save(token: StoredToken): void {
    this.token = token;
    this.post({ t: 'token.save', token });
  }
  clear(): void {
    this.token = undefined;
    this.post({ t: 'token.clear' });
  }
}

/**
 * Why the backend did not open, as the clerk should read it: what the desktop-api would answer for
 * the same error (a data folder that cannot be used, a store that is newer or not ours: StoreError
 * says so itself), else the error's own words in a general message.
 */
function openFailure(e: unknown, dataDir: string): DesktopError {
  const known = desktopErrorOf(e, dataDir);
  if (known) return known;
  return { code: 'backend.open', message: `报名助手的后台没能启动：${e instanceof Error ? e.message : String(e)}。请重新打开程序；如果一直出现，请把日志文件发给技术支持。` };
}

export function runBackendWorker(port: PortLike, rawConfig: unknown, open: OpenBackend, exit: (code: number) => void = (code) => process.exit(code)): void {
  const post = (message: FromWorker) => port.postMessage(message);
  const log = (message: string, error?: unknown) => post({ t: 'log', message, ...(error !== undefined ? { error: serializeError(error) } : {}) });

  const parsedConfig = backendWorkerConfigSchema.safeParse(rawConfig);
  if (!parsedConfig.success) {
    post({ t: 'fatal', error: { code: 'backend.config', message: '报名助手的后台收到的设置不对，没能启动。请重新安装程序。' }, cause: serializeError(parsedConfig.error) });
    return;
  }
  const config = parsedConfig.data;

  let nextRpc = 1;
  const rpcs = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const rpc = (method: RpcMethod, args: string[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextRpc++;
      rpcs.set(id, { resolve, reject });
      post({ t: 'rpc', id, method, args });
    });

  let backend: ServedBackend | undefined;
  let unsubscribe: (() => void) | undefined;
  let closing = false;
  const inflight = new Set<Promise<void>>();

  const close = async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([...inflight]);
    unsubscribe?.();
    try {
      await backend?.close();
    } catch (e) {
      log('closing the backend failed', e);
    }
    exit(0);
  };

  port.on('message', (raw) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      log('backend worker: a message from main was not understood', parsed.error);
      return;
    }
    const msg = parsed.data;
    switch (msg.t) {
      case 'call': {
        if (closing || !backend) {
          post({ t: 'result', id: msg.id, result: { ok: false, error: { code: closing ? 'closing' : 'not_ready', message: closing ? CLOSING : '报名助手的后台还没有准备好，请稍后重试。' } } });
          return;
        }
        const p: Promise<void> = backend.handlers
          .handle(msg.method, msg.input)
          .catch((e: unknown): Result<unknown> => {
            log(`desktop-api ${msg.method} threw`, e);
            return { ok: false, error: INTERNAL_ERROR };
          })
          .then((result) => {
            try {
              post({ t: 'result', id: msg.id, result });
            } catch (e) {
              // An answer that cannot cross the thread boundary (structured clone) is a fault of ours.
              log(`desktop-api ${msg.method}: the answer could not be sent to the window`, e);
              post({ t: 'result', id: msg.id, result: { ok: false, error: INTERNAL_ERROR } });
            }
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
        return;
      }
      case 'kick':
        backend?.runner.kick();
        // Decisions made while the PC slept or was offline come in now, not minutes later.
        backend?.puller?.nudge();
        return;
      case 'close':
        void close();
        return;
      case 'reply': {
        const waiting = rpcs.get(msg.id);
        rpcs.delete(msg.id);
        if (msg.ok) waiting?.resolve(msg.value);
        else waiting?.reject(new Error(msg.message ?? 'main could not answer'));
        return;
      }
    }
  });

  const opts: DesktopBackendOptions = {
    dataDir: config.dataDir,
    tokens: new WorkerTokenStore(config.token, post),
    runOutbox: config.runOutbox,
    log: (message, error) => log(message, error),
    ...(config.today ? { today: () => config.today! } : {}),
    ...(config.systemProxy ? { systemProxy: async (url: string) => String(await rpc('systemProxy', [url])) } : {}),
  };
  Promise.resolve()
    .then(() => open(opts))
    .then(
      (b) => {
        backend = b;
        unsubscribe = b.progress.subscribe((entries) => post({ t: 'progress', entries }));
        post({ t: 'ready' });
      },
      (e: unknown) => post({ t: 'fatal', error: openFailure(e, config.dataDir), cause: serializeError(e) }),
    );
}
