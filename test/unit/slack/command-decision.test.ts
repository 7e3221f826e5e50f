import { describe, expect, it } from 'vitest';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { Secret } from '../../../src/config/secret';
import { USAGE } from '../../../src/request/grammar';
import { ChannelAccess } from '../../../src/slack/access';
import { escapeText } from '../../../src/slack/blocks/text';
import { decideCommand, stripLeadingMentions } from '../../../src/slack/command-decision';

function org(name: string, channels: string[]): OrgConfig {
  return {
    name,
    apiBaseUrl: 'http://127.0.0.1:1',
    loginBaseUrl: 'http://127.0.0.1:2',
    diagnostic: { clientId: 'id', clientSecret: new Secret('LEAKCANARY-x') },
    channels,
    approvers: { users: [] },
    operations: [],
  };
}

const config: AppConfig = {
  orgs: new Map([
    ['acme', org('acme', ['CACME'])],
    ['globex', org('globex', ['CGLOBEX'])],
  ]),
  allowedChannels: ['CADMIN'],
  source: 'test',
};
const access = new ChannelAccess(config, false);
const demoAccess = new ChannelAccess(config, true);
const usage = escapeText(USAGE);

describe('decideCommand', () => {
  it.each([
    ['', 'help'],
    ['help', 'help'],
    ['  HELP ', 'help'],
  ])('%j → help text with the usage line', (text) => {
    const d = decideCommand(text, 'CACME', access);
    expect(d.kind).toBe('reply');
    expect(d.kind === 'reply' && d.text).toContain(usage);
  });

  it.each([
    ['CACME', ['acme']],
    ['CGLOBEX', ['globex']],
    ['CADMIN', ['acme', 'globex']],
    ['CRANDOM', []],
  ])('orgs in %s lists only %j', (channel, expected) => {
    const d = decideCommand('orgs', channel, access);
    if (d.kind !== 'reply') throw new Error('expected a reply');
    for (const name of ['acme', 'globex']) expect(d.text.includes(`\`${name}\``)).toBe(expected.includes(name));
  });

  it.each([
    ['org=acme color=blue', 'unknown key "color"'],
    ['org=acme client=not-a-uuid', 'client must be a Genesys id'],
    ['client=3f2a1b4c-0000-4000-8000-000000000000', 'org=<name> is required'],
    ['org=acme org=globex', 'org is given twice'],
    ['org=acme; rm -rf /', 'unexpected ";"'],
  ])('%j → usage error', (text, message) => {
    // CADMIN may use both orgs, so org= cannot be left out there.
    const d = decideCommand(text, 'CADMIN', access);
    if (d.kind !== 'reply') throw new Error('expected a reply');
    expect(d.text).toContain(escapeText(message));
    expect(d.text).toContain(usage);
  });

  it('uses identical words for an unknown org and an org not mapped to the channel', () => {
    const unmapped = decideCommand('org=globex', 'CACME', access);
    const unknown = decideCommand('org=globey', 'CACME', access);
    if (unmapped.kind !== 'reply' || unknown.kind !== 'reply') throw new Error('expected replies');
    expect(unmapped.text.replace('globex', 'NAME')).toBe(unknown.text.replace('globey', 'NAME'));
    // Same org, one config where it exists (unmapped) and one where it does not: the very same text.
    const without = new ChannelAccess({ ...config, orgs: new Map([['acme', config.orgs.get('acme')!]]) }, false);
    const unknownGlobex = decideCommand('org=globex', 'CACME', without);
    expect(unknownGlobex).toEqual(unmapped);
  });

  it('lets a channel mapped to exactly one org leave out org=, and nowhere else', () => {
    expect(decideCommand('fresh', 'CACME', access)).toMatchObject({
      kind: 'check',
      request: { org: 'acme', fresh: true },
    });
    expect(decideCommand('client=3f2a1b4c-0000-4000-8000-000000000000', 'CGLOBEX', access)).toMatchObject({
      kind: 'check',
      request: { org: 'globex' },
    });
    // An explicit org= still wins, and is still refused where it is not mapped.
    expect(decideCommand('org=globex', 'CACME', access).kind).toBe('reply');
    // Two orgs (allowedChannels) or none: org= is required.
    for (const channel of ['CADMIN', 'CRANDOM']) {
      const d = decideCommand('fresh', channel, access);
      expect(d.kind === 'reply' && d.text).toContain('org=&lt;name&gt; is required');
    }
    // The built-in demo org is everywhere, so it does not count as the channel's org.
    expect(decideCommand('fresh', 'CACME', demoAccess)).toMatchObject({ kind: 'check', request: { org: 'acme' } });
    expect(decideCommand('help', 'CACME', access)).toMatchObject({ kind: 'reply' });
    expect(decideCommand('orgs', 'CACME', access)).toMatchObject({ kind: 'reply' });
  });

  it('allows mapped channels and allowedChannels', () => {
    expect(decideCommand('org=acme fresh', 'CACME', access)).toMatchObject({
      kind: 'check',
      request: { org: 'acme', fresh: true },
    });
    expect(decideCommand('org=globex', 'CADMIN', access)).toMatchObject({ kind: 'check', request: { org: 'globex' } });
  });

  it('offers the demo org everywhere only when enabled, and scenario= only for it', () => {
    expect(decideCommand('org=demo', 'CRANDOM', access).kind).toBe('reply');
    expect(decideCommand('org=demo scenario=cc-no-role', 'CRANDOM', demoAccess)).toMatchObject({
      kind: 'check',
      request: { org: 'demo', scenario: 'cc-no-role' },
    });
    const orgs = decideCommand('orgs', 'CRANDOM', demoAccess);
    expect(orgs.kind === 'reply' && orgs.text).toContain('`demo`');
    const d = decideCommand('org=acme scenario=healthy', 'CACME', demoAccess);
    expect(d.kind === 'reply' && d.text).toContain('only for the built-in demo org');
  });

  it.each([
    { text: 'org=acme op="POST /api/v2/interaction/screenrecordings"', kind: 'not-an-operation' },
    {
      text: 'org=acme op="POST https://api.mypurecloud.com/api/v2/interaction/screenrecordings"',
      kind: 'not-an-operation',
    },
    { text: 'org=acme op="GET /api/v2/conversations/abc/recordings"', kind: 'check' },
    { text: 'org=acme op=screen-recording', kind: 'check' },
    { text: 'org=acme op="GET /api/v2/foo/bar"', kind: 'reply', reply: /no real operation is near it/ },
    {
      text: 'org=globex op="POST /api/v2/interaction/screenrecordings"',
      kind: 'reply',
      reply: /No org "globex" is available/,
    },
  ])('op= that is no operation: $text → $kind', ({ text, kind, reply }) => {
    const d = decideCommand(text, 'CACME', access);
    expect(d.kind).toBe(kind);
    if (d.kind === 'not-an-operation') expect(d.unknown.nearest.length).toBeGreaterThan(0);
    if (reply) expect(d.kind === 'reply' && d.text).toMatch(reply);
  });

  it('escapes what the user typed in error replies', () => {
    const d = decideCommand('org=acme <!channel>=1 @everyone', 'CACME', access);
    if (d.kind !== 'reply') throw new Error('expected a reply');
    expect(d.text).not.toMatch(/<!channel>|@everyone/);
  });
});

describe('stripLeadingMentions', () => {
  it.each([
    ['<@UBOT> org=acme', 'org=acme'],
    ['  <@UBOT|sr-check>   org=acme fresh', 'org=acme fresh'],
    ['<@UBOT><@UBOT> help', 'help'],
    ['org=acme <@UOTHER>', 'org=acme <@UOTHER>'],
  ])('%j → %j', (input, expected) => {
    expect(stripLeadingMentions(input)).toBe(expected);
  });
});
