/** Types of scripts/pg-cluster.mjs, for the benchmarks written in TypeScript. */
export interface Cluster {
  /** The administrator's URL: postgres://postgres@127.0.0.1:<port>/postgres. */
  url: string;
  port: number;
  dir: string;
  dataDir: string;
  logFile: string;
  binDir: string;
  /** Stops the cluster and removes its folder; idempotent, synchronous. */
  stop(): void;
  /** The server log's last lines. */
  logTail(): string;
}
export function findBinDir(): string;
export function startCluster(options?: { durable?: boolean; settings?: string[]; log?: (line: string) => void }): Promise<Cluster>;
