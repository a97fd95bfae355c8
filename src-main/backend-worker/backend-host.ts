import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { DesktopError, Result } from '../../src-shared/contract/desktop-api.js';
import type { ProgressEntry } from '../services/progress-hub.js';
import type { TokenStore } from '../sync/token-store.js';
import { deserializeError, fromWorkerSchema, type BackendWorkerConfig, type FromWorker, type ToWorker } from './protocol.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * Main's side of the backend worker (protocol.ts): starts the worker thread, sends each desktop-api
 * call with an id and hands back the Result that comes with that id, whatever order answers arrive
 * in. It answers the worker's callbacks (the system proxy) and keeps the token store current, passes
 * progress on, and survives the worker: when the thread dies, every call in flight is answered with a
 * Chinese error and a new worker is started (at most `restarts.max` times in `restarts.windowMs`).
 * A backend that cannot open its store (a newer database, a folder in use) is not restarted: every
 * call gets that message. Plain Node, tested without Electron.
 */
export interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface BackendHostOptions {
  /** The bundled worker entry (out/main/backend-worker.js). */
  workerFile: string | URL;
  config: Omit<BackendWorkerConfig, 'token' | 'systemProxy'>;
  /** Main's token store (safeStorage in the app); the worker reads it through the host. */
  tokens: TokenStore;
  /** Chromium's proxy for a URL (the app); without it the worker uses HTTPS_PROXY and friends. */
  systemProxy?: (url: string) => Promise<string>;
  log?: (message: string, error?: unknown) => void;
  /** Added to the worker's copy of process.env. */
  env?: Record<string, string>;
  restarts?: { max: number; windowMs: number; delayMs: number };
  /** How long `close()` waits for the worker to finish its calls and close the store. */
  closeTimeoutMs?: number;
  createWorker?: (file: string | URL, options: WorkerOptions) => WorkerLike;
}

export const BACKEND_CRASHED: DesktopError = {
  code: 'backend.crashed',
  message: '后台处理程序意外停止了，这次操作可能没有完成。报名助手已自动重新启动后台，请查看结果后重试；如果一再出现，请把日志文件发给技术支持。',
};
export const BACKEND_FAILED: DesktopError = {
  code: 'backend.failed',
  message: '后台处理程序接连出错，已停止重启。请关闭报名助手后重新打开；如果仍然出现，请把日志文件发给技术支持。',
};
export const BACKEND_CLOSING: DesktopError = { code: 'closing', message: '报名助手正在退出，这次操作没有执行。' };

/** start() failed: `error.message` is Chinese and says what to do. */
export class BackendStartError extends CodedError {
  override name = 'BackendStartError';
  constructor(readonly error: DesktopError) {
    super(error.code, error.message, { userFacing: true });
  }
}

type State = 'idle' | 'starting' | 'ready' | 'restarting' | 'failed' | 'closing' | 'closed';
type Answer = (result: Result<unknown>) => void;

