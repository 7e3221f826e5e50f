import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { Secret } from '../../../src/config/secret';
import { ChannelAccess } from '../../../src/slack/access';
import {
  asksForHelp,
  chooseOrg,
  decidePaste,
  requestFields,
} from '../../../src/slack/listeners/messages/paste-decision';
import { decideAnswer, parsePastedError } from '../../../src/paste';
import {
  CLIENT,
  CONV,
  curl401,
  errorBodyMissing,
  negatives,
  notFound404,
  postman,
  slackLinkProse,
} from '../../support/paste/corpus';

function org(name: string, channels: string[], hosts: { region?: string; apiBaseUrl?: string } = {}): OrgConfig {
  return {
    name,
    ...(hosts.region ? { region: hosts.region } : {}),
    apiBaseUrl: hosts.apiBaseUrl ?? 'http://127.0.0.1:1',
    loginBaseUrl: 'http://127.0.0.1:2',
    diagnostic: { clientId: 'id', clientSecret: new Secret('LEAKCANARY-x') },
    channels,
    approvers: { users: [] },
    operations: [],
  };
}

const config: AppConfig = {
  orgs: new Map([
    ['acme', org('acme', ['CACME'], { region: 'us-east-1' })],
    ['globex', org('globex', ['CGLOBEX'], { apiBaseUrl: 'https://api.mypurecloud.de' })],
    ['initech', org('initech', ['CINITECH'])],
  ]),
  allowedChannels: ['CSHARED'],
  source: 'test',
};
const catalog = loadCatalog();
const deps = { access: new ChannelAccess(config, false), config, catalog };
const demoDeps = { access: new ChannelAccess(config, true), config, catalog };
const decide = (text: string, channelId = 'CACME', isDm = false) => decidePaste({ text, channelId, isDm }, deps);

// GET on a us-east-1 host (api.mypurecloud.com).
const usEast403 = `403 Forbidden on GET https://api.mypurecloud.com/api/v2/conversations/${CONV}/recordings client_id=${CLIENT}\n${errorBodyMissing}`;

describe('decidePaste', () => {
  it('explains a Genesys 403 in a mapped channel with the request the paste reveals', () => {
    const d = decide(usEast403);
    expect(d.kind).toBe('explain');
    if (d.kind !== 'explain') return;
    expect(d.target).toEqual({
      kind: 'org',
      request: {
        org: 'acme',
        client: CLIENT,
        interaction: CONV,
        op: `GET /api/v2/conversations/${CONV}/recordings`,
        fresh: false,
      },
    });
  });

  it('stays silent in a channel no org is mapped to, even for the built-in demo org', () => {
    expect(decide(usEast403, 'CRANDOM')).toMatchObject({ kind: 'ignore' });
    expect(decidePaste({ text: usEast403, channelId: 'CRANDOM', isDm: false }, demoDeps)).toMatchObject({
      kind: 'ignore',
    });
  });

  it('asks for org= when several orgs could apply and the region does not decide', () => {
    const d = decide(errorBodyMissing, 'CSHARED');
    expect(d).toMatchObject({
      kind: 'explain',
      target: { kind: 'ask', orgsHere: ['acme', 'globex', 'initech'], isDm: false },
    });
  });

  it("picks the one org whose region is the paste's among several", () => {
    const us = decide(usEast403, 'CSHARED');
    expect(us.kind === 'explain' && us.target.kind === 'org' && us.target.request.org).toBe('acme');
    const de = decide(postman, 'CSHARED'); // api.mypurecloud.de
    expect(de.kind === 'explain' && de.target.kind === 'org' && de.target.request.org).toBe('globex');
  });

  it('explains in a DM but names no org unless the config maps the DM', () => {
    const d = decide(usEast403, 'D123', true);
    expect(d).toMatchObject({ kind: 'explain', target: { kind: 'ask', orgsHere: [], isDm: true } });
    expect(decidePaste({ text: usEast403, channelId: 'D123', isDm: true }, demoDeps)).toMatchObject({
      target: { kind: 'ask', orgsHere: [] },
    });
  });

  it('hints at another Genesys status only when the message asks', () => {
    expect(decide(curl401)).toMatchObject({ kind: 'ignore' });
    expect(decide(`why? \n${curl401}`)).toMatchObject({ kind: 'hint', status: 401, code: 'authentication.required' });
    expect(decide(`anyone seen this ${notFound404}`)).toMatchObject({ kind: 'hint', status: 404 });
  });

  it('warns about a credential in a message that is no error, and in a 401 nobody asked about', () => {
    expect(decide('curl -u 3b5f7a9c:LEAKCANARYsecretvalue https://api.mypurecloud.com/api/v2/users/me')).toEqual({
      kind: 'secrets',
      secrets: [{ kind: 'curl -u', line: 1 }],
    });
    expect(decide(`${curl401}\nclient_secret=LEAKCANARY0123456789`)).toMatchObject({ kind: 'secrets' });
  });

  it('answers what src/paste decides, so Slack and `sr-check explain` agree (a credential-only message warns in both)', () => {
    const text = 'Genesys Cloud OAuth client: client_id=abc client_secret=s3cr3t (works fine)';
    expect(decideAnswer(text).answer).toEqual({ kind: 'secrets', secrets: [{ kind: 'client-secret', line: 1 }] });
    expect(decide(text)).toEqual({ kind: 'secrets', secrets: [{ kind: 'client-secret', line: 1 }] });
    expect(decide('Genesys Cloud returns 403 Forbidden, missing permission wfm:schedule:edit')).toMatchObject({
      kind: 'explain',
      finding: { confidence: 'medium', missingPermissions: ['wfm:schedule:edit'] },
    });
  });

  it.each(Object.entries(negatives))('ignores %s', (_name, text) => {
    expect(decide(text)).toMatchObject({ kind: 'ignore' });
  });
});

