/** /healthz: the process answers. /readyz: configuration loaded, stores open, not shutting down. */
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
