/**
 * /healthz: the process answers. /readyz: configuration loaded, stores open, not shutting down. In HTTP mode
 * Bolt's HTTPReceiver serves them beside /slack/events; in Socket Mode serveRoutes gives them a server of their own.
 */
import { createServer, type Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

export function healthRoutes(isReady: () => boolean): CustomRoute[] {
  const answer = (res: import('node:http').ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => answer(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => (isReady() ? answer(res, 200, { status: 'ready' }) : answer(res, 503, { status: 'not ready' })),
    },
  ];
}

/** Socket Mode: /healthz, /readyz (and /metrics) on a plain HTTP server; anything else is 404. */
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
