/**
 * ProbeRunner with a scripted Genesys client: when it probes at all, that it sends each read once with a
 * fresh token and revokes that token whatever happens, the per-org limit (reuse of a recent answer for the
 * same reads, "skipped" for other reads), and what it counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../../src/store/sqlite-store';
import type { ProbeSlotStore } from '../../../../src/diagnosis/probe/slots';
import { Secret } from '../../../../src/config/secret';
import type { OrgConfig } from '../../../../src/config/types';
import type { RequestAnswer, RequestOptions } from '../../../../src/genesys/api';
import type { ApiResult } from '../../../../src/genesys/result';
import { PROBE_INTERVAL_MS, ProbeRunner, type ProbeClient } from '../../../../src/diagnosis/probe/runner';
import { Metrics } from '../../../../src/metrics';
import { HOUR, IDS, OPS, ROLES, buildFacts, catalogOp, isoAgo, oauthClient, ok } from '../../../support/facts';
import type { Facts } from '../../../../src/diagnosis/facts';

const SECRET = 'probe-secret-LEAKCANARY-unit';

function org(probe = true): OrgConfig {
  return {
    name: 'acme',
    apiBaseUrl: 'https://api.example.invalid',
    loginBaseUrl: 'https://login.example.invalid',
    diagnostic: { clientId: 'diag', clientSecret: new Secret('diag-secret') },
    ...(probe ? { probe: { clientId: IDS.client, clientSecret: new Secret(SECRET) } } : {}),
    channels: [],
    approvers: { users: [] },
    operations: [],
  } as OrgConfig;
}

/** Facts of a client-credentials integration holding the viewer role in every division. */
function ccFacts(overrides: Partial<Facts> = {}): Facts {
  return buildFacts({
    client: ok(
      oauthClient({
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: ROLES.screenViewer.id, divisionId: '*' }],
        dateModified: isoAgo(30 * 24 * HOUR),
      }),
    ),
    ...overrides,
  });
}

type Script = (path: string) => RequestAnswer | Promise<RequestAnswer>;

interface Fake {
  client: ProbeClient;
  log: string[];
  options: Array<RequestOptions | undefined>;
  closed: number;
}

function fakeClient(
  script: Script = () => ({ ok: true, value: [], status: 200, contextId: 'ctx-ok' }),
  token: ApiResult<{ expiresAt: number; issuedAt: number }> = {
    ok: true,
    value: { expiresAt: 1, issuedAt: 0 },
    status: 200,
  },
): Fake {
  const fake: Fake = {
    log: [],
    options: [],
    closed: 0,
    client: {
      async ensureToken() {
        fake.log.push('token');
        return token;
      },
      async request(method, path, options) {
        fake.log.push(`${method} ${path}`);
        fake.options.push(options);
        return script(path);
      },
      async revokeOwnToken() {
        fake.log.push('revoke');
        return { ok: true, value: undefined, status: 204 };
      },
      async close() {
        fake.closed += 1;
      },
    },
  };
  return fake;
}

function runner(fakes: Fake[], clock = { t: 1_000_000 }, metrics?: Metrics) {
  let made = 0;
  const probes = new ProbeRunner({
    now: () => clock.t,
    client: () => {
      const fake = fakes[made++];
      if (!fake) throw new Error('test: more probe clients made than scripted');
      return fake.client;
    },
    ...(metrics ? { metrics } : {}),
  });
  return { probes, clock, made: () => made };
}

