import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { loadSlackSettings } from '../../../src/config/slack-settings';
import { formatConfigIssues } from '../../../src/config/issues';
import { LEAK_CANARY } from '../../support/secrets';

const BOT = `xoxb-1-${LEAK_CANARY}-bot`;
const APP = `xapp-1-${LEAK_CANARY}-app`;
const SIGNING = `${LEAK_CANARY}-signing`;

const HTTP_ENV = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING };

describe('loadSlackSettings: valid environments', () => {
  it.each([
    {
      name: 'HTTP mode with defaults',
      env: HTTP_ENV,
      expected: { socketMode: false, port: 3000 },
    },
    {
      name: 'Socket Mode without a signing secret',
      env: { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP },
      expected: { socketMode: true, port: 3000 },
    },
    {
      name: 'every optional variable',
      env: {
        ...HTTP_ENV,
        SLACK_APP_TOKEN: APP,
        PORT: '8080',
        SR_CHECK_CONFIG: '/etc/sr-check/orgs.yml',
        SLACK_API_URL: 'http://127.0.0.1:40123/api',
        SR_CHECK_DB: '/var/lib/sr-check/db.sqlite',
      },
      expected: {
        socketMode: true,
        port: 8080,
        slackApiUrl: 'http://127.0.0.1:40123/api/',
      },
    },
    {
      name: 'SLACK_API_URL keeps exactly one trailing slash',
      env: { ...HTTP_ENV, SLACK_API_URL: 'https://slack.com/api//' },
      expected: { slackApiUrl: 'https://slack.com/api/' },
    },
    {
      name: 'optional variables set to empty count as unset',
      env: { ...HTTP_ENV, PORT: '', SLACK_APP_TOKEN: '', SR_CHECK_CONFIG: '' },
      expected: { socketMode: false, port: 3000 },
    },
    {
      name: 'port bounds',
      env: { ...HTTP_ENV, PORT: '65535' },
      expected: { port: 65535 },
    },
  ])('$name', ({ env, expected }) => {
    const result = loadSlackSettings(env);
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect(result.settings).toMatchObject(expected);
    expect(result.settings.botToken.reveal()).toBe(BOT);
    if ('SLACK_APP_TOKEN' in env && env.SLACK_APP_TOKEN) expect(result.settings.appToken?.reveal()).toBe(APP);
    else expect(result.settings.appToken).toBeUndefined();
    expect(JSON.stringify(result.settings)).not.toContain(LEAK_CANARY);
    expect(inspect(result.settings)).not.toContain(LEAK_CANARY);
  });

  it('keeps the signing secret in Socket Mode when given', () => {
    const result = loadSlackSettings({ ...HTTP_ENV, SLACK_APP_TOKEN: APP });
    expect(result.ok && result.settings.signingSecret?.reveal()).toBe(SIGNING);
  });
});

describe('loadSlackSettings: invalid environments', () => {
  it.each([
    { name: 'nothing set', env: {}, paths: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] },
    { name: 'missing bot token', env: { SLACK_SIGNING_SECRET: SIGNING }, paths: ['SLACK_BOT_TOKEN'] },
    {
      name: 'user token instead of bot token',
      env: { ...HTTP_ENV, SLACK_BOT_TOKEN: `xoxp-${LEAK_CANARY}` },
      paths: ['SLACK_BOT_TOKEN'],
    },
    { name: 'bare prefix', env: { ...HTTP_ENV, SLACK_BOT_TOKEN: 'xoxb-' }, paths: ['SLACK_BOT_TOKEN'] },
    { name: 'HTTP mode without signing secret', env: { SLACK_BOT_TOKEN: BOT }, paths: ['SLACK_SIGNING_SECRET'] },
    {
      name: 'blank signing secret',
      env: { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: '  ' },
      paths: ['SLACK_SIGNING_SECRET'],
    },
    { name: 'bot token as app token', env: { ...HTTP_ENV, SLACK_APP_TOKEN: BOT }, paths: ['SLACK_APP_TOKEN'] },
    { name: 'port 0', env: { ...HTTP_ENV, PORT: '0' }, paths: ['PORT'] },
    { name: 'port too large', env: { ...HTTP_ENV, PORT: '65536' }, paths: ['PORT'] },
    { name: 'port not an integer', env: { ...HTTP_ENV, PORT: '80.5' }, paths: ['PORT'] },
    { name: 'port not a number', env: { ...HTTP_ENV, PORT: 'http' }, paths: ['PORT'] },
    { name: 'Slack API URL not a URL', env: { ...HTTP_ENV, SLACK_API_URL: 'slack' }, paths: ['SLACK_API_URL'] },
    {
      name: 'Slack API URL over http off loopback',
      env: { ...HTTP_ENV, SLACK_API_URL: 'http://slack.com/api/' },
      paths: ['SLACK_API_URL'],
    },
    {
      name: 'every problem at once',
      env: {
        SLACK_BOT_TOKEN: `bad-${LEAK_CANARY}`,
        SLACK_APP_TOKEN: `xoxb-${LEAK_CANARY}`,
        PORT: '-1',
        SLACK_API_URL: 'ftp://x/',
      },
      paths: ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'PORT', 'SLACK_API_URL'],
    },
  ])('$name → $paths', ({ env, paths }) => {
    const result = loadSlackSettings(env);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => e.path).sort()).toEqual([...paths].sort());
    const printed = formatConfigIssues(result.errors);
    expect(printed).not.toContain(LEAK_CANARY);
    expect(JSON.stringify(result.errors)).not.toContain(LEAK_CANARY);
  });
});
