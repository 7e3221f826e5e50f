/** The health routes on their own server (Socket Mode has no HTTP receiver to carry them). */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, listenProbes, serveRoutes, startingRoutes } from '../../../src/slack/health-routes';

const servers: Array<{ close(cb: () => void): void }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('serveRoutes', () => {
  it('answers /healthz, /readyz as readiness says, and 404 for anything else', async () => {
    let ready = false;
    const server = await serveRoutes(
      healthRoutes(() => ready),
      0,
    );
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect(await (await fetch(`${base}/readyz?x=1`)).json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('/readyz waits for an asynchronous readiness (the store answering) and answers 503 when it fails, throws or hangs', async () => {
    let readiness: () => Promise<boolean> = async () => true;
    const server = await serveRoutes(
      healthRoutes(() => readiness(), { readinessTimeoutMs: 200 }),
      0,
    );
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    readiness = async () => false;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    readiness = async () => {
      throw new Error('connection refused');
    };
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    readiness = () => new Promise<boolean>(() => undefined);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('/readyz says why it is not ready, never the text of a readiness error', async () => {
    let readiness: () => Promise<boolean | { reason: string }> = async () => ({ reason: 'store closed' });
    const server = await serveRoutes(
      healthRoutes(() => readiness(), { readinessTimeoutMs: 200 }),
      0,
    );
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'not ready', reason: 'store closed' });
    readiness = async () => {
      throw new Error('password authentication failed for user LEAKCANARY');
    };
    const failed = await fetch(`${base}/readyz`);
    expect(failed.status).toBe(503);
    expect(await failed.text()).not.toContain('LEAKCANARY');
    readiness = async () => false;
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'not ready' });
  });
});

describe('listenProbes (started before Slack auth, then handed to the app)', () => {
  it('answers alive and not ready with the start-up stage, then the routes it is given, and closes', async () => {
    let stage = 'confirming Slack auth (auth.test)';
    const probes = await listenProbes(
      startingRoutes(() => stage),
      0,
    );
    const base = `http://127.0.0.1:${probes.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const starting = await fetch(`${base}/readyz`);
      expect(starting.status).toBe(503);
      expect(await starting.json()).toEqual({ status: 'not ready', reason: 'confirming Slack auth (auth.test)' });
      stage = 'opening the store';
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ reason: 'opening the store' });
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      probes.serve(healthRoutes(() => true));
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      await probes.close();
    }
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
