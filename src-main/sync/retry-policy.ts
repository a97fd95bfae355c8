/**
 * When to try a failed push again: exponential backoff with jitter (so a hundred PCs that lost the
 * network together do not return together), at least what the server asked for (Retry-After), never
 * more than MAX_DELAY_MS apart.
 */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;

export function retryDelayMs(attempt: number, retryAfterMs = 0, random: () => number = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 20));
  const jittered = exp * (0.5 + random() * 0.5);
  return Math.min(MAX_DELAY_MS, Math.max(jittered, retryAfterMs));
}
