import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the sync server (after test/helpers/tcp-proxy.ts) that counts
 * what the desktop sends and can pull the cable once in the middle of the photos.
 *
 * It reads the client → server bytes as HTTP/1.1 requests (request line, headers up to the blank line,
 * then Content-Length bytes of body; the desktop sends nothing chunked) and adds every byte it passes
 * on to the server to a kind of request: photo uploads (PUT /blobs/…, their headers and their bodies
 * apart), the "which files are missing" question, the batch, sign-in, anything else.
 *
 * `cutAtPhotoBytes`: once that many bytes of photo bodies have arrived, the rest of that chunk is
 * dropped and both sides of the connection are destroyed, as a pulled cable would; only once.
 */
export type Kind = 'photoBody' | 'photoHead' | 'missing' | 'batch' | 'auth' | 'other';
export const KINDS: readonly Kind[] = ['photoBody', 'photoHead', 'missing', 'batch', 'auth', 'other'];

export interface ProxyCounts {
  bytes: Record<Kind, number>;
  /** Requests begun, by kind (photo uploads under photoHead). */
  requests: Record<Kind, number>;
  connections: number;
  /** Bytes of the photo body the cut fell in that had arrived before it (0 if no cut). */
  cutPhotoPartial: number;
  /** Size of that photo. */
  cutPhotoSize: number;
  cut: boolean;
}

const zero = (): Record<Kind, number> => ({ photoBody: 0, photoHead: 0, missing: 0, batch: 0, auth: 0, other: 0 });

function kindOf(method: string, path: string): Kind {
  if (method === 'PUT' && /\/blobs\/[0-9a-f]{64}$/.test(path)) return 'photoHead';
  if (method === 'POST' && path.endsWith('/blobs/missing')) return 'missing';
  if (method === 'PUT' && /\/batches\/[^/]+$/.test(path)) return 'batch';
  if (path.includes('/auth/')) return 'auth';
  return 'other';
}

export class CountingProxy {
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  port = 0;
  counts: ProxyCounts = { bytes: zero(), requests: zero(), connections: 0, cutPhotoPartial: 0, cutPhotoSize: 0, cut: false };
  /** A request the proxy could not read (chunked, no length): the counts are then not to be trusted. */
  problem = '';

  constructor(
    private readonly targetPort: number,
    private readonly cutAtPhotoBytes = Number.POSITIVE_INFINITY,
  ) {
    this.server = net.createServer((client) => this.handle(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: net.Socket): void {
    this.counts.connections++;
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    // Back-pressure both ways, as a network would.
    upstream.on('data', (d: Buffer) => {
      if (!client.write(d)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    upstream.on('drain', () => client.resume());

    // Per connection: reading a request's head, or skipping `bodyLeft` bytes of its body.
    let head: Buffer[] = [];
    let headBytes = 0;
    let kind: Kind = 'other';
    let bodyLeft = 0;
    let bodySize = 0;
    let inBody = false;

    client.on('data', (chunk: Buffer) => {
      let off = 0;
      while (off < chunk.length) {
        if (!inBody) {
          // Look for the end of the head in what has come so far (it may straddle chunks).
          const prev = headBytes;
          head.push(chunk.subarray(off));
          const joined = Buffer.concat(head);
          const end = joined.indexOf('\r\n\r\n');
          if (end < 0) {
            headBytes = joined.length;
            head = [joined];
            this.add('other', chunk.length - off);
            off = chunk.length;
            break;
          }
          const headLen = end + 4;
          const text = joined.subarray(0, headLen).toString('latin1');
          const [method = '', path = ''] = text.slice(0, text.indexOf('\r\n')).split(' ');
          kind = kindOf(method, path);
          this.counts.requests[kind]++;
          // The head's bytes that had arrived in earlier chunks were counted as 'other' (the kind was
          // not known yet): move them.
          this.counts.bytes.other -= prev;
          this.add(kind, headLen);
          off += headLen - prev;
          head = [];
          headBytes = 0;
          const len = /\r\ncontent-length:\s*(\d+)/i.exec(text);
          if (/\r\ntransfer-encoding:/i.test(text) && !len) this.problem ||= `a chunked request (${method} ${path}): not counted by kind`;
          bodyLeft = len ? Number(len[1]) : 0;
          bodySize = bodyLeft;
          inBody = bodyLeft > 0;
          if (!inBody) kind = 'other';
        } else {
          const n = Math.min(bodyLeft, chunk.length - off);
          const bodyKind: Kind = kind === 'photoHead' ? 'photoBody' : kind;
          if (bodyKind === 'photoBody' && !this.counts.cut && this.counts.bytes.photoBody + n >= this.cutAtPhotoBytes) {
            const pass = this.cutAtPhotoBytes - this.counts.bytes.photoBody;
            this.add('photoBody', pass);
            this.counts.cut = true;
            this.counts.cutPhotoPartial = bodySize - bodyLeft + pass;
            this.counts.cutPhotoSize = bodySize;
            upstream.write(chunk.subarray(0, off + pass));
            drop();
            return;
          }
          this.add(bodyKind, n);
          off += n;
          bodyLeft -= n;
          if (bodyLeft === 0) {
            inBody = false;
            kind = 'other';
          }
        }
      }
      if (!upstream.write(chunk)) client.pause();
    });
  }

  private add(kind: Kind, n: number): void {
    this.counts.bytes[kind] += n;
  }
}
