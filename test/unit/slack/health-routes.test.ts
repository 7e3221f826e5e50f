/** The health routes on their own server (Socket Mode has no HTTP receiver to carry them). */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, serveRoutes } from '../../../src/slack/health-routes';

const servers: Array<{ close(cb: () => void): void }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('serveRoutes', () => {
  it('answers /healthz, /readyz as readiness says, and 404 for anything else', async () => {
    let ready = false;
    const server = await serveRoutes(healthRoutes(() => ready), 0);
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect(await (await fetch(`${base}/readyz?x=1`)).json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
