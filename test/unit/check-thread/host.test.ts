/**
 * Services with the checks in a worker thread (src/check-thread/): the same answers as in one thread, against
 * the simulator; counters, metrics, logs and probe slots carried across; secrets re-wrapped; closing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createThreadedServices } from '../../../src/check-thread/host';
import { configFromPortable, portableConfig } from '../../../src/check-thread/protocol';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { Secret } from '../../../src/config/secret';
import { orgConfigForSimulator } from '../../../src/demo';
import type { DiagnoseOutcome } from '../../../src/diagnosis/diagnose';
import type { ProbeSlotStore } from '../../../src/diagnosis/probe/slots';
import { newCallCounter } from '../../../src/genesys/call-counter';
import { createLogger } from '../../../src/log';
import { Metrics } from '../../../src/metrics';
import { createServices, type Services } from '../../../src/services';
import { startSimulator } from '../../../src/sim';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const silent = pino({ level: 'silent' });
const configOf = (org: OrgConfig): AppConfig => ({
  orgs: new Map([[org.name, org]]),
  allowedChannels: [],
  source: 'test',
});

async function simulatedOrg(scenario: string): Promise<OrgConfig> {
  const sim = await startSimulator({ scenario });
  cleanups.push(() => sim.close());
  return orgConfigForSimulator(sim, 'acme');
}

function threaded(options: Parameters<typeof createThreadedServices>[0]): Services {
  const services = createThreadedServices(options);
  cleanups.push(() => services.close());
  return services;
}

/** Clock readings differ from run to run: the verdict's duration, the facts' `now` and the token's times. */
const TIMES = new Set(['durationMs', 'now', 'issuedAt', 'expiresAt']);
function comparable(outcome: DiagnoseOutcome): unknown {
  return JSON.parse(JSON.stringify(outcome, (key, value) => (TIMES.has(key) ? undefined : value)));
}

