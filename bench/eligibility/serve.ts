// The sync server of bench/eligibility, run by run.ts as a process of its own on a data directory
// run.ts has already seeded (so that the clients and their /healthz probe do not share its event loop).
//   node --import tsx bench/eligibility/serve.ts --data <dir>
// Talks to run.ts over IPC: sends {type:'ready', url} once listening; on 'stop' closes and exits.
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';

const args = process.argv.slice(2);
const i = args.indexOf('--data');
const dataDir = i >= 0 ? args[i + 1] : undefined;
if (!dataDir) throw new Error('--data <seeded data directory> is required');

const app = await buildServer(defaultConfig(dataDir, { port: 0, host: '127.0.0.1', logLevel: 'silent', photoSpec: 'guangxi' }), { logger: false });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

process.on('message', (m: unknown) => {
  if (m === 'stop') void app.close().then(() => process.disconnect());
});
// If run.ts dies or is interrupted, do not linger.
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', url });
