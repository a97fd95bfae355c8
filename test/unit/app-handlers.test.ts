import { describe, expect, it } from 'vitest';
import { appHandlers } from '../../src-main/services/app-handlers.js';

describe('app.reportError', () => {
  it('logs the window error with its stack and where, and at most 30 a minute', () => {
    const logged: Array<[string, unknown]> = [];
    let t = 1_000_000;
    const h = appHandlers((m, e) => logged.push([m, e]), () => t);
    expect(h['app.reportError']({ kind: 'render', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at Page', where: '人员导入' })).toEqual({ ok: true });
    expect(logged[0]![0]).toBe('window render error at 人员导入');
    expect((logged[0]![1] as Error).stack).toContain('at Page');
    for (let i = 0; i < 100; i++) h['app.reportError']({ kind: 'error', message: `e${i}`, stack: '', where: '' });
    expect(logged).toHaveLength(30);
    t += 60_000;
    h['app.reportError']({ kind: 'rejection', message: 'later', stack: '', where: '' });
    expect(logged.map(([m]) => m).slice(-2)).toEqual(['window: 71 more error reports in that minute were not logged', 'window rejection error']);
  });
});
