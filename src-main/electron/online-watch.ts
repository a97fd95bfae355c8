/**
 * Calls `onBack` each time the network returns (offline -> online), checked every `intervalMs`:
 * the main process has no online event, so main polls Electron's net.isOnline(). The background
 * pusher is kicked from here, so a queued batch goes as soon as the cable is back rather than at its
 * next retry. Returns the function that stops watching. Plain Node, tested with fake timers.
 */
export function watchOnline(isOnline: () => boolean, onBack: () => void, intervalMs = 10_000): () => void {
  let online = safe(isOnline, true);
  const timer = setInterval(() => {
    const now = safe(isOnline, online);
    if (now && !online) onBack();
    online = now;
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

function safe(f: () => boolean, fallback: boolean): boolean {
  try {
    return f();
  } catch {
    return fallback;
  }
}
