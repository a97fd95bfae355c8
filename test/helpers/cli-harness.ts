/**
 * The CLI as the tests run it: the same bundle `npm run -s cli` runs (scripts/cli-bundle.mjs), given
 * the tests' own deps instead of the real ones. Started by run-cli.ts as
 * `node --import tsx test/helpers/cli-harness.ts <command> …`; the test says what it wants here:
 *
 * - HARNESS_TODAY=YYYY-MM-DD pins the day the rules check against;
 * - HARNESS_FAULT="name" kills the process (SIGKILL: no cleanup, no flush, as a power cut or Task
 *   Manager would) at the first pass of that fault point in a push, "name#3" at the third pass;
 *   "blob.midway" is the middle of a file's upload, with half its bytes on the wire;
 * - HARNESS_INLINE_RULES=1 checks every row on the main thread, never in the rules worker.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliDeps } from '../../src-main/cli/cli-deps.js';
import type { FaultPoints } from '../../src-main/sync/fault-points.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Kills this process at the `wantedHit`-th pass of the point `spec` names ("name" or "name#n"). */
function killingFaults(spec: string): FaultPoints {
  const [wantedName, wantedHitText] = spec.split('#');
  const wantedHit = Number(wantedHitText ?? '1');
  let hits = 0;
  const reach = (name: string) => {
    if (name !== wantedName) return;
    hits += 1;
    if (hits === wantedHit) process.kill(process.pid, 'SIGKILL');
  };
  const faults: FaultPoints = { hit: reach };
  if (wantedName === 'blob.midway') {
    // The same bytes in two halves with the point between them: the process dies mid-upload.
    faults.uploadBody = (bytes) => {
      const half = Math.floor(bytes.length / 2);
      async function* halves(): AsyncGenerator<Buffer> {
        yield bytes.subarray(0, half);
        reach('blob.midway');
        yield bytes.subarray(half);
      }
      return Readable.from(halves(), { objectMode: false });
    };
  }
  return faults;
}

function depsFromEnv(env: NodeJS.ProcessEnv): Partial<CliDeps> {
  const deps: Partial<CliDeps> = {};
  const today = env.HARNESS_TODAY;
  if (today) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`HARNESS_TODAY should be YYYY-MM-DD, not ${today}`);
    deps.today = () => today;
  }
  if (env.HARNESS_FAULT) deps.faults = killingFaults(env.HARNESS_FAULT);
  if (env.HARNESS_INLINE_RULES === '1') deps.inlineRules = true;
  return deps;
}

const { cliBundle } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'cli-bundle.mjs')).href)) as { cliBundle(): Promise<string> };
const { main } = (await import(pathToFileURL(await cliBundle()).href)) as typeof import('../../src-main/cli.js');
await main(process.argv.slice(2), depsFromEnv(process.env));
