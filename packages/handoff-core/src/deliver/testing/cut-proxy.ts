import * as net from 'node:net';

/**
 * Test-only: a TCP proxy on 127.0.0.1 in front of a real server that cuts every connection once
 * `cutAfterBytes` bytes went upstream in total: an interrupted transfer, made on loopback.
 */
export interface CutProxy {
  port: number;
  /** Bytes forwarded upstream so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

export function startCutProxy(targetPort: number, cutAfterBytes: number): Promise<CutProxy> {
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      forwarded += chunk.length;
      if (forwarded > cutAfterBytes) cut();
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', () => {
        sockets.delete(s);
        cut();
      });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        get forwarded() {
          return forwarded;
        },
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
