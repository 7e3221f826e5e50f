/**
 * /healthz: the process answers. /readyz: configuration loaded, Slack auth confirmed, the store answers a cheap
 * query, the app listening, not shutting down (the readiness function decides; a slow or failing answer is "not
 * ready"; a "not ready" may say why). They are served with /metrics on a listener of their own (METRICS_PORT),
 * never beside /slack/events. The composition root (src/index.ts) starts that listener before anything else, with
 * start-up routes (startingRoutes: alive, not ready yet), and the Slack app puts its own routes on it once it starts.
 */
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

/** Readiness that takes longer than this counts as not ready (a probe must not hang on a stuck database). */
const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/** true: ready. false, or a reason (shown in /readyz's answer, so never a secret or an error's text): not ready. */
export type Readiness = true | false | { reason: string };

export function healthRoutes(
  isReady: () => Readiness | Promise<Readiness>,
  options: { readinessTimeoutMs?: number } = {},
): CustomRoute[] {
  const answer = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const timeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => answer(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) =>
        void readiness(isReady, timeoutMs).then((ready) => {
          if (ready === true) return answer(res, 200, { status: 'ready' });
          answer(res, 503, { status: 'not ready', ...(ready ? { reason: ready.reason } : {}) });
        }),
    },
  ];
}

/**
 * The probes while the process starts (before Slack auth is confirmed and the store opened): /healthz 200 (the
 * process is alive), /readyz 503 with `stage()` as the reason. `extra` (the /metrics route) is served beside them.
 */
export function startingRoutes(stage: () => string, extra: CustomRoute[] = []): CustomRoute[] {
  return [...healthRoutes(() => ({ reason: stage() })), ...extra];
}

/** isReady's answer; not ready when it throws, rejects or does not answer within timeoutMs. */
async function readiness(isReady: () => Readiness | Promise<Readiness>, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(isReady), late]);
  } catch {
    return { reason: 'readiness check failed' };
  } finally {
    clearTimeout(timer);
  }
}

/** The probe and metrics listener, whose routes can be replaced while it listens (start-up routes, then the app's). */
export interface ProbesListener {
  readonly server: Server;
  /** The port it listens on (the OS's choice when asked for 0). */
  readonly port: number;
  /** Serves these routes from now on (requests already being answered finish with the old ones). */
  serve(routes: CustomRoute[]): void;
  close(): Promise<void>;
}

/** Starts the probe and metrics listener: the routes' paths (GET) on a plain HTTP server; anything else is 404. */
export async function listenProbes(routes: CustomRoute[], port: number): Promise<ProbesListener> {
  let current = routes;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = current.find((r) => r.path === path && [r.method].flat().includes(req.method ?? 'GET'));
    if (route) return void route.handler(req as never, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    server,
    port: address && typeof address === 'object' ? address.port : port,
    serve(next) {
      current = next;
    },
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

/** The probe and metrics listener with fixed routes (listenProbes' server). */
export async function serveRoutes(routes: CustomRoute[], port: number): Promise<Server> {
  return (await listenProbes(routes, port)).server;
}
