import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { LogLevel } from '@slack/bolt';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { approvalUpkeep, reconcileWhenGraceEnds, type ApprovalUpkeepTarget } from '../../../src/approvals/upkeep';
import { planStartup } from '../../../src/index';
import * as checkFlow from '../../../src/slack/check-flow';
import type { ReconcileOutcome } from '../../../src/approvals/types';
import { createBoltLogger } from '../../../src/slack/bolt-logger';
import { createLogger, serializeError } from '../../../src/log';

describe('planStartup', () => {
  it('lists every missing setting at once', () => {
    const plan = planStartup({});
    if (plan.ok) throw new Error('expected errors');
    const paths = plan.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SR_CHECK_CONFIG']));
  });

  it('reports malformed values without repeating secrets', () => {
    const plan = planStartup({
      SLACK_BOT_TOKEN: 'xoxp-LEAKCANARY-wrongkind',
      SLACK_SIGNING_SECRET: 'LEAKCANARY-s',
      PORT: 'eighty',
      SR_CHECK_DEMO: 'yes',
      SR_CHECK_CONFIG: '/nonexistent/orgs.yml',
    });
    if (plan.ok) throw new Error('expected errors');
    const text = JSON.stringify(plan.errors);
    expect(plan.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['SLACK_BOT_TOKEN', 'PORT', 'SR_CHECK_DEMO']),
    );
    expect(text).toContain('/nonexistent/orgs.yml');
    expect(text).not.toContain('LEAKCANARY');
  });

  it('starts demo-only without a config file when SR_CHECK_DEMO=1', () => {
    const plan = planStartup({
      SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1',
      SLACK_SIGNING_SECRET: 'LEAKCANARY-s',
      SR_CHECK_DEMO: '1',
    });
    expect(plan).toMatchObject({ ok: true, demoEnabled: true, settings: { socketMode: false, port: 3000 } });
  });

  it('reads METRICS_PORT (default 9090) and refuses a bad one or the same port as PORT', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1', SLACK_SIGNING_SECRET: 'LEAKCANARY-s', SR_CHECK_DEMO: '1' };
    expect(planStartup(base)).toMatchObject({ ok: true, metricsPort: 9090 });
    expect(planStartup({ ...base, METRICS_PORT: '9300' })).toMatchObject({ ok: true, metricsPort: 9300 });
    for (const env of [
      { ...base, METRICS_PORT: 'ninety' },
      { ...base, METRICS_PORT: '70000' },
      { ...base, PORT: '8080', METRICS_PORT: '8080' },
    ]) {
      const plan = planStartup(env);
      if (plan.ok) throw new Error(`expected METRICS_PORT=${env.METRICS_PORT} to be refused`);
      expect(plan.errors.map((e) => e.path)).toEqual(['METRICS_PORT']);
    }
  });

  it('refuses PORT equal to the default METRICS_PORT (9090) and says to set METRICS_PORT, before anything listens', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1', SLACK_SIGNING_SECRET: 'LEAKCANARY-s', SR_CHECK_DEMO: '1' };
    const plan = planStartup({ ...base, PORT: '9090' });
    if (plan.ok) throw new Error('expected PORT=9090 without METRICS_PORT to be refused');
    expect(plan.errors).toEqual([
      expect.objectContaining({ path: 'METRICS_PORT', message: expect.stringContaining('PORT (9090)') }),
    ]);
    expect(JSON.stringify(plan.errors[0])).toMatch(/set METRICS_PORT/);
    expect(planStartup({ ...base, PORT: '9090', METRICS_PORT: '9091' })).toMatchObject({
      ok: true,
      settings: { port: 9090 },
      metricsPort: 9091,
    });
  });

  it('loads a valid config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-start-'));
    const file = join(dir, 'orgs.yml');
    writeFileSync(
      file,
      [
        'orgs:',
        '  globex:',
        '    region: eu-west-1',
        '    diagnostic:',
        '      clientId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        '      clientSecretEnv: GLOBEX_DIAG_SECRET',
        '    channels: [C0GLOBEX001]',
        '',
      ].join('\n'),
    );
    const plan = planStartup({
      SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1',
      SLACK_APP_TOKEN: 'xapp-LEAKCANARY-1',
      SR_CHECK_CONFIG: file,
      PORT: '8080',
      GLOBEX_DIAG_SECRET: 'LEAKCANARY-g',
    });
    if (!plan.ok) expect(plan.errors).toEqual([]);
    expect(plan).toMatchObject({ ok: true, demoEnabled: false, settings: { socketMode: true, port: 8080 } });
  });
});

