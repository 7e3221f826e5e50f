/**
 * The start-up settings table (issue 24, item 3): each row is an environment and every problem planStartup
 * must report for it, all at once, before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { planStartup } from '../../../src/index';
import { LOG_LEVELS } from '../../../src/config/startup-env';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1', SLACK_SIGNING_SECRET: 'LEAKCANARY-s', SR_CHECK_DEMO: '1' };

const ROWS: Array<{ name: string; env: Record<string, string>; problems: Array<[string, string]> }> = [
  {
    name: 'an unknown log level names the allowed ones',
    env: { ...SLACK, LOG_LEVEL: 'verbose' },
    problems: [['LOG_LEVEL', `"verbose" is not a log level; use one of ${LOG_LEVELS.join(', ')}`]],
  },
  {
    name: 'PORT = METRICS_PORT',
    env: { ...SLACK, PORT: '8080', METRICS_PORT: '8080' },
    problems: [['METRICS_PORT', 'must differ from PORT (8080)']],
  },
  {
    name: 'PORT = the default METRICS_PORT',
    env: { ...SLACK, PORT: '9090' },
    problems: [['METRICS_PORT', 'is not set, and its default (9090) is PORT (9090)']],
  },
  {
    name: 'a Slack API URL that is no URL',
    env: { ...SLACK, SLACK_API_URL: 'slack dot com' },
    problems: [['SLACK_API_URL', '']],
  },
  {
    name: 'a database URL that is not PostgreSQL, not echoed',
    env: { ...SLACK, SR_CHECK_DATABASE_URL: 'mysql://root:LEAKCANARY@db/sr' },
    problems: [['SR_CHECK_DATABASE_URL', 'is not a PostgreSQL URL']],
  },
  {
    name: 'a schema name that is not an identifier',
    env: { ...SLACK, SR_CHECK_DATABASE_URL: 'postgres://db/sr', SR_CHECK_DATABASE_SCHEMA: 'sr; drop' },
    problems: [['SR_CHECK_DATABASE_SCHEMA', 'must be a plain schema name']],
  },
  {
    name: 'LOG_PRETTY and SR_CHECK_DEMO take 0 or 1',
    env: { ...SLACK, SR_CHECK_DEMO: 'yes', LOG_PRETTY: 'true' },
    problems: [
      ['SR_CHECK_DEMO', '"yes" must be 1 (demo org on) or 0 (off)'],
      ['LOG_PRETTY', '"true" must be 1 (human-readable logs on) or 0 (off)'],
      ['SR_CHECK_CONFIG', 'is required'],
    ],
  },
  {
    name: 'everything at once: level, ports, URLs and the Slack token',
    env: {
      SLACK_BOT_TOKEN: 'xoxp-LEAKCANARY',
      SLACK_SIGNING_SECRET: 'LEAKCANARY-s',
      SR_CHECK_DEMO: '1',
      LOG_LEVEL: 'loud',
      PORT: 'eighty',
      METRICS_PORT: '70000',
      SLACK_API_URL: 'ftp://slack',
      SR_CHECK_DATABASE_URL: 'nonsense',
    },
    problems: [
      ['SLACK_BOT_TOKEN', 'must be a bot token'],
      ['PORT', 'is not a port number'],
      ['SLACK_API_URL', ''],
      ['LOG_LEVEL', 'is not a log level'],
      ['METRICS_PORT', '"70000" is not a port number'],
      ['SR_CHECK_DATABASE_URL', 'is not a PostgreSQL URL'],
    ],
  },
];

describe('start-up settings table', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const plan = planStartup(row.env);
      if (plan.ok) throw new Error('expected problems');
      expect(plan.errors.map((e) => e.path).sort()).toEqual(row.problems.map(([path]) => path).sort());
      for (const [path, text] of row.problems)
        expect(plan.errors.find((e) => e.path === path)?.message).toContain(text);
      expect(JSON.stringify(plan.errors)).not.toContain('LEAKCANARY');
    });
  }

  it('accepts every level in any case, 0/1 flags and a PostgreSQL URL', () => {
    for (const level of [...LOG_LEVELS, 'DEBUG'])
      expect(planStartup({ ...SLACK, LOG_LEVEL: level })).toMatchObject({
        ok: true,
        log: { level: level.toLowerCase() },
      });
    expect(
      planStartup({
        ...SLACK,
        LOG_PRETTY: '1',
        METRICS_PORT: '9300',
        SR_CHECK_DATABASE_URL: 'postgresql://u:p@db:5432/sr',
        SR_CHECK_DATABASE_SCHEMA: 'sr_check',
      }),
    ).toMatchObject({ ok: true, metricsPort: 9300, log: { pretty: true }, demoEnabled: true });
  });
});
