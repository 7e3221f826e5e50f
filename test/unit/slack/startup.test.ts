import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { planStartup } from '../../../src/index';
import { createBoltLogger } from '../../../src/slack/bolt-logger';

describe('planStartup', () => {
  it('lists every missing setting at once', () => {
    const plan = planStartup({});
    if (plan.ok) throw new Error('expected errors');
    const paths = plan.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SR_CHECK_CONFIG']));
  });

  it('reports malformed values without repeating secrets', () => {
    const plan = planStartup({ SLACK_BOT_TOKEN: 'xoxp-LEAKCANARY-wrongkind', SLACK_SIGNING_SECRET: 'LEAKCANARY-s', PORT: 'eighty', SR_CHECK_DEMO: 'yes', SR_CHECK_CONFIG: '/nonexistent/orgs.yml' });
    if (plan.ok) throw new Error('expected errors');
    const text = JSON.stringify(plan.errors);
    expect(plan.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'PORT', 'SR_CHECK_DEMO']));
    expect(text).toContain('/nonexistent/orgs.yml');
    expect(text).not.toContain('LEAKCANARY');
  });

  it('starts demo-only without a config file when SR_CHECK_DEMO=1', () => {
    const plan = planStartup({ SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1', SLACK_SIGNING_SECRET: 'LEAKCANARY-s', SR_CHECK_DEMO: '1' });
    expect(plan).toMatchObject({ ok: true, demoEnabled: true, settings: { socketMode: false, port: 3000 } });
  });

  it('loads a valid config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-start-'));
    const file = join(dir, 'orgs.yml');
    writeFileSync(
      file,
      ['orgs:', '  globex:', '    region: eu-west-1', '    diagnostic:', '      clientId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', '      clientSecretEnv: GLOBEX_DIAG_SECRET', '    channels: [C0GLOBEX001]', ''].join('\n'),
    );
    const plan = planStartup({ SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-1', SLACK_APP_TOKEN: 'xapp-LEAKCANARY-1', SR_CHECK_CONFIG: file, PORT: '8080', GLOBEX_DIAG_SECRET: 'LEAKCANARY-g' });
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
});
