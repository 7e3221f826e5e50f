/**
 * The live probe against the simulator over HTTP: the reads of the request sent as the integration (its own
 * client credentials, the org's `probe`), compared with the role check's prediction. Agree, disagree both
 * ways (an org whose answers the model cannot explain: scenario answerOverrides), 403, 404 with a random id,
 * timeout, 5xx, 429 and a refused login (inconclusive); no write is ever sent but the revocation of the
 * probe's own token, which ends revoked; the probe secret appears in no log and not in the verdict; one probe
 * per org per interval. Each test starts its own simulator and services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { Verdict } from '../../src/diagnosis/verdict';
import { createLogger, REDACT_PATHS } from '../../src/log';
import { Metrics } from '../../src/metrics';
import { renderVerdictText } from '../../src/render/text';
import { createServices } from '../../src/services';
import { loadScenario, startSimulator, type RunningSimulator } from '../../src/sim';
import type { Fault, Scenario } from '../../src/sim/scenario';
import { renderVerdictMessage } from '../../src/slack/blocks/verdict';
import { SqliteStore } from '../../src/store/sqlite-store';
import { ISSUED_TOKEN_PATTERN } from '../support/secrets';

const TARGET = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const DIAGNOSTIC = '064e7908-1b9a-4204-be35-b969e4b3208a';
const CONVERSATION = '6a86e29b-4ad8-4cf1-98b7-11b3ee10bf28';
const LIST = 'GET /api/v2/conversations/{conversationId}/recordings';
const SESSIONS = 'GET /api/v2/recordings/screensessions/details';

interface ProbeOptions {
  overrides?: Scenario['answerOverrides'];
  /** Name the scenario's conversation (default) or none (a random id). */
  interaction?: boolean;
  op?: string;
  faults?: Fault[];
  probeClient?: string;
  probeSecret?: string;
  retries?: number;
  logger?: pino.Logger;
  clock?: { t: number };
  /** Diagnose this many times with the same services (the clock may move in between). */
  runs?: Array<{ advanceMs?: number; op?: string }>;
}

interface Run {
  sim: RunningSimulator;
  verdicts: Verdict[];
  verdict: Verdict;
  metrics: Metrics;
  secret: string;
}

async function probeRun(scenarioName: string, options: ProbeOptions = {}): Promise<Run> {
  const scenario = loadScenario(scenarioName);
  if (options.overrides) scenario.answerOverrides = options.overrides;
  const sim = await startSimulator({ scenario });
  for (const fault of options.faults ?? []) sim.addFault(fault);
  const probeClient = options.probeClient ?? TARGET;
  const secret = options.probeSecret ?? scenario.oauthClients.find((c) => c.id === probeClient)!.secret;
  const org: OrgConfig = {
    ...orgConfigForSimulator(sim, 'acme'),
    probe: { clientId: probeClient, clientSecret: new Secret(secret) },
  };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const metrics = new Metrics({ defaultMetrics: false });
  const clock = options.clock;
  const services = createServices({
    config,
    logger: options.logger ?? createLogger({ level: 'debug' }),
    metrics,
    ...(clock ? { now: () => clock.t } : {}),
    clientOptions: { retry: { retries: options.retries ?? 0, baseDelayMs: 10 }, timeoutMs: 1_000 },
  });
  const verdicts: Verdict[] = [];
  try {
    for (const run of options.runs ?? [{}]) {
      if (clock && run.advanceMs) clock.t += run.advanceMs;
      const interaction = options.interaction === false ? undefined : scenario.checker.interaction;
      const outcome = await services.diagnoser.diagnose({
        org: 'acme',
        fresh: true,
        op: run.op ?? options.op ?? 'recordings-read',
        ...(interaction ? { interaction } : {}),
      });
      if (!outcome.ok) throw new Error(outcome.message);
      verdicts.push(outcome.verdict);
    }
    return { sim, verdicts, verdict: verdicts.at(-1)!, metrics, secret };
  } catch (thrown) {
    await sim.close();
    throw thrown;
  } finally {
    await services.close();
  }
}

