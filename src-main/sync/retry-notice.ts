import { localClock } from '../../src-shared/local-time.js';

/**
 * What the clerk reads while a push waits to try again: why, and when, both as "in N seconds" and as
 * the clock time (she may look away and back).
 */
export function retryNotice(reason: string, at: Date, now: Date): string {
  const s = Math.max(1, Math.round((at.getTime() - now.getTime()) / 1000));
  const after = s < 120 ? `${s} 秒后` : `${Math.round(s / 60)} 分钟后`;
  return `${reason.replace(/[。.]$/, '')}。将在 ${after}（${localClock(at)}）自动重试。`;
}