describe('createBoltLogger', () => {
  it('writes Bolt lines through pino with tokens and known secrets masked', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createBoltLogger(pino({ level: 'debug' }, sink), ['LEAKCANARY-signing']);
    logger.debug('http request headers:', { Authorization: 'Bearer xoxb-LEAKCANARY-abc' });
    logger.warn(new Error('failed with xapp-1-LEAKCANARY-2 and LEAKCANARY-signing'));
    logger.info('plain', 3);
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('LEAKCANARY');
    expect(lines.join('')).toContain('[redacted]');
    expect(JSON.parse(lines[2]!)).toMatchObject({ component: 'bolt', msg: 'plain 3' });
  });

  it('drops a line below the level before formatting it (Bolt logs debug lines on every request)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    let formatted = 0;
    const argument = {
      [inspect.custom]: () => {
        formatted++;
        return 'the argument';
      },
    };
    const logger = createBoltLogger(pino({ level: 'info' }, sink));
    logger.debug('http request body:', argument);
    expect(formatted).toBe(0);
    expect(lines).toHaveLength(0);
    logger.info('http request body:', argument);
    expect(formatted).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'http request body: the argument' });
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('now', argument);
    expect(formatted).toBe(2);
    expect(lines).toHaveLength(2);
  });
});

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, any>> } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ level: 'debug', destination: sink }),
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, any>),
  };
}

describe('approvalUpkeep (the 60 s pass in src/index.ts)', () => {
  it('expires, then reconciles and announces on every pass, so a request too recent at start-up is still resolved', async () => {
    const calls: string[] = [];
    const outcome = {
      request: { id: 'a1' },
      resolution: 'failed',
      reason: 'interrupted',
    } as unknown as ReconcileOutcome;
    let pass = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => void calls.push('expire'),
      announceReconciled: async (outcomes) => void calls.push(`announce:${outcomes.length}`),
      service: {
        reconcile: async () => {
          calls.push('reconcile');
          return ++pass === 2 ? [outcome] : [];
        },
      },
    };
    const run = approvalUpkeep(approvals, capture().logger);
    await run();
    await run();
    expect(calls).toEqual(['expire', 'reconcile', 'announce:0', 'expire', 'reconcile', 'announce:1']);
  });

  it('never overlaps two passes: a tick while one runs is skipped', async () => {
    let release!: () => void;
    let reconciles = 0;
    let expiries = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => void (expiries += 1),
      announceReconciled: async () => undefined,
      service: {
        reconcile: () => {
          reconciles += 1;
          return new Promise<ReconcileOutcome[]>((resolve) => {
            release = () => resolve([]);
          });
        },
      },
    };
    const run = approvalUpkeep(approvals, capture().logger);
    const first = run();
    await new Promise((r) => setTimeout(r, 5));
    await run(); // skipped: the first pass is still reconciling
    expect({ expiries, reconciles }).toEqual({ expiries: 1, reconciles: 1 });
    release();
    await first;
    const third = run();
    await new Promise((r) => setTimeout(r, 5));
    release();
    await third;
    expect({ expiries, reconciles }).toEqual({ expiries: 2, reconciles: 2 });
  });

  it('logs errors of either step and keeps going (never rejects)', async () => {
    const { logger, lines } = capture();
    let reconciled = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => {
        throw new Error('store down');
      },
      announceReconciled: async () => undefined,
      service: {
        reconcile: async () => {
          reconciled += 1;
          throw new Error('reconcile broke');
        },
      },
    };
    const run = approvalUpkeep(approvals, logger);
    await expect(run()).resolves.toBeUndefined();
    await expect(run()).resolves.toBeUndefined();
    expect(reconciled).toBe(2);
    const errors = lines().filter((l) => l.level === 'error');
    expect(errors.map((l) => l.msg)).toEqual([
      'expiring requests failed',
      'reconcile (periodic) failed',
      'expiring requests failed',
      'reconcile (periodic) failed',
    ]);
    expect(errors[1]!.err).toEqual({ name: 'Error', message: 'reconcile broke' });
  });
});

