/**
 * The frame every e2e seed script (test/e2e/start-*.ts) shares: it prints one JSON line with what it
 * seeded (backend-child.ts waits for it), then runs until killed and undoes its work on SIGTERM/SIGINT.
 */

type Cleanup = () => unknown;

/** Prints the seed's one line, then on a signal runs the clean-ups in order (each awaited, failures ignored) and exits 0. */
export function publishUntilKilled(info: Record<string, unknown>, cleanups: readonly Cleanup[]): void {
  process.stdout.write(JSON.stringify(info) + '\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      for (const cleanup of cleanups) {
        try {
          await cleanup();
        } catch (e) {
          process.stderr.write(`seed clean-up: ${String(e)}\n`);
        }
      }
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Writes the seed's own log line (stderr, which the spec can read). */
export function seedLog(message: string, error: unknown): void {
  process.stderr.write(`${message}: ${String(error)}\n`);
}
