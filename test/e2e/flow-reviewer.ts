import { serverCaller } from './server-api.js';

/**
 * The county reviewer of the clerk's whole job, at the server's API as the console would call it:
 * signs in (changing the first password) at the first decision, then decides, reads the queue and the
 * batches, and marks a batch 已交费. Every refusal fails the test with the server's answer.
 */
export type Reviewer = ReturnType<typeof reviewerAt>;
type Pending = { persons: Array<{ personId: number; version: number; name: string }> };
export type ReviewBatch = { batchId: string; payment?: { info: { transferRef: string } | null; awaitingPayment: number } };

export function reviewerAt(serverUrl: string, account: { username: string; password: string }) {
  const call = serverCaller(serverUrl);
  let token = '';
  const api = async (method: string, route: string, body?: unknown) => {
    if (!token) {
      token = ((await call('POST', '/api/v1/auth/login', undefined, account)) as { token: string }).token;
      await call('POST', '/api/v1/auth/change-password', token, { oldPassword: account.password, newPassword: 'Reviewer2026ok' });
    }
    return call(method, `/api/v1${route}`, token, body);
  };
  const pending = async () => ((await api('GET', '/review/pending')) as Pending).persons;
  return {
    /** Decides on everyone waiting that `pick` chooses; how many that were. */
    async decide(pick: (p: { name: string }) => boolean, result: 'approved' | 'rejected', comment = ''): Promise<number> {
      const items = (await pending()).filter(pick).map((p) => ({ personId: p.personId, version: p.version }));
      await api('POST', '/review/decisions', { items, result, comment });
      return items.length;
    },
    /** The version of `name` waiting in the queue (0: not waiting). */
    async waitingVersion(name: string): Promise<number> {
      return (await pending()).find((p) => p.name === name)?.version ?? 0;
    },
    async batches(): Promise<ReviewBatch[]> {
      return ((await api('GET', '/review/batches')) as { batches: ReviewBatch[] }).batches;
    },
    async markPaid(batchId: string): Promise<void> {
      await api('POST', `/review/batches/${batchId}/payment`, { paid: true });
    },
  };
}
