import type { SyncError } from './sync-error.js';

/**
 * The last time this process reached the sync server and the last time it could not, from any
 * request (pull, push, sign-in): what the status bar says about the network, instead of the
 * browser's online flag, which is true while the server is down or the proxy refuses.
 */
export interface ContactView {
  /** ISO UTC of the last answer from the server; '' when none yet. */
  okAt: string;
  /** ISO UTC of the last request that got no answer (or a 5xx, a proxy's page); '' when none. */
  failedAt: string;
  /** Why that one failed, in a few words for the status bar (网络不通 …). */
  failure: string;
  /** The whole message of that failure, what to do included (the status bar's tooltip). */
  detail: string;
}

/** The status bar's few words for each way of not reaching the server. */
const SHORT: Partial<Record<SyncError['kind'], string>> = {
  network: '网络不通或服务器没有开',
  timeout: '连接超时',
  tls: '服务器证书不受信任',
  server: '服务器暂时不可用',
};

export class ServerContact {
  private view: ContactView = { okAt: '', failedAt: '', failure: '', detail: '' };

  constructor(private readonly now: () => Date) {}

  note(failure: SyncError | undefined): void {
    const at = this.now().toISOString();
    this.view = failure ? { ...this.view, failedAt: at, failure: SHORT[failure.kind] ?? '连接出错', detail: failure.message } : { ...this.view, okAt: at };
  }

  get current(): ContactView {
    return { ...this.view };
  }
}