describe('ProbeRunner: when it probes', () => {
  it.each([
    { name: 'no probe credentials', org: org(false), facts: ccFacts(), summary: /no probe credentials/ },
    {
      name: 'another client under diagnosis',
      org: org(),
      facts: ccFacts({ identity: { kind: 'oauth-client', clientId: '99999999-9999-4999-8999-999999999999' } }),
      summary: /another identity/,
    },
    {
      name: 'a user under diagnosis',
      org: org(),
      facts: ccFacts({ identity: { kind: 'user', userId: IDS.user, clientId: IDS.client } }),
      summary: /another identity/,
    },
    { name: 'a user-context (CODE) app', org: org(), facts: buildFacts(), summary: /CODE grant/ },
    {
      name: 'no read in the request',
      org: org(),
      facts: ccFacts({ operations: [catalogOp(OPS.updateRecording)] }),
      summary: /only sends reads/,
    },
  ])('skipped, no client made and nothing sent: $name', async ({ org: config, facts, summary }) => {
    const fake = fakeClient();
    const { probes, made } = runner([fake]);
    const checked = await probes.check(config, facts);
    expect(checked.status).toBe('skipped');
    expect(checked.summary).toMatch(summary);
    expect(made()).toBe(0);
    expect(fake.log).toEqual([]);
  });

  it('sends each read once (no retry, no second token), then revokes the token and closes the client', async () => {
    const fake = fakeClient();
    const { probes } = runner([fake]);
    const checked = await probes.check(
      org(),
      ccFacts({
        operations: [catalogOp(OPS.listRecordings), catalogOp(OPS.updateRecording), catalogOp(OPS.screenSessions)],
      }),
    );
    expect(fake.log).toEqual([
      'token',
      `GET /api/v2/conversations/${IDS.conversation}/recordings`,
      'GET /api/v2/recordings/screensessions/details',
      'revoke',
    ]);
    expect(fake.options).toEqual([
      { once: true, template: '/api/v2/conversations/{conversationId}/recordings' },
      { once: true, template: '/api/v2/recordings/screensessions/details' },
    ]);
    expect(fake.closed).toBe(1);
    expect(checked).toMatchObject({ status: 'pass', probe: { agreement: 'agree', tokenRevoked: true } });
    expect(checked.probe?.reads.map((r) => r.contextId)).toEqual(['ctx-ok', 'ctx-ok']);
  });

  it('reports only a correlation id that looks like one (a proxy may quote anything there)', async () => {
    const echoed = 'Bearer opaque.token/value';
    const fake = fakeClient((path): RequestAnswer => {
      if (!path.includes('screensessions')) return { ok: true, value: [], status: 200, contextId: echoed };
      const error = { kind: 'http', status: 403, code: 'not.authorized', contextId: `ctx ${echoed}` } as const;
      return { ok: false, error: { ...error, message: 'refused', operation: 'GET' } };
    });
    const { probes } = runner([fake]);
    const checked = await probes.check(
      org(),
      ccFacts({ operations: [catalogOp(OPS.listRecordings), catalogOp(OPS.screenSessions)] }),
    );
    expect(checked.probe?.reads.map((r) => r.contextId)).toEqual([undefined, undefined]);
    expect(JSON.stringify(checked)).not.toContain('opaque.token');
  });

  it('revokes the token even when a read throws', async () => {
    const fake = fakeClient(() => {
      throw new Error('boom');
    });
    const { probes } = runner([fake]);
    await expect(probes.check(org(), ccFacts())).rejects.toThrow('boom');
    expect(fake.log.at(-1)).toBe('revoke');
    expect(fake.closed).toBe(1);
  });

  it('no token: no read is sent and nothing to revoke', async () => {
    const fake = fakeClient(undefined, {
      ok: false,
      error: {
        kind: 'login',
        status: 401,
        code: 'invalid_client',
        message: 'bad credentials',
        operation: 'POST /oauth/token',
      },
    });
    const { probes } = runner([fake]);
    const checked = await probes.check(org(), ccFacts());
    expect(fake.log).toEqual(['token']);
    expect(checked.status).toBe('unknown');
    expect(checked.summary).toMatch(/got no token .*401 invalid_client/);
    expect(checked.evidence.join('\n')).not.toMatch(/revoked/);
  });

  it.each([
    {
      name: '401 on the read',
      answer: {
        ok: false,
        error: { kind: 'http', status: 401, code: 'authentication.required', message: 'no', operation: 'GET x' },
      },
      summary: /fresh probe token was refused/,
    },
    {
      name: '429',
      answer: {
        ok: false,
        error: {
          kind: 'rate-limited',
          status: 429,
          code: 'too.many.requests',
          message: 'slow down',
          operation: 'GET x',
        },
      },
      summary: /429/,
    },
    {
      name: '503',
      answer: {
        ok: false,
        error: { kind: 'http', status: 503, code: 'service.unavailable', message: 'down', operation: 'GET x' },
      },
      summary: /503/,
    },
    {
      name: 'timeout',
      answer: {
        ok: false,
        error: { kind: 'timeout', code: 'ECONNABORTED', message: 'no answer within 1000 ms', operation: 'GET x' },
      },
      summary: /no answer in time/,
    },
  ] as Array<{ name: string; answer: RequestAnswer; summary: RegExp }>)(
    'inconclusive: $name (and still revoked)',
    async ({ answer, summary }) => {
      const fake = fakeClient(() => answer);
      const { probes } = runner([fake]);
      const checked = await probes.check(org(), ccFacts());
      expect(checked).toMatchObject({ status: 'unknown', probe: { agreement: 'inconclusive', tokenRevoked: true } });
      expect(checked.summary).toMatch(summary);
      expect(fake.log.at(-1)).toBe('revoke');
    },
  );
});

