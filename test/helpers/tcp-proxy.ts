import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server, standing in for a bad office network: it can slow
 * the client's upload to a trickle and cut connections after a number of bytes, as a pulled cable or
 * a dying Wi-Fi would. The desktop is pointed at the proxy's address instead of the server's.
 */
export interface ProxyOptions {
  /** Upstream bytes per second per connection (client → server); 0 for no limit. */
  bytesPerSecond?: number;
  /** Cut the connection (both sides) once this many upstream bytes have passed, for the next `cuts` connections that get that far. */
  cutAfterBytes?: number;
  cuts?: number;
}

export class TcpProxy {
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  port = 0;
  /** Connections cut so far. */
  cutCount = 0;
  /** Upstream bytes forwarded. */
  bytesUp = 0;

  constructor(
    private targetPort: number,
    public options: ProxyOptions = {},
  ) {
    this.server = net.createServer((client) => this.handle(client));
  }

  /** Points the proxy at another server port (a restarted server). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Listens on `port` (0: any free one; a stopped proxy can come back on its old port). */
  async start(port = 0): Promise<string> {
    if (!this.server.listening && port !== 0) this.server = net.createServer((client) => this.handle(client));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** Cuts every open connection now. */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: net.Socket): void {
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
    upstream.on('data', (d) => client.write(d));

    let passed = 0;
    const queue: Buffer[] = [];
    let draining = false;
    const forward = (chunk: Buffer) => {
      const { cutAfterBytes, cuts = 1 } = this.options;
      if (cutAfterBytes !== undefined && this.cutCount < cuts && passed + chunk.length >= cutAfterBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, cutAfterBytes - passed)));
        this.cutCount++;
        drop();
        return;
      }
      passed += chunk.length;
      this.bytesUp += chunk.length;
      upstream.write(chunk);
    };
    const drain = () => {
      const rate = this.options.bytesPerSecond ?? 0;
      const next = queue.shift();
      if (!next) {
        draining = false;
        return;
      }
      const slice = rate > 0 ? Math.max(1, Math.floor(rate / 20)) : next.length;
      if (next.length > slice) queue.unshift(next.subarray(slice));
      forward(next.subarray(0, slice));
      if (client.destroyed) return;
      if (rate > 0) setTimeout(drain, 50);
      else drain();
    };
    client.on('data', (d: Buffer) => {
      queue.push(d);
      if (!draining) {
        draining = true;
        drain();
      }
    });
  }
}
