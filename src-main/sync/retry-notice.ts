/**
 * What the clerk reads while a push waits to try again: why, and when, both as "in N seconds" and as
 * the clock time (she may look away and back).
 */
export function retryNotice(reason: string, at: Date, now: Date): string {
  const s = Math.max(1, Math.round((at.getTime() - now.getTime()) / 1000));
  const after = s < 120 ? `${s} 秒后` : `${Math.round(s / 60)} 分钟后`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${reason.replace(/[。.]$/, '')}。将在 ${after}（${clock}）自动重试。`;
}