describe('ProbeRunner: one probe per org per interval', () => {
  it('the same reads within the interval reuse the answer with its age; after it, a new probe', async () => {
    const first = fakeClient(() => ({
      ok: false,
      error: {
        kind: 'http',
        status: 403,
        code: 'not.authorized',
        message: 'no',
        contextId: 'ctx-1',
        operation: 'GET x',
      },
    }));
    const second = fakeClient();
    const { probes, clock, made } = runner([first, second]);
    expect((await probes.check(org(), ccFacts())).status).toBe('fail');
    clock.t += 15_000;
    const reused = await probes.check(org(), ccFacts());
    expect(made()).toBe(1);
    expect(reused.status).toBe('fail');
    expect(reused.summary).toMatch(/\(answered 15 s ago\)/);
    expect(reused.evidence.join('\n')).toMatch(/the next may run in 15 s/);
    clock.t += PROBE_INTERVAL_MS - 15_000;
    const fresh = await probes.check(org(), ccFacts());
    expect(made()).toBe(2);
    expect(fresh.status).toBe('pass');
    expect(fresh.probe?.answeredSecondsAgo).toBeUndefined();
  });

  it('random ids count as the same reads', async () => {
    const { probes, made } = runner([fakeClient(), fakeClient()]);
    const facts = ccFacts({ interactionId: undefined, conversation: undefined });
    await probes.check(org(), facts);
    const again = await probes.check(org(), facts);
    expect(made()).toBe(1);
    expect(again.probe?.answeredSecondsAgo).toBe(0);
  });

  it('other reads within the interval are skipped, saying when the next probe may run', async () => {
    const { probes, clock, made } = runner([fakeClient(), fakeClient()]);
    await probes.check(org(), ccFacts());
    clock.t += 12_000;
    const other = await probes.check(org(), ccFacts({ operations: [catalogOp(OPS.screenSessions)] }));
    expect(made()).toBe(1);
    expect(other.status).toBe('skipped');
    expect(other.summary).toMatch(/the next may run in 18 s/);
  });

  it('another org is not limited by this one', async () => {
    const { probes, made } = runner([fakeClient(), fakeClient()]);
    await probes.check(org(), ccFacts());
    await probes.check({ ...org(), name: 'globex' }, ccFacts());
    expect(made()).toBe(2);
  });

  it('concurrent checks of one org send one probe and share its answer', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeClient(async () => {
      await gate;
      return { ok: true, value: [], status: 200 };
    });
    const { probes, made } = runner([fake]);
    const both = Promise.all([probes.check(org(), ccFacts()), probes.check(org(), ccFacts())]);
    release();
    const [a, b] = await both;
    expect(made()).toBe(1);
    expect(fake.log.filter((l) => l.startsWith('GET'))).toHaveLength(1);
    expect(a.status).toBe('pass');
    expect(b.status).toBe('pass');
  });

  it('a probe that threw (a bug) does not hold the limit', async () => {
    const broken = fakeClient(() => {
      throw new Error('boom');
    });
    const { probes, made } = runner([broken, fakeClient()]);
    await expect(probes.check(org(), ccFacts())).rejects.toThrow();
    expect((await probes.check(org(), ccFacts())).status).toBe('pass');
    expect(made()).toBe(2);
  });
});