export class BackendHost {
  private worker: WorkerLike | undefined;
  private state: State = 'idle';
  private nextId = 1;
  private readonly pending = new Map<number, Answer>();
  private queued: Array<{ method: string; input: unknown; answer: Answer }> = [];
  private failure: DesktopError | undefined;
  private lastError: Error | undefined;
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private startWaiters: Array<{ resolve: () => void; reject: (e: BackendStartError) => void }> = [];
  private closed: Promise<void> | undefined;
  private onExitWhileClosing: (() => void) | undefined;
  private readonly progressListeners = new Set<(entries: ProgressEntry[]) => void>();
  private readonly restarts: { max: number; windowMs: number; delayMs: number };
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly opts: BackendHostOptions) {
    this.restarts = opts.restarts ?? { max: 3, windowMs: 60_000, delayMs: 500 };
    this.log = opts.log ?? (() => undefined);
  }

  get status(): State {
    return this.state;
  }

  /** Resolves when the backend is open; rejects with BackendStartError when it cannot open. */
  start(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state === 'failed') return Promise.reject(new BackendStartError(this.failure ?? BACKEND_FAILED));
    if (this.state === 'closing' || this.state === 'closed') return Promise.reject(new BackendStartError(BACKEND_CLOSING));
    const waiting = new Promise<void>((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    if (this.state === 'idle') this.spawn();
    return waiting;
  }

  /** One desktop-api call; never rejects. */
  call(method: string, input: unknown): Promise<Result<unknown>> {
    return new Promise((answer) => {
      switch (this.state) {
        case 'failed':
          return answer({ ok: false, error: this.failure ?? BACKEND_FAILED });
        case 'closing':
        case 'closed':
          return answer({ ok: false, error: BACKEND_CLOSING });
        case 'ready':
          return this.send(method, input, answer);
        case 'idle':
          this.start().catch(() => undefined);
          this.queued.push({ method, input, answer });
          return;
        default:
          this.queued.push({ method, input, answer });
      }
    });
  }

  /** Wakes the background pusher (the network came back, the PC woke up). */
  kick(): void {
    if (this.state === 'ready') this.post({ t: 'kick' });
  }

  /** Progress of long jobs as the worker reports it; returns the unsubscribe function. */
  onProgress(listener: (entries: ProgressEntry[]) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Lets the calls in flight finish, closes the store and ends the worker (terminated after closeTimeoutMs). */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    clearTimeout(this.restartTimer);
    const wasFailed = this.state === 'failed';
    this.state = 'closing';
    this.flushQueued({ ok: false, error: BACKEND_CLOSING });
    for (const w of this.startWaiters.splice(0)) w.reject(new BackendStartError(BACKEND_CLOSING));
    const worker = this.worker;
    if (worker && !wasFailed) {
      const exited = new Promise<void>((resolve) => (this.onExitWhileClosing = resolve));
      this.post({ t: 'close' });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.opts.closeTimeoutMs ?? 10_000)));
      if ((await Promise.race([exited, timedOut])) === 'timeout') {
        this.log('backend worker did not close in time; terminating it (the outbox resumes next start)');
        await worker.terminate();
      }
      clearTimeout(timer);
    } else if (worker) {
      await worker.terminate();
    }
    this.worker = undefined;
    this.answerPending({ ok: false, error: BACKEND_CLOSING });
    this.state = 'closed';
  }

  private spawn(): void {
    this.state = this.state === 'restarting' ? 'restarting' : 'starting';
    let token;
    try {
      token = this.opts.tokens.load();
    } catch (e) {
      this.log('loading the stored sign-in failed; starting signed out', e);
    }
    const workerData: BackendWorkerConfig = { ...this.opts.config, ...(token ? { token } : {}), systemProxy: this.opts.systemProxy !== undefined };
    const options: WorkerOptions = { workerData, ...(this.opts.env ? { env: { ...process.env, ...this.opts.env } } : {}) };
    let worker: WorkerLike;
    try {
      worker = (this.opts.createWorker ?? ((file, o) => new Worker(file, o)))(this.opts.workerFile, options);
    } catch (e) {
      this.lastError = e instanceof Error ? e : new Error(String(e));
      this.giveUp({ code: 'backend.start', message: `报名助手的后台没能启动（${this.lastError.message}）。安装可能不完整，请重新安装。` }, e);
      return;
    }
    this.worker = worker;
    this.lastError = undefined;
    worker.on('message', (raw) => {
      if (this.worker === worker) this.onMessage(worker, raw);
    });
    worker.on('error', (e) => {
      if (this.worker === worker) this.lastError = e;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.onExit(code);
    });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private send(method: string, input: unknown, answer: Answer): void {
    const id = this.nextId++;
    this.pending.set(id, answer);
    try {
      this.post({ t: 'call', id, method, input });
    } catch (e) {
      this.pending.delete(id);
      this.log(`desktop-api ${method}: the input could not be sent to the backend`, e);
      answer({ ok: false, error: { code: 'invalid_input', message: '提交的内容格式不对，请检查后重试。' } });
    }
  }

  private flushQueued(result?: Result<unknown>): void {
    for (const q of this.queued.splice(0)) {
      if (result) q.answer(result);
      else this.send(q.method, q.input, q.answer);
    }
  }

  private answerPending(result: Result<unknown>): void {
    const answers = [...this.pending.values()];
    this.pending.clear();
    for (const a of answers) a(result);
  }

  private emitProgress(entries: ProgressEntry[]): void {
    for (const l of this.progressListeners) {
      try {
        l(entries);
      } catch (e) {
        this.log('a progress listener failed', e);
      }
    }
  }

  private onMessage(worker: WorkerLike, raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.log('backend host: a message from the worker was not understood', parsed.error);
      return;
    }
    const msg: FromWorker = parsed.data;
    switch (msg.t) {
      case 'ready':
        if (this.state !== 'starting' && this.state !== 'restarting') return;
        this.state = 'ready';
        for (const w of this.startWaiters.splice(0)) w.resolve();
        this.flushQueued();
        return;
      case 'fatal':
        this.giveUp(msg.error, msg.cause ? deserializeError(msg.cause) : undefined);
        void worker.terminate();
        return;
      case 'result': {
        const answer = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        answer?.(msg.result);
        return;
      }
      case 'progress':
        this.emitProgress(msg.entries);
        return;
      case 'rpc': {
        const reply = (r: { ok: true; value: unknown } | { ok: false; message: string }) => {
          if (this.worker === worker) this.post(r.ok ? { t: 'reply', id: msg.id, ok: true, value: r.value } : { t: 'reply', id: msg.id, ok: false, value: undefined, message: r.message });
        };
        if (msg.method === 'systemProxy' && this.opts.systemProxy) {
          this.opts.systemProxy(msg.args[0] ?? '').then(
            (value) => reply({ ok: true, value }),
            (e: unknown) => {
              this.log('resolving the system proxy failed', e);
              reply({ ok: false, message: e instanceof Error ? e.message : String(e) });
            },
          );
        } else {
          reply({ ok: false, message: `main does not answer ${msg.method}` });
        }
        return;
      }
      case 'token.save':
        try {
          this.opts.tokens.save(msg.token);
        } catch (e) {
          this.log('keeping the sign-in failed (it lasts until the app closes)', e);
        }
        return;
      case 'token.clear':
        try {
          this.opts.tokens.clear();
        } catch (e) {
          this.log('removing the stored sign-in failed', e);
        }
        return;
      case 'log':
        this.log(`[backend] ${msg.message}`, msg.error ? deserializeError(msg.error) : undefined);
        return;
    }
  }

  /** The backend cannot be used: every call from now on is answered with `error`. */
  private giveUp(error: DesktopError, cause?: unknown): void {
    this.failure = error;
    this.state = 'failed';
    this.log(`backend unavailable: ${error.message}`, cause);
    for (const w of this.startWaiters.splice(0)) w.reject(new BackendStartError(error));
    this.flushQueued({ ok: false, error });
    this.answerPending({ ok: false, error });
  }

  private onExit(code: number): void {
    this.worker = undefined;
    if (this.state === 'closing') {
      this.onExitWhileClosing?.();
      return;
    }
    if (this.state === 'failed' || this.state === 'closed') return;
    this.log(`backend worker stopped unexpectedly (exit code ${code})`, this.lastError);
    this.answerPending({ ok: false, error: BACKEND_CRASHED });
    // Whatever was in progress died with the thread.
    this.emitProgress([]);
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.restarts.windowMs), now];
    if (this.crashes.length > this.restarts.max) {
      this.giveUp(BACKEND_FAILED, this.lastError);
      return;
    }
    this.state = 'restarting';
    this.restartTimer = setTimeout(() => {
      if (this.state === 'restarting') this.spawn();
    }, this.restarts.delayMs);
  }
}