describe('reconcileWhenGraceEnds (after the start-up reconcile)', () => {
  const target = (dueAt: number | undefined) => {
    let reconciles = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => undefined,
      announceReconciled: async () => undefined,
      service: {
        reconcile: async () => {
          reconciles += 1;
          return [];
        },
        nextReconcileAt: async () => dueAt,
      },
    };
    return { approvals, reconciles: () => reconciles };
  };

  it('reconciles once when the grace of a request a killed process left ends, not a whole upkeep interval later', async () => {
    const now = 1_000_000;
    const t = target(now + 20);
    await reconcileWhenGraceEnds(t.approvals, capture().logger, 60_000, () => now);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.reconciles()).toBe(0); // due 20 ms after the grace plus a second's margin
    await new Promise((r) => setTimeout(r, 1_100));
    expect(t.reconciles()).toBe(1);
  });

  it('leaves to the upkeep pass what is due after it, or nothing at all; the timer can be cancelled', async () => {
    const now = 1_000_000;
    const late = target(now + 60_000);
    const none = target(undefined);
    const cancelled = target(now - 5_000);
    await reconcileWhenGraceEnds(late.approvals, capture().logger, 60_000, () => now);
    await reconcileWhenGraceEnds(none.approvals, capture().logger, 60_000, () => now);
    const cancel = await reconcileWhenGraceEnds(cancelled.approvals, capture().logger, 60_000, () => now);
    cancel();
    await new Promise((r) => setTimeout(r, 1_200));
    expect([late.reconciles(), none.reconciles(), cancelled.reconciles()]).toEqual([0, 0, 0]);
  });
});

describe('approvalUpkeep takes up propagation watches', () => {
  it('after expiry and reconcile, every pass takes up watches a stopped replica left; a failure is logged, not thrown', async () => {
    const { logger, lines } = capture();
    const calls: string[] = [];
    let resumes = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => void calls.push('expire'),
      announceReconciled: async () => void calls.push('announce'),
      service: {
        reconcile: async () => {
          calls.push('reconcile');
          return [];
        },
      },
      resumeWatches: async () => {
        calls.push('resume');
        if (++resumes === 2) throw new Error('store down');
        return [];
      },
    };
    const run = approvalUpkeep(approvals, logger);
    await run();
    await expect(run()).resolves.toBeUndefined();
    expect(calls).toEqual(['expire', 'reconcile', 'announce', 'resume', 'expire', 'reconcile', 'announce', 'resume']);
    expect(
      lines()
        .filter((l) => l.level === 'error')
        .map((l) => l.msg),
    ).toEqual(['taking up propagation watches failed']);
  });
});

describe('approvalUpkeep delivers the notification outbox', () => {
  it('after reconcile and before taking up watches, every pass; a failure is logged, not thrown', async () => {
    const { logger, lines } = capture();
    const calls: string[] = [];
    let deliveries = 0;
    const approvals: ApprovalUpkeepTarget = {
      expireDue: async () => void calls.push('expire'),
      announceReconciled: async () => void calls.push('announce'),
      service: {
        reconcile: async () => {
          calls.push('reconcile');
          return [];
        },
      },
      deliverPending: async () => {
        calls.push('deliver');
        if (++deliveries === 2) throw new Error('slack down');
        return 0;
      },
      resumeWatches: async () => void calls.push('resume'),
    };
    const run = approvalUpkeep(approvals, logger);
    await run();
    await expect(run()).resolves.toBeUndefined();
    expect(calls).toEqual([
      'expire',
      'reconcile',
      'announce',
      'deliver',
      'resume',
      'expire',
      'reconcile',
      'announce',
      'deliver',
      'resume',
    ]);
    expect(
      lines()
        .filter((l) => l.level === 'error')
        .map((l) => l.msg),
    ).toEqual(['delivering pending Slack notifications failed']);
  });
});

describe('the err serializer', () => {
  it('is the one log shape of an error: name, message and Slack code, token-shaped strings scrubbed', () => {
    expect(serializeError(new TypeError('boom'))).toEqual({ name: 'TypeError', message: 'boom' });
    expect(serializeError('plain')).toEqual({ name: 'NonError', message: 'plain' });
    const platform = Object.assign(new Error('An API error occurred: not_in_channel'), {
      data: { error: 'not_in_channel' },
      config: { headers: { Authorization: 'Bearer xoxb-1-LEAK' } },
    });
    expect(serializeError(platform)).toEqual({
      name: 'Error',
      message: 'An API error occurred: not_in_channel',
      code: 'not_in_channel',
    });
    expect(serializeError(new Error('sent Bearer abc.def and xoxb-123-456')).message).toBe(
      'sent Bearer [redacted] and [redacted]',
    );
    expect('errorForLog' in checkFlow).toBe(false);
  });
});