describe('chooseOrg', () => {
  it('takes the only org here unless both regions are known and differ', () => {
    expect(chooseOrg(['acme'], config, undefined)).toBe('acme');
    expect(chooseOrg(['acme'], config, 'us-east-1')).toBe('acme');
    expect(chooseOrg(['acme'], config, 'eu-west-1')).toBeUndefined();
    expect(chooseOrg(['initech'], config, 'eu-west-1')).toBe('initech');
  });

  it('among several, takes the single region match or none', () => {
    expect(chooseOrg(['acme', 'globex'], config, 'eu-central-1')).toBe('globex');
    expect(chooseOrg(['acme', 'globex'], config, undefined)).toBeUndefined();
    expect(chooseOrg(['acme', 'globex'], config, 'eu-west-1')).toBeUndefined();
    expect(chooseOrg([], config, 'us-east-1')).toBeUndefined();
  });
});

describe('requestFields', () => {
  const finding = (text: string) => {
    const parsed = parsePastedError(text, catalog);
    if (parsed.kind !== 'genesys-403') throw new Error('fixture is not a 403');
    return parsed.finding;
  };

  it('keeps the concrete path and valid ids', () => {
    expect(requestFields(finding(slackLinkProse), catalog)).toEqual({
      interaction: CONV,
      op: `GET /api/v2/conversations/${CONV}/recordings`,
    });
  });

  it('drops ids that are not Genesys ids and falls back to the template', () => {
    const f = { ...finding(usEast403), clientId: 'not-a-uuid', path: '/api/v2/something/else' };
    expect(requestFields(f, catalog)).toEqual({
      interaction: CONV,
      op: 'GET /api/v2/conversations/{conversationId}/recordings',
    });
  });
});

describe('asksForHelp', () => {
  it.each([
    ['why does this fail', true],
    ['can anyone help', true],
    ['is this a role thing?', true],
    ['How do I fix this', true],
    ['```GET /api/v2/x?y=1 HTTP/1.1```', false],
    ['GET https://api.mypurecloud.com/api/v2/x?y=1', false],
    ['> what? inside a curl quote line', false],
    ['{"message":"why? inside the error body","status":401}', false],
    ['fyi: 401 since the secret was rotated', false],
  ])('%j → %s', (text, expected) => {
    expect(asksForHelp(text)).toBe(expected);
  });
});

describe('decidePaste for the "Explain this 403" shortcut (asked)', () => {
  it('explains a paste in a channel no org is mapped to, asking for org= (it names no org)', () => {
    const decision = decidePaste({ text: usEast403, channelId: 'CRANDOM', isDm: false }, deps, true);
    expect(decision.kind).toBe('explain');
    if (decision.kind === 'explain') expect(decision.target).toMatchObject({ kind: 'ask', orgsHere: [] });
    expect(decidePaste({ text: usEast403, channelId: 'CRANDOM', isDm: false }, deps).kind).toBe('ignore');
  });

  it('gives another Genesys status its hint even when the message asks nothing', () => {
    expect(decide(curl401).kind).toBe('ignore');
    expect(decidePaste({ text: curl401, channelId: 'CACME', isDm: false }, deps, true).kind).toBe('hint');
  });
});