const probeOf = (verdict: Verdict) => verdict.checks.find((c) => c.id === 'probe')!;
/** The probe client's requests, its login included (the target client sends nothing else in these tests). */
const probeRequests = (sim: RunningSimulator) =>
  sim.requests.filter((r) => r.clientId === TARGET).map((r) => `${r.method} ${r.template ?? r.path} ${r.status}`);

describe('the probe against the simulator: agree and disagree', () => {
  it.each([
    {
      name: 'agree: predicted allowed, Genesys lets the read through (200)',
      scenario: 'healthy',
      status: 'pass',
      answer: 200,
      summary: /let GET .* through, as predicted \(200\)/,
      disagreement: undefined,
      result: 'agree',
    },
    {
      name: 'agree: predicted refused, Genesys refuses (403)',
      scenario: 'cc-no-role',
      status: 'fail',
      answer: 403,
      summary: /refused GET .* as the integration, as predicted \(403 missing/,
      disagreement: undefined,
      result: 'agree',
    },
    {
      name: 'disagree: predicted allowed, Genesys refuses (403)',
      scenario: 'healthy',
      overrides: [{ template: LIST, clientId: TARGET, status: 403 as const }],
      status: 'fail',
      answer: 403,
      summary: /contradicts the prediction: Genesys answered 403 not\.authorized/,
      disagreement:
        /^Genesys answered 403 not\.authorized to GET \/api\/v2\/conversations\/\{conversationId\}\/recordings sent as the integration where sr-check predicted that it passes the permission gate: the model is wrong for this org; please report it with contextId [0-9a-f-]{36}\.$/,
      result: 'disagree',
    },
    {
      name: 'disagree: predicted refused, Genesys answers 200',
      scenario: 'cc-no-role',
      overrides: [{ template: LIST, clientId: TARGET, status: 200 as const }],
      status: 'unknown',
      answer: 200,
      summary: /contradicts the prediction: Genesys answered 200/,
      disagreement:
        /^Genesys answered 200 to GET .* where sr-check predicted 403: the model is wrong for this org; please report it with contextId [0-9a-f-]{36}\.$/,
      result: 'disagree',
    },
  ])('$name', async ({ scenario, overrides, status, answer, summary, disagreement, result }) => {
    const { sim, verdict, metrics } = await probeRun(scenario, overrides ? { overrides } : {});
    try {
      const probe = probeOf(verdict);
      expect(probe.status).toBe(status);
      expect(probe.summary).toMatch(summary);
      expect(probe.probe?.reads).toEqual([
        expect.objectContaining({
          call: `GET /api/v2/conversations/${CONVERSATION}/recordings`,
          status: answer,
          contextId: expect.any(String),
        }),
      ]);
      if (disagreement) {
        expect(verdict.modelDisagreement).toMatch(disagreement);
        // At least unknown: a verdict the model got wrong is never a pass.
        expect(['fail', 'unknown']).toContain(verdict.overall);
        // Shown before the checks, in the terminal and in Slack.
        const text = renderVerdictText(verdict);
        expect(text.indexOf('THE LIVE PROBE CONTRADICTS SR-CHECK')).toBeGreaterThan(-1);
        expect(text.indexOf('THE LIVE PROBE CONTRADICTS SR-CHECK')).toBeLessThan(text.indexOf('credentials'));
        const slack = JSON.stringify(renderVerdictMessage(verdict, { requestId: 'r1', fixButtons: false }).blocks[1]);
        expect(slack).toContain('The live probe contradicts sr-check');
      } else {
        expect(verdict.modelDisagreement).toBeUndefined();
      }
      expect(await metrics.scrape()).toMatch(new RegExp(`sr_check_probe_results_total\\{result="${result}"\\} 1`));
    } finally {
      await sim.close();
    }
  });

  it('the contextId Genesys gave is the one reported', async () => {
    const { sim, verdict } = await probeRun('healthy', {
      overrides: [{ template: LIST, clientId: TARGET, status: 403 }],
    });
    try {
      const contextId = probeOf(verdict).probe!.reads[0]!.contextId!;
      expect(verdict.modelDisagreement).toContain(`with contextId ${contextId}`);
      expect(probeOf(verdict).evidence.join('\n')).toContain(`(contextId ${contextId})`);
    } finally {
      await sim.close();
    }
  });
});

describe('the probe against the simulator: random ids', () => {
  it.each([
    {
      name: '404 for a random id: the permission gate passed',
      scenario: 'healthy',
      status: 'pass',
      answer: 404,
      summary: /404 for a random conversationId: the permission gate passed/,
    },
    {
      name: '403 for a random id: the permission gate refused',
      scenario: 'cc-no-role',
      status: 'fail',
      answer: 403,
      summary: /as predicted \(403 missing/,
    },
  ])('$name', async ({ scenario, status, answer, summary }) => {
    const { sim, verdict } = await probeRun(scenario, { interaction: false });
    try {
      const probe = probeOf(verdict);
      expect(probe.status).toBe(status);
      expect(probe.summary).toMatch(summary);
      const read = probe.probe!.reads[0]!;
      expect(read).toMatchObject({ status: answer, randomIds: ['conversationId'] });
      expect(read.call).toMatch(
        /^GET \/api\/v2\/conversations\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/recordings$/,
      );
      expect(read.call).not.toContain(CONVERSATION);
    } finally {
      await sim.close();
    }
  });
});

describe('the probe against the simulator: inconclusive answers', () => {
  it.each([
    {
      name: 'timeout of the read',
      faults: [{ match: 'GET /api/v2/conversations/*/recordings', kind: 'timeout', clientId: TARGET }],
      summary: /no answer in time/,
      status: 0,
    },
    {
      name: '503 of the read (sent once, even with retries configured)',
      faults: [{ match: 'GET /api/v2/conversations/*/recordings', kind: 'status', status: 503, clientId: TARGET }],
      summary: /503 service\.unavailable/,
      status: 503,
      retries: 3,
    },
    {
      name: '429 of the read (sent once)',
      faults: [
        { match: 'GET /api/v2/conversations/*/recordings', kind: 'rate-limit', retryAfter: 1, clientId: TARGET },
      ],
      summary: /429/,
      status: 429,
      retries: 3,
    },
  ] as Array<{ name: string; faults: Fault[]; summary: RegExp; status: number; retries?: number }>)(
    '$name: unknown, never a pass; the token is still revoked',
    async ({ faults, summary, status, retries }) => {
      const { sim, verdict, metrics } = await probeRun('healthy', { faults, ...(retries ? { retries } : {}) });
      try {
        const probe = probeOf(verdict);
        expect(probe.status).toBe('unknown');
        expect(probe.summary).toMatch(summary);
        expect(verdict.overall).toBe('unknown');
        // The diagnostic client's own reads were not faulted: only the probe's read was.
        expect(verdict.checks.find((c) => c.id === 'interaction')!.status).toBe('pass');
        expect(probeRequests(sim)).toEqual([
          'POST /oauth/token 200',
          `GET ${LIST.split(' ')[1]} ${status}`,
          'DELETE /api/v2/tokens/me 204',
        ]);
        expect([...sim.state.tokens.values()].filter((t) => t.clientId === TARGET).every((t) => t.revoked)).toBe(true);
        expect(await metrics.scrape()).toMatch(/sr_check_probe_results_total\{result="inconclusive"\} 1/);
      } finally {
        await sim.close();
      }
    },
    20_000,
  );

  it('probe credentials Genesys refuses at login: unknown, and no read is sent', async () => {
    const { sim, verdict } = await probeRun('healthy', { probeSecret: 'wrong-probe-secret-LEAKCANARY' });
    try {
      expect(probeOf(verdict)).toMatchObject({ status: 'unknown' });
      expect(probeOf(verdict).summary).toMatch(/the probe credentials got no token .*401 invalid_client/);
      expect(probeRequests(sim)).toEqual([]);
      expect([...sim.state.tokens.values()].filter((t) => t.clientId === TARGET)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('the probe against the simulator: safety', () => {
  it('sends no write but the revocation of its own token, which ends revoked; the secret and token appear in no log and not in the verdict', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      { write: (line: string) => void lines.push(line) },
    );
    const { sim, verdict, secret } = await probeRun('healthy', { logger, op: 'screen-recording' });
    try {
      // Its login, each read of the request once (the retention update is a write: never sent), and the
      // revocation of that token: nothing else.
      const sent = probeRequests(sim);
      expect(sent[0]).toBe('POST /oauth/token 200');
      expect(sent.slice(1, 3).sort()).toEqual([`GET ${LIST.split(' ')[1]} 200`, `GET ${SESSIONS.split(' ')[1]} 200`]);
      expect(sent[3]).toBe('DELETE /api/v2/tokens/me 204');
      expect(sent).toHaveLength(4);
      // On the API host: reads only, but the one revocation.
      const api = sim.requests.filter((r) => r.clientId === TARGET && r.path.startsWith('/api/v2/'));
      expect(api.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.template}`)).toEqual([
        'DELETE /api/v2/tokens/me',
      ]);
      expect(sim.writes.filter((w) => w.path !== '/api/v2/tokens/me')).toEqual([]);
      expect(sim.writes).toEqual([{ method: 'DELETE', path: '/api/v2/tokens/me' }]);
      // One login of the probe client, one token, revoked.
      const tokens = [...sim.state.tokens.entries()].filter(([, t]) => t.clientId === TARGET);
      expect(tokens).toHaveLength(1);
      expect(tokens[0]![1].revoked).toBe(true);
      const json = JSON.stringify(verdict);
      expect(json).not.toContain(secret);
      expect(json).not.toContain(tokens[0]![0]);
      expect(json).not.toMatch(ISSUED_TOKEN_PATTERN);
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(0);
      expect(log).not.toContain(secret);
      expect(log).not.toContain(tokens[0]![0]);
      expect(log).not.toMatch(ISSUED_TOKEN_PATTERN);
      expect(log).toContain('probe answered');
      expect(probeOf(verdict).probe).toMatchObject({ tokenRevoked: true, agreement: 'agree' });
    } finally {
      await sim.close();
    }
  });

  it('a Genesys answer that echoes the probe secret or token is scrubbed', async () => {
    // The 403 the simulator answers carries the path; a path cannot hold the secret, so echo it through a fault code.
    const scenario = loadScenario('healthy');
    const secret = scenario.oauthClients.find((c) => c.id === TARGET)!.secret;
    const { sim, verdict } = await probeRun('healthy', {
      faults: [
        {
          match: 'GET /api/v2/conversations/*/recordings',
          kind: 'status',
          status: 503,
          code: `echo ${secret}`,
          clientId: TARGET,
        },
      ],
    });
    try {
      expect(JSON.stringify(verdict)).not.toContain(secret);
      expect(probeOf(verdict).summary).toContain('[redacted]');
    } finally {
      await sim.close();
    }
  });

  it('the diagnostic client never sends as the integration, and without probe credentials the target sends nothing', async () => {
    const scenario = loadScenario('healthy');
    const sim = await startSimulator({ scenario });
    const config: AppConfig = {
      orgs: new Map([['acme', orgConfigForSimulator(sim, 'acme')]]),
      allowedChannels: [],
      source: 'test',
    };
    const services = createServices({
      config,
      logger: createLogger({ level: 'debug' }),
      clientOptions: { retry: { retries: 0 }, timeoutMs: 1_000 },
    });
    try {
      const outcome = await services.diagnoser.diagnose({
        org: 'acme',
        fresh: true,
        op: 'recordings-read',
        interaction: CONVERSATION,
      });
      if (!outcome.ok) throw new Error(outcome.message);
      expect(probeOf(outcome.verdict)).toMatchObject({ status: 'skipped' });
      expect(probeOf(outcome.verdict).evidence.join('\n')).toMatch(
        /add probe credentials for the integration's own OAuth client/,
      );
      expect(sim.requests.filter((r) => r.clientId === TARGET)).toEqual([]);
      expect(sim.requests.every((r) => r.clientId === undefined || r.clientId === DIAGNOSTIC)).toBe(true);
    } finally {
      await services.close();
      await sim.close();
    }
  });

  it.each([
    {
      name: 'probe credentials of another client than the identity',
      options: { probeClient: DIAGNOSTIC },
      summary: /another identity/,
    },
    { name: 'no read among the operations', options: { op: 'recording-retention' }, summary: /only sends reads/ },
  ])('skipped: $name (and nothing sent as the probe client)', async ({ options, summary }) => {
    const { sim, verdict } = await probeRun('healthy', options);
    try {
      expect(probeOf(verdict)).toMatchObject({ status: 'skipped' });
      expect(probeOf(verdict).summary).toMatch(summary);
      expect(sim.requests.filter((r) => r.clientId === TARGET)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('the probe against the simulator: one probe per org per interval', () => {
  it('a re-check within 30 s reuses the answer (nothing sent); another read is skipped; after 30 s a new probe', async () => {
    const clock = { t: Date.now() };
    const { sim, verdicts } = await probeRun('healthy', {
      clock,
      runs: [{}, { advanceMs: 10_000 }, { advanceMs: 5_000, op: 'screen-sessions' }, { advanceMs: 16_000 }],
    });
    try {
      const [first, reused, other, fresh] = verdicts.map(probeOf);
      expect(first!.status).toBe('pass');
      expect(reused).toMatchObject({ status: 'pass', probe: { answeredSecondsAgo: 10 } });
      expect(other).toMatchObject({ status: 'skipped' });
      expect(other!.summary).toMatch(/the next may run in 15 s/);
      expect(fresh!.status).toBe('pass');
      expect(fresh!.probe?.answeredSecondsAgo).toBeUndefined();
      // Two probes: two reads, two revocations.
      expect(sim.requests.filter((r) => r.clientId === TARGET && r.method === 'GET')).toHaveLength(2);
      expect(sim.requests.filter((r) => r.clientId === TARGET && r.method === 'DELETE')).toHaveLength(2);
    } finally {
      await sim.close();
    }
  });
});

describe('the probe against the simulator: the limit is shared by the replicas of the app (issue 25 item 9b)', () => {
  it('two replicas (services over one SQLite file, as src/index.ts composes them) probe the org once per interval', async () => {
    const scenario = loadScenario('healthy');
    const sim = await startSimulator({ scenario });
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-probe-replicas-'));
    const secret = scenario.oauthClients.find((c) => c.id === TARGET)!.secret;
    const org: OrgConfig = {
      ...orgConfigForSimulator(sim, 'acme'),
      probe: { clientId: TARGET, clientSecret: new Secret(secret) },
    };
    const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
    const replicas = [0, 1].map(() => {
      const store = new SqliteStore({ path: join(dir, 'sr-check.db') });
      const services = createServices({
        config,
        logger: createLogger({ level: 'debug' }),
        probeSlots: store,
        clientOptions: { retry: { retries: 0, baseDelayMs: 10 }, timeoutMs: 1_000 },
      });
      return { store, services };
    });
    try {
      const request = { org: 'acme', fresh: true, op: 'recordings-read', interaction: scenario.checker.interaction };
      const verdicts: Verdict[] = [];
      for (const { services } of replicas) {
        const outcome = await services.diagnoser.diagnose(request);
        if (!outcome.ok) throw new Error(outcome.message);
        verdicts.push(outcome.verdict);
      }
      const [first, second] = verdicts.map(probeOf);
      expect(first!.status).toBe('pass');
      expect(second).toMatchObject({ status: 'pass', probe: { answeredSecondsAgo: expect.any(Number) } });
      expect(sim.requests.filter((r) => r.clientId === TARGET && r.method === 'GET')).toHaveLength(1);
      expect(sim.requests.filter((r) => r.clientId === TARGET && r.method === 'DELETE')).toHaveLength(1);
    } finally {
      for (const { store, services } of replicas) {
        await services.close();
        await store.close();
      }
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
