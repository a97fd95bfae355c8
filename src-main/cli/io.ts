/** What a command may do to the terminal; tests and the CLI entry supply it. */
export interface CliIo {
  /** Writes to stdout and resolves once the data is handed to the OS (large JSON documents). */
  out(text: string): Promise<void>;
  err(text: string): void;
  /** A transient progress line on stderr ('' clears it). */
  progress(text: string): void;
  stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    out: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (e) => (e ? reject(e) : resolve()));
      }),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
    progress: (text) => void process.stderr.write(`\r\x1b[K${text}`),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