describe('services with the checks in their own thread', () => {
  it.each(['cc-no-role', 'healthy'])(
    'reach the same verdict as in one thread, with the same calls (%s)',
    async (scenario) => {
      const org = await simulatedOrg(scenario);
      const here = createServices({ config: configOf(org), logger: silent });
      cleanups.push(() => here.close());
      const there = threaded({ config: configOf(org), logger: silent });
      const expected = await here.diagnoser.diagnose({ org: 'acme', fresh: false }, 'one');
      const answered = await there.diagnoser.diagnose({ org: 'acme', fresh: false }, 'one');
      expect(answered.ok).toBe(true);
      expect(comparable(answered)).toEqual(comparable(expected));
    },
  );

  it('is ready once the thread has built its services, and a check then starts there at once', async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = threaded({ config: configOf(org), logger: silent });
    expect(services.ready).toBeDefined();
    await services.ready!();
    const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'after-ready');
    expect(outcome.ok).toBe(true);
    // The same services in one thread have nothing to wait for.
    const here = createServices({ config: configOf(org), logger: silent });
    cleanups.push(() => here.close());
    expect(here.ready).toBeUndefined();
  });

  it("counts a stand-in client's requests into the caller's counter and its callCount", async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = threaded({ config: configOf(org), logger: silent });
    const reader = services.genesys(org, 'diagnostic')!;
    const counter = newCallCounter();
    const roles = await reader.listRoles({ counter });
    expect(roles.ok).toBe(true);
    // The token and the roles' page(s).
    expect(counter.calls).toBeGreaterThanOrEqual(2);
    expect(reader.callCount).toBe(counter.calls);
    // The token is kept in the thread: a second read sends one request more, not two.
    const again = newCallCounter();
    await reader.listRoles({ counter: again, fresh: true });
    expect(again.calls).toBe(counter.calls - 1);
  });

  it("keeps callCount as the thread's client counts it, with or without a counter", async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = threaded({ config: configOf(org), logger: silent });
    const reader = services.genesys(org, 'diagnostic')!;
    expect(reader.callCount).toBe(0);
    await reader.getProducts();
    // The token and the products.
    expect(reader.callCount).toBe(2);
    await reader.getProducts({ fresh: true });
    expect(reader.callCount).toBe(3);
  });

  it('rejects a call whose arguments cannot cross, without quoting them, and goes on answering', async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = threaded({ config: configOf(org), logger: silent });
    const reader = services.genesys(org, 'diagnostic')!;
    const notData = { template: () => 'secret-in-a-function' } as never;
    const refused = reader.request('GET', '/api/v2/authorization/products', notData);
    await expect(refused).rejects.toThrow('the check thread cannot take the arguments of request: not plain data');
    await refused.catch((error: Error) => expect(error.message).not.toContain('secret-in-a-function'));
    expect((await reader.getProducts()).ok).toBe(true);
  });

  it('rejects the calls of a thread that stopped mid-call, and starts a new one for the next call', async () => {
    const org = await simulatedOrg('cc-no-role');
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    const services = threaded({
      config: configOf(org),
      logger,
      entry: join(__dirname, '..', '..', 'support', 'stopping-check-thread.js'),
    });
    const reader = services.genesys(org, 'diagnostic')!;
    const pending = reader.getProducts();
    const stopped = services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'stop');
    await expect(stopped).rejects.toThrow('the check thread stopped before it answered');
    // The read sent before the stop was answered first, or rejected with it: never left waiting.
    await pending.then(
      (answer) => expect(answer.ok).toBe(true),
      (error: Error) => expect(error.message).toBe('the check thread stopped before it answered'),
    );
    expect(lines.join('')).toContain('the check thread stopped; the next check starts a new one');
    const next = await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'after');
    expect(next.ok).toBe(true);
  });

  it('answers a client of a kind the org lacks with undefined, as in one thread', async () => {
    const org = { ...(await simulatedOrg('cc-no-role')), fixer: undefined };
    const services = threaded({ config: configOf(org), logger: silent });
    expect(services.genesys(org, 'fixer')).toBeUndefined();
    expect(services.genesys(org, 'diagnostic')).toBeDefined();
  });

  it('rejects a call for an org the thread was not given, saying so', async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = threaded({ config: configOf(org), logger: silent });
    const stranger = { ...org, name: 'initech' };
    await expect(services.genesys(stranger, 'diagnostic')!.getProducts()).rejects.toThrow(
      'the check thread has no diagnostic client for org "initech"',
    );
  });

  it("records the thread's checks and requests in the app's metrics", async () => {
    const org = await simulatedOrg('cc-no-role');
    const metrics = new Metrics({ orgs: ['acme'] });
    const services = threaded({ config: configOf(org), logger: silent, metrics });
    await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'metrics');
    const scraped = await metrics.scrape();
    expect(scraped).toMatch(/sr_check_checks_total\{verdict="fail",org="acme"\} 1/);
    expect(scraped).toMatch(/sr_check_genesys_requests_total\{[^}]*status_class="2xx"[^}]*\} [1-9]/);
  });

  it("writes the thread's log lines through the app's logger, never with a secret", async () => {
    const org = await simulatedOrg('cc-no-role');
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'debug', name: 'thread-test', destination });
    const services = threaded({ config: configOf(org), logger });
    await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'logged');
    await services.close();
    const finished = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'check finished');
    expect(finished).toMatchObject({ name: 'thread-test', requestId: 'logged', org: 'acme' });
    const secret = org.diagnostic.clientSecret.reveal();
    expect(lines.join('')).not.toContain(secret);
  });

  it("asks the app's store for the probe's slot (one probe per org across replicas)", async () => {
    const org = await simulatedOrg('probe-agrees');
    expect(org.probe).toBeDefined();
    const asked: string[] = [];
    const probeSlots: ProbeSlotStore = {
      async claimProbeSlot(orgName, _key, holder, at) {
        asked.push(`claim ${orgName}`);
        return { claimed: true, holder, at } as never;
      },
      async recordProbeAnswer(orgName) {
        asked.push(`answer ${orgName}`);
      },
      async releaseProbeSlot(orgName) {
        asked.push(`release ${orgName}`);
      },
    };
    const services = threaded({ config: configOf(org), logger: silent, probeSlots });
    const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'probe');
    expect(outcome.ok).toBe(true);
    expect(asked[0]).toBe('claim acme');
  });

  it('refuses calls once closed, and closes twice without harm', async () => {
    const org = await simulatedOrg('cc-no-role');
    const services = createThreadedServices({ config: configOf(org), logger: silent });
    await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'before');
    await services.close();
    await services.close();
    await expect(services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'after')).rejects.toThrow(
      'the checks are closed',
    );
  });

  it.runIf(process.platform === 'linux')(
    'runs the thread at a lower priority than the app thread (nice +10)',
    async () => {
      const org = await simulatedOrg('cc-no-role');
      const niceOf = () =>
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
        });
      const app = niceOf().find((t) => t.tid === process.pid)!.nice;
      const lowered = Math.min(19, app + 10);
      const before = niceOf().filter((t) => t.nice === lowered).length;
      const services = threaded({ config: configOf(org), logger: silent });
      await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'nice');
      expect(niceOf().filter((t) => t.nice === lowered)).toHaveLength(before + 1);
      expect(niceOf().find((t) => t.tid === process.pid)!.nice).toBe(app);
    },
  );
});

describe('the config as it crosses to the thread', () => {
  it('carries each secret as its value and wraps it again in a Secret', () => {
    const config: AppConfig = {
      orgs: new Map([
        [
          'acme',
          {
            name: 'acme',
            apiBaseUrl: 'https://api.mypurecloud.com',
            loginBaseUrl: 'https://login.mypurecloud.com',
            diagnostic: { clientId: 'd', clientSecret: new Secret('diag-secret') },
            fixer: { clientId: 'f', clientSecret: new Secret('fixer-secret') },
            channels: ['C1'],
            approvers: { users: ['U1'] },
            operations: ['screen-recording'],
          },
        ],
      ]),
      allowedChannels: ['C2'],
      source: 'orgs.yml',
    };
    const back = configFromPortable(structuredClone(portableConfig(config)));
    const acme = back.orgs.get('acme')!;
    expect(acme.diagnostic.clientSecret).toBeInstanceOf(Secret);
    expect(acme.diagnostic.clientSecret.reveal()).toBe('diag-secret');
    expect(acme.fixer?.clientSecret.reveal()).toBe('fixer-secret');
    expect(acme.probe).toBeUndefined();
    expect(JSON.stringify([...back.orgs.values()])).not.toContain('secret"');
    expect({ ...acme, diagnostic: undefined, fixer: undefined }).toEqual({
      ...config.orgs.get('acme')!,
      diagnostic: undefined,
      fixer: undefined,
    });
    expect(back.allowedChannels).toEqual(['C2']);
    expect(back.source).toBe('orgs.yml');
  });
});
