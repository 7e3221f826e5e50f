/**
 * /healthz: the process answers. /readyz: configuration loaded, the store answers a cheap query, Slack auth
 * confirmed, not shutting down (the readiness function decides; a slow or failing answer is "not ready").
 * They are served with /metrics on a listener of their own (METRICS_PORT), never beside /slack/events.
 */
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

/** Readiness that takes longer than this counts as not ready (a probe must not hang on a stuck database). */
const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

export function healthRoutes(
  isReady: () => boolean | Promise<boolean>,
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
        void readiness(isReady, timeoutMs).then((ready) =>
          ready ? answer(res, 200, { status: 'ready' }) : answer(res, 503, { status: 'not ready' }),
        ),
    },
  ];
}

/** isReady's answer, false when it throws, rejects or does not answer within timeoutMs. */
async function readiness(isReady: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(isReady), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The probe and metrics listener: /healthz, /readyz and /metrics on a plain HTTP server; anything else is 404. */
export function serveRoutes(routes: CustomRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? 'GET'));
    if (route) return void route.handler(req as never, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'not found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
