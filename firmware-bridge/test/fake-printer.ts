import net from 'node:net';

export interface FakePrinterState {
  /** Replies to DLE EOT 1, 2, 4. */
  status: { 1: number; 2: number; 4: number };
  /** Accept connections but never read nor answer. */
  mute: boolean;
}

/** A TCP server on 127.0.0.1 that plays an Epson printer on port 9100: it records jobs and answers DLE EOT. */
export async function startFakePrinter(initial: Partial<FakePrinterState> = {}) {
  const state: FakePrinterState = { status: { 1: 0x12, 2: 0x12, 4: 0x12 }, mute: false, ...initial };
  const connections: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (state.mute) {
      socket.pause();
      return;
    }
    const index = connections.push(Buffer.alloc(0)) - 1;
    socket.on('data', (chunk: Buffer) => {
      const all = Buffer.concat([connections[index] ?? Buffer.alloc(0), chunk]);
      connections[index] = all;
      // The driver waits for each reply before it sends more, so a request is always the tail.
      const n = all[all.length - 1];
      if (all.length >= 3 && all[all.length - 3] === 0x10 && all[all.length - 2] === 0x04 && (n === 1 || n === 2 || n === 4)) {
        socket.write(Buffer.from([state.status[n]]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    state,
    port,
    url: `tcp://127.0.0.1:${port}`,
    connections,
    async close(): Promise<void> {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
