import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { startTestServer } from './server-helpers.js';

/**
 * Closing the server while an answer is still streaming on a keep-alive connection: its headers went
 * out before close() (so without "connection: close"), and the connection turns idle only after
 * close() has closed the idle ones. It must not hold the close for keepAliveTimeout (72 s): a restart
 * of the service, or a test's afterAll, would wait that long (seen with the update feed's downloads).
 */
it('a keep-alive answer still streaming at close does not hold the close for keepAliveTimeout', async () => {
  const ts = await startTestServer({}, {}, (app) => {
    app.get('/api/v1/test-stream', { config: { access: 'public' } }, async (_request, reply) => {
      let sent = 0;
      const body = new Readable({
        read() {
          sent += 1;
          if (sent === 1) this.push('first part; ');
          else setTimeout(() => this.push(sent < 4 ? 'more; ' : null), 150);
        },
      });
      return reply.header('content-type', 'text/plain').send(body);
    });
  });
  const answer = await fetch(`${ts.url}/api/v1/test-stream`);
  expect(answer.status).toBe(200);
  const text = answer.text();
  const started = Date.now();
  await ts.stop();
  expect(await text).toBe('first part; more; more; ');
  expect(Date.now() - started).toBeLessThan(5_000);
}, 120_000);
