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
  /** Why that one failed, Chinese. */
  failure: string;
}

export class ServerContact {
  private view: ContactView = { okAt: '', failedAt: '', failure: '' };

  constructor(private readonly now: () => Date) {}

  note(failure: SyncError | undefined): void {
    const at = this.now().toISOString();
    this.view = failure ? { ...this.view, failedAt: at, failure: failure.message } : { ...this.view, okAt: at };
  }

  get current(): ContactView {
    return { ...this.view };
  }
}
