/**
 * Loopback ports for child processes. Asking the OS for a free port twice in a row can give the same port twice
 * (the first is closed before the second is asked for): a child given PORT and METRICS_PORT that way refused to
 * start once in CI ("METRICS_PORT: must differ from PORT"). Here every port asked for together is held open until
 * all are known, so they differ. Another process can still take one before the child listens on it: callers that
 * start processes retry on EADDRINUSE where it matters.
 */
import { createServer, type Server } from 'node:net';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** Two distinct ports that were free when asked for (a child's PORT and METRICS_PORT). */
export async function freePortPair(): Promise<[number, number]> {
  const held: Array<{ server: Server; port: number }> = [];
  try {
    held.push(await listen());
    held.push(await listen());
    return [held[0]!.port, held[1]!.port];
  } finally {
    await Promise.all(held.map((h) => new Promise<void>((resolve) => h.server.close(() => resolve()))));
  }
}
