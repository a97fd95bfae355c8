import { describe, expect, it } from 'vitest';
import { MAX_REPORTS_PER_PAGE, clientErrorOf, componentStackHead, createErrorReporter, reportWindowErrors, type ErrorEventSource } from '../../src-shared/client-error-report.js';
import { clientErrorSchema, type ClientError } from '../../src-shared/contract/client-error.js';

/** Issue 16: what the windows report about their own failures, and that reporting never loops. */

describe('clientErrorOf', () => {
  it('names the error, keeps its stack, and fits the schema however long the parts are', () => {
    const e = new TypeError('x'.repeat(5_000));
    e.stack = 's'.repeat(20_000);
    const r = clientErrorOf('render', e, 'w'.repeat(5_000));
    expect(r.message.startsWith('TypeError: xxx')).toBe(true);
    expect(r.message.length).toBe(500);
    expect(r.stack.length).toBe(3_000);
    expect(r.where.length).toBe(1_000);
    expect(clientErrorSchema.parse(r)).toEqual(r);
    // Even all Chinese, the JSON stays under the console route's 16 KB.
    const chinese = clientErrorOf('error', new Error('错'.repeat(5_000)), '错'.repeat(5_000));
    expect(Buffer.byteLength(JSON.stringify(chinese))).toBeLessThan(16 * 1024);
  });

  it('describes what is thrown that is not an Error', () => {
    expect(clientErrorOf('rejection', 'plain text')).toEqual({ kind: 'rejection', message: 'plain text', stack: '', where: '' });
    expect(clientErrorOf('rejection', { code: 7 }).message).toBe('{"code":7}');
    expect(clientErrorOf('rejection', undefined).message).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(clientErrorOf('rejection', cyclic).message).toBe('[object Object]');
  });

  it('keeps the first lines of a component stack', () => {
    expect(componentStackHead('\n    at QueuePage\n    at ConsoleShell\n    at App', 2)).toBe('at QueuePage\nat ConsoleShell');
    expect(componentStackHead(undefined)).toBe('');
  });
});

describe('createErrorReporter', () => {
  it('sends at most MAX_REPORTS_PER_PAGE, and a send that throws or rejects is dropped, not reported', async () => {
    const sent: ClientError[] = [];
    let mode: 'ok' | 'throw' | 'reject' = 'ok';
    const report = createErrorReporter(async (r) => {
      if (mode === 'throw') throw new Error('bridge gone');
      if (mode === 'reject') return Promise.reject(new Error('network'));
      sent.push(r);
    });
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      mode = 'throw';
      report(clientErrorOf('error', 'a'));
      mode = 'reject';
      report(clientErrorOf('error', 'b'));
      await new Promise((r) => setTimeout(r, 10));
      expect(rejections).toEqual([]);
      mode = 'ok';
      for (let i = 0; i < MAX_REPORTS_PER_PAGE + 10; i++) report(clientErrorOf('error', `n${i}`));
      await new Promise((r) => setTimeout(r, 10));
      // The two failed ones counted too: a page that cannot report stops trying.
      expect(sent).toHaveLength(MAX_REPORTS_PER_PAGE - 2);
      expect(sent[0]!.message).toBe('n0');
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('reportWindowErrors', () => {
  it('reports error events as errors and rejections as rejections until removed', () => {
    // Node's own EventTarget stands in for the window.
    const target = new EventTarget();
    const source = target as unknown as ErrorEventSource;
    const fire = (type: string, fields: object) => target.dispatchEvent(Object.assign(new Event(type), fields));
    const got: ClientError[] = [];
    const remove = reportWindowErrors(source, (r) => got.push(r));
    fire('error', { error: new RangeError('bad date'), message: 'Uncaught RangeError: bad date' });
    fire('error', { message: 'Script error.' });
    fire('unhandledrejection', { reason: new Error('nobody caught') });
    remove();
    fire('error', { error: new Error('after removal') });
    expect(got.map((r) => [r.kind, r.message])).toEqual([
      ['error', 'RangeError: bad date'],
      ['error', 'Script error.'],
      ['rejection', 'Error: nobody caught'],
    ]);
  });
});