describe('ProbeRunner: the limit is shared by replicas through the store (issue 25 item 9b)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  /** Two replicas' runners, each with its own connection to one SQLite file, on one clock. */
  function replicas(fakes: { a: Fake[]; b: Fake[] }) {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-probe-'));
    const path = join(dir, 'sr-check.db');
    const stores = [new SqliteStore({ path }), new SqliteStore({ path })];
    cleanup.push(async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const clock = { t: Date.UTC(2025, 0, 15, 12) };
    const make = (list: Fake[], slots: ProbeSlotStore) => {
      let made = 0;
      const probes = new ProbeRunner({
        now: () => clock.t,
        client: () => list[made++]?.client,
        slots,
      });
      return { probes, made: () => made };
    };
    return { clock, a: make(fakes.a, stores[0]!), b: make(fakes.b, stores[1]!) };
  }

  it('another replica inside the interval reuses the answer with its age and sends nothing', async () => {
    const refused = fakeClient(() => ({
      ok: false,
      error: { kind: 'http', status: 403, code: 'not.authorized', message: 'no', operation: 'GET x' },
    }));
    const unused = fakeClient();
    const { clock, a, b } = replicas({ a: [refused], b: [unused] });
    expect((await a.probes.check(org(), ccFacts())).status).toBe('fail');
    clock.t += 10_000;
    const onB = await b.probes.check(org(), ccFacts());
    expect(b.made()).toBe(0);
    expect(unused.log).toEqual([]);
    expect(onB.status).toBe('fail');
    expect(onB.summary).toMatch(/\(answered 10 s ago\)/);
    expect(onB.evidence.join('\n')).toMatch(/the next may run in 20 s/);
  });

  it('other reads on another replica inside the interval are skipped with the shared wait; after it, that replica probes', async () => {
    const second = fakeClient();
    const { clock, a, b } = replicas({ a: [fakeClient()], b: [second] });
    await a.probes.check(org(), ccFacts());
    clock.t += 12_000;
    const other = await b.probes.check(org(), ccFacts({ operations: [catalogOp(OPS.screenSessions)] }));
    expect(b.made()).toBe(0);
    expect(other.status).toBe('skipped');
    expect(other.summary).toMatch(/the next may run in 18 s/);
    clock.t += PROBE_INTERVAL_MS - 12_000;
    expect((await b.probes.check(org(), ccFacts())).status).toBe('pass');
    expect(b.made()).toBe(1);
    expect(second.log.at(-1)).toBe('revoke');
  });

  it('a store that fails keeps the probe working on the in-process limit', async () => {
    const failing: ProbeSlotStore = {
      claimProbeSlot: async () => {
        throw new Error('database is locked');
      },
      recordProbeAnswer: async () => undefined,
      releaseProbeSlot: async () => undefined,
    };
    const fake = fakeClient();
    const probes = new ProbeRunner({ now: () => 0, client: () => fake.client, slots: failing });
    expect((await probes.check(org(), ccFacts())).status).toBe('pass');
    expect((await probes.check(org(), ccFacts())).probe?.answeredSecondsAgo).toBe(0);
    expect(fake.log.filter((l) => l.startsWith('GET'))).toHaveLength(1);
  });
});

describe('ProbeRunner: what it counts', () => {
  it('counts each read Genesys was really asked, not a reused answer', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const fake = fakeClient((path) =>
      path.includes('screensessions')
        ? { ok: false, error: { kind: 'http', status: 403, code: 'not.authorized', message: 'no', operation: 'GET x' } }
        : { ok: true, value: [], status: 200 },
    );
    const { probes } = runner([fake], { t: 0 }, metrics);
    const facts = ccFacts({ operations: [catalogOp(OPS.listRecordings), catalogOp(OPS.screenSessions)] });
    await probes.check(org(), facts);
    await probes.check(org(), facts);
    const text = await metrics.scrape();
    expect(text).toMatch(/sr_check_probe_results_total\{result="agree"\} 1/);
    expect(text).toMatch(/sr_check_probe_results_total\{result="disagree"\} 1/);
    expect(text).not.toMatch(/sr_check_probe_results_total\{result="inconclusive"\}/);
  });
});
