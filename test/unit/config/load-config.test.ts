import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig, parseConfigText, type ConfigResult } from '../../../src/config/load-config';
import { formatConfigIssues, type ConfigIssue } from '../../../src/config/issues';
import { Secret } from '../../../src/config/secret';
import { REGION_NAMES } from '../../../src/genesys/regions';
import { LEAK_CANARY } from '../../support/secrets';
import {
  baseOrg,
  CLIENT_ID,
  DIAG_SECRET,
  ENV,
  FIXER_ID,
  FIXER_SECRET,
  makeTempDir,
  PROBE_SECRET,
  USER_ID,
  yamlWithOrgs,
} from './config-fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

function parse(yaml: string, env: NodeJS.ProcessEnv = ENV): ConfigResult {
  return parseConfigText(yaml, env, join(temp.dir, 'orgs.yml'));
}

function errorsOf(result: ConfigResult): ConfigIssue[] {
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

function configOf(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a valid config, got:\n${formatConfigIssues(result.errors)}`);
  return result.config;
}

/** JSON of a config, with Maps as objects so their contents are really serialised. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
}

describe('loadConfig: good files', () => {
  it('region form with env secrets: hosts from the region, defaults filled, ids lower-cased', () => {
    const path = temp.write(
      'region.yml',
      yamlWithOrgs(
        {
          acme: {
            ...baseOrg(),
            diagnostic: { clientId: CLIENT_ID.toUpperCase(), clientSecretEnv: 'ACME_DIAG_SECRET' },
          },
        },
        { allowedChannels: ['C0123456789'] },
      ),
    );
    const config = configOf(loadConfig(path, ENV));
    expect(config.source).toBe(path);
    expect(config.allowedChannels).toEqual(['C0123456789']);
    const acme = config.orgs.get('acme');
    expect(acme).toMatchObject({
      name: 'acme',
      region: 'us-east-1',
      apiBaseUrl: 'https://api.mypurecloud.com',
      loginBaseUrl: 'https://login.mypurecloud.com',
      channels: [],
      approvers: { users: [] },
      operations: ['screen-recording'],
    });
    expect(acme?.diagnostic.clientId).toBe(CLIENT_ID);
    expect(acme?.diagnostic.clientSecret).toBeInstanceOf(Secret);
    expect(acme?.diagnostic.clientSecret.reveal()).toBe(DIAG_SECRET);
    expect(acme?.fixer).toBeUndefined();
  });

  it('explicit loopback http form with file secrets (absolute and relative, content trimmed)', () => {
    temp.write('fixer.secret', `\n  ${FIXER_SECRET}  \n`);
    const probeFile = temp.write('probe.secret', `${PROBE_SECRET}\n`);
    const yaml = yamlWithOrgs({
      local: {
        apiBaseUrl: 'http://127.0.0.1:48123/',
        loginBaseUrl: 'http://localhost:48124//',
        diagnostic: { clientId: CLIENT_ID, clientSecretEnv: 'ACME_DIAG_SECRET' },
        fixer: { clientId: FIXER_ID, clientSecretFile: 'fixer.secret' },
        // The probe is the target integration's own client, never the diagnostic one.
        probe: { clientId: FIXER_ID.replace(/^7b/, '9c'), clientSecretFile: probeFile },
        target: { client: CLIENT_ID, user: USER_ID },
        channels: ['C0123456789', 'G0123456789'],
        approvers: { users: ['U0123456789', 'W0123456789'], userGroup: 'S0123456789', channel: 'C9876543210' },
        operations: ['Screen-Sessions', 'get /api/v2/conversations/abc/recordings'],
        requiredProduct: 'screen-recording-product',
      },
      v6: {
        apiBaseUrl: 'http://[::1]:48125',
        loginBaseUrl: 'https://login.example.com/',
        diagnostic: { clientId: CLIENT_ID, clientSecretEnv: 'ACME_DIAG_SECRET' },
        channels: ['D0123456789'],
      },
    });
    const config = configOf(loadConfig(temp.write('explicit.yml', yaml), ENV));
    const local = config.orgs.get('local');
    expect(local?.region).toBeUndefined();
    expect(local?.apiBaseUrl).toBe('http://127.0.0.1:48123');
    expect(local?.loginBaseUrl).toBe('http://localhost:48124');
    expect(local?.fixer?.clientSecret.reveal()).toBe(FIXER_SECRET);
    expect(local?.probe?.clientSecret.reveal()).toBe(PROBE_SECRET);
    expect(local?.target).toEqual({ client: CLIENT_ID, user: USER_ID });
    expect(local?.approvers).toEqual({
      users: ['U0123456789', 'W0123456789'],
      userGroup: 'S0123456789',
      channel: 'C9876543210',
    });
    expect(local?.operations).toEqual(['screen-sessions', 'GET /api/v2/conversations/abc/recordings']);
    expect(local?.requiredProduct).toBe('screen-recording-product');
    expect(config.orgs.get('v6')).toMatchObject({
      apiBaseUrl: 'http://[::1]:48125',
      loginBaseUrl: 'https://login.example.com',
    });
  });

  it('every region resolves', () => {
    for (const region of REGION_NAMES) {
      const config = configOf(parse(yamlWithOrgs({ acme: { ...baseOrg(), region } })));
      expect(config.orgs.get('acme')?.apiBaseUrl).toMatch(/^https:\/\/api\./);
    }
  });

  it('a fixer with only a user group as approvers is fine', () => {
    const org = {
      ...baseOrg(),
      fixer: { clientId: FIXER_ID, clientSecretEnv: 'ACME_FIXER_SECRET' },
      approvers: { userGroup: 'S0123456789' },
    };
    expect(parse(yamlWithOrgs({ acme: org })).ok).toBe(true);
  });

  it('secrets never appear in JSON.stringify or util.inspect of the config', () => {
    const org = {
      ...baseOrg(),
      fixer: { clientId: FIXER_ID, clientSecretEnv: 'ACME_FIXER_SECRET' },
      approvers: { users: ['U0123456789'] },
    };
    const config = configOf(parse(yamlWithOrgs({ acme: org })));
    const json = toJson(config);
    expect(json).toContain('[redacted]');
    expect(json).not.toContain(LEAK_CANARY);
    expect(inspect(config, { depth: 10 })).not.toContain(LEAK_CANARY);
  });
});

interface BadCase {
  name: string;
  org?: Record<string, unknown>;
  yaml?: string;
  env?: NodeJS.ProcessEnv;
  path: string;
  message: RegExp;
  hint?: RegExp;
}

const FIXER = { clientId: FIXER_ID, clientSecretEnv: 'ACME_FIXER_SECRET' };

const badCases: BadCase[] = [
  {
    name: 'unknown org key with did-you-mean',
    org: { ...baseOrg(), aprovers: { users: ['U0123456789'] } },
    path: 'orgs.acme.aprovers',
    message: /unknown key "aprovers"/,
    hint: /did you mean "approvers"\?/,
  },
  {
    name: 'unknown credentials key with did-you-mean',
    org: {
      ...baseOrg(),
      diagnostic: { clientId: CLIENT_ID, clientSecretEnv: 'ACME_DIAG_SECRET', clientSecertFile: '/x' },
    },
    path: 'orgs.acme.diagnostic.clientSecertFile',
    message: /unknown key/,
    hint: /did you mean "clientSecretFile"\?/,
  },
  {
    name: 'unknown top-level key with did-you-mean',
    yaml: yamlWithOrgs({ acme: baseOrg() }, { allowedChanels: ['C0123456789'] }),
    path: 'allowedChanels',
    message: /unknown key/,
    hint: /did you mean "allowedChannels"\?/,
  },
  {
    name: 'bad region lists the valid ones',
    org: { ...baseOrg(), region: 'us-east' },
    path: 'orgs.acme.region',
    message: new RegExp(`"us-east" is not a Genesys Cloud region; valid regions: ${REGION_NAMES.join(', ')}`),
    hint: /did you mean "us-east-1"\?/,
  },
  {
    name: 'region and explicit URLs together',
    org: { ...baseOrg(), apiBaseUrl: 'https://api.example.com', loginBaseUrl: 'https://login.example.com' },
    path: 'orgs.acme.region',
    message: /either region or apiBaseUrl and loginBaseUrl, not both/,
  },
  {
    name: 'neither region nor URLs',
    org: { diagnostic: baseOrg().diagnostic },
    path: 'orgs.acme',
    message: /needs region/,
  },
  {
    name: 'apiBaseUrl without loginBaseUrl',
    org: { apiBaseUrl: 'https://api.example.com', diagnostic: baseOrg().diagnostic },
    path: 'orgs.acme.loginBaseUrl',
    message: /required together with apiBaseUrl/,
  },
  {
    name: 'http on a non-loopback host',
    org: {
      apiBaseUrl: 'http://api.example.com',
      loginBaseUrl: 'https://login.example.com',
      diagnostic: baseOrg().diagnostic,
    },
    path: 'orgs.acme.apiBaseUrl',
    message: /http on api\.example\.com; plain http is allowed only on loopback/,
  },
  {
    name: 'credentials inside a URL are refused without echoing them',
    org: {
      apiBaseUrl: `https://u:${LEAK_CANARY}@api.example.com`,
      loginBaseUrl: 'https://login.example.com',
      diagnostic: baseOrg().diagnostic,
    },
    path: 'orgs.acme.apiBaseUrl',
    message: /must not contain a user name or password/,
  },
  {
    name: 'missing environment variable',
    org: baseOrg(),
    env: {},
    path: 'orgs.acme.diagnostic.clientSecretEnv',
    message: /environment variable ACME_DIAG_SECRET is not set/,
  },
  {
    name: 'empty environment variable',
    org: baseOrg(),
    env: { ACME_DIAG_SECRET: '  ' },
    path: 'orgs.acme.diagnostic.clientSecretEnv',
    message: /ACME_DIAG_SECRET is empty/,
  },
  {
    name: 'a secret typed into clientSecretEnv is not echoed',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretEnv: `${LEAK_CANARY}/with+chars=` } },
    path: 'orgs.acme.diagnostic.clientSecretEnv',
    message: /must be the name of an environment variable/,
  },
  {
    name: 'secret file that does not exist',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretFile: 'no-such.secret' } },
    path: 'orgs.acme.diagnostic.clientSecretFile',
    message: /no-such\.secret does not exist/,
  },
  {
    name: 'secret file that is a directory (unreadable)',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretFile: 'a-directory' } },
    path: 'orgs.acme.diagnostic.clientSecretFile',
    message: /is a directory/,
  },
  {
    name: 'empty secret file',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretFile: 'empty.secret' } },
    path: 'orgs.acme.diagnostic.clientSecretFile',
    message: /is empty/,
  },
  {
    name: 'both clientSecretEnv and clientSecretFile',
    org: {
      ...baseOrg(),
      diagnostic: { clientId: CLIENT_ID, clientSecretEnv: 'ACME_DIAG_SECRET', clientSecretFile: '/x' },
    },
    path: 'orgs.acme.diagnostic',
    message: /not both/,
  },
  {
    name: 'no secret source at all',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID } },
    path: 'orgs.acme.diagnostic',
    message: /needs clientSecretEnv .* or clientSecretFile/,
  },
  {
    name: 'inline clientSecret',
    org: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecret: `${LEAK_CANARY}-inline` } },
    path: 'orgs.acme.diagnostic.clientSecret',
    message: /client secrets may not be written in the config file/,
    hint: /clientSecretEnv.*clientSecretFile/,
  },
  {
    name: 'inline secret next to a valid source',
    org: { ...baseOrg(), fixer: { ...FIXER, secret: `${LEAK_CANARY}-inline2` }, approvers: { users: ['U0123456789'] } },
    path: 'orgs.acme.fixer.secret',
    message: /may not be written in the config file/,
  },
  {
    name: 'bad channel id',
    org: { ...baseOrg(), channels: ['C0123456789', 'general'] },
    path: 'orgs.acme.channels[1]',
    message: /"general" is not a Slack channel id/,
  },
  {
    name: 'bad approver user id',
    org: { ...baseOrg(), approvers: { users: ['u0123456789'] } },
    path: 'orgs.acme.approvers.users[0]',
    message: /"u0123456789" is not a Slack user id/,
  },
  {
    name: 'bad user group id',
    org: { ...baseOrg(), approvers: { userGroup: 'U0123456789' } },
    path: 'orgs.acme.approvers.userGroup',
    message: /is not a Slack user group id/,
  },
  {
    name: 'bad allowed channel',
    yaml: yamlWithOrgs({ acme: baseOrg() }, { allowedChannels: ['C123'] }),
    path: 'allowedChannels[0]',
    message: /"C123" is not a Slack channel id/,
  },
  {
    name: 'bad uuid',
    org: { ...baseOrg(), target: { client: 'not-a-uuid' } },
    path: 'orgs.acme.target.client',
    message: /"not-a-uuid" is not a Genesys Cloud id/,
  },
  {
    name: 'empty target',
    org: { ...baseOrg(), target: {} },
    path: 'orgs.acme.target',
    message: /client, user or both/,
  },
  {
    name: 'unknown operation alias',
    org: { ...baseOrg(), operations: ['screen-recordings'] },
    path: 'orgs.acme.operations[0]',
    message: /op must be an alias/,
    hint: /did you mean "screen-recording"\?/,
  },
  {
    name: 'unknown operation path',
    org: { ...baseOrg(), operations: ['screen-recording', 'GET /api/v2/no/such/thing'] },
    path: 'orgs.acme.operations[1]',
    message: /GET \/api\/v2\/no\/such\/thing is not a Genesys Cloud API operation/,
  },
  {
    name: 'fixer without approvers',
    org: { ...baseOrg(), fixer: FIXER },
    path: 'orgs.acme.approvers',
    message: /fixer credentials are configured but nobody can approve fixes/,
  },
  {
    name: 'fixer with only an approvals channel (nobody to approve)',
    org: { ...baseOrg(), fixer: FIXER, approvers: { channel: 'C0123456789' } },
    path: 'orgs.acme.approvers',
    message: /nobody can approve/,
  },
  {
    name: 'bad org name',
    yaml: yamlWithOrgs({ 'Acme Corp': baseOrg() }),
    path: 'orgs["Acme Corp"]',
    message: /org names are 1 to 40 lowercase letters/,
    hint: /try "acme-corp"/,
  },
  {
    name: 'org name too long',
    yaml: yamlWithOrgs({ ['a'.repeat(41)]: baseOrg() }),
    path: `orgs.${'a'.repeat(41)}`,
    message: /1 to 40/,
  },
  {
    name: 'no orgs',
    yaml: 'orgs: {}\n',
    path: 'orgs',
    message: /no orgs configured/,
  },
  {
    name: 'missing orgs',
    yaml: 'allowedChannels: []\n',
    path: 'orgs',
    message: /is required/,
  },
  {
    name: 'missing diagnostic credentials',
    org: { region: 'eu-west-1' },
    path: 'orgs.acme.diagnostic',
    message: /is required/,
  },
  {
    name: 'org that is not a mapping',
    yaml: 'orgs:\n  acme: [1, 2]\n',
    path: 'orgs.acme',
    message: /must be a mapping .*found a list/,
  },
  {
    name: 'channel mapped to two orgs',
    yaml: yamlWithOrgs({
      acme: { ...baseOrg(), channels: ['C0123456789'] },
      beta: { ...baseOrg(), channels: ['C0123456789'] },
    }),
    path: 'orgs.beta.channels[0]',
    message: /already mapped to org acme/,
  },
  {
    name: 'invalid YAML (position given, offending line not quoted)',
    yaml: `orgs:\n  acme: [1,\n    clientSecret: ${LEAK_CANARY}: x\n`,
    path: '',
    message: /^invalid YAML in .*orgs\.yml at line \d+, column \d+: /,
  },
  {
    name: 'duplicate key',
    yaml: 'orgs: {}\norgs: {}\n',
    path: '',
    message: /invalid YAML .* Map keys must be unique/,
  },
  {
    name: 'empty file',
    yaml: '# nothing\n',
    path: '',
    message: /is empty/,
  },
];

describe('loadConfig: bad files', () => {
  mkdirSync(join(temp.dir, 'a-directory'), { recursive: true });
  temp.write('empty.secret', '\n \n');

  it.each(badCases)('$name → $path', (bad) => {
    const yaml = bad.yaml ?? yamlWithOrgs({ acme: bad.org });
    const errors = errorsOf(parse(yaml, bad.env ?? ENV));
    const issue = errors.find((e) => e.path === bad.path);
    expect(issue, `issues were:\n${formatConfigIssues(errors)}`).toBeDefined();
    expect(issue?.message).toMatch(bad.message);
    if (bad.hint) expect(issue?.hint).toMatch(bad.hint);
    // Each bad file has exactly one problem (the YAML cases may have a follow-on syntax error).
    if (bad.path !== '') expect(errors, formatConfigIssues(errors)).toHaveLength(1);
    const printed = formatConfigIssues(errors);
    expect(printed).not.toContain(LEAK_CANARY);
    expect(JSON.stringify(errors)).not.toContain(LEAK_CANARY);
    expect(printed.split('\n')).toHaveLength(errors.length);
  });

  it.skipIf(process.getuid?.() === 0)('secret file without read permission', () => {
    const file = temp.write('locked.secret', FIXER_SECRET);
    chmodSync(file, 0o000);
    const errors = errorsOf(
      parse(yamlWithOrgs({ acme: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretFile: file } } })),
    );
    expect(errors).toEqual([
      { path: 'orgs.acme.diagnostic.clientSecretFile', message: expect.stringMatching(/permission denied/) },
    ]);
  });

  it('missing file is an issue, not an exception', () => {
    const result = loadConfig(join(temp.dir, 'does-not-exist.yml'), ENV);
    expect(errorsOf(result)).toEqual([
      { path: '', message: expect.stringMatching(/config file .*does-not-exist\.yml does not exist/) },
    ]);
  });

  it('a directory given as the config file is an issue', () => {
    expect(errorsOf(loadConfig(temp.dir, ENV))[0]?.message).toMatch(/is a directory/);
  });
});

describe('loadConfig: every problem at once', () => {
  it('reports schema, secret, cross-field and top-level issues together, across orgs', () => {
    const yaml = yamlWithOrgs(
      {
        acme: {
          regoin: 'us-east-1',
          apiBaseUrl: 'http://api.example.com',
          diagnostic: { clientId: 'nope', clientSecretEnv: 'MISSING_SECRET', clientSecret: `${LEAK_CANARY}-x` },
          fixer: { clientId: FIXER_ID, clientSecretFile: join(temp.dir, 'absent.secret') },
          channels: ['bad'],
          operations: ['nope'],
        },
        beta: { ...baseOrg(), region: 'mars-1', approvers: { users: ['X1'] } },
      },
      { allowedChannels: ['C1'], extra: true },
    );
    const errors = errorsOf(parse(yaml));
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        'allowedChannels[0]',
        'extra',
        'orgs.acme.regoin',
        'orgs.acme.apiBaseUrl',
        'orgs.acme.loginBaseUrl',
        'orgs.acme.diagnostic.clientId',
        'orgs.acme.diagnostic.clientSecret',
        'orgs.acme.diagnostic.clientSecretEnv',
        'orgs.acme.fixer.clientSecretFile',
        'orgs.acme.approvers',
        'orgs.acme.channels[0]',
        'orgs.acme.operations[0]',
        'orgs.beta.region',
        'orgs.beta.approvers.users[0]',
      ].sort(),
    );
    const printed = formatConfigIssues(errors);
    expect(printed.split('\n')).toHaveLength(errors.length);
    expect(printed).not.toContain(LEAK_CANARY);
    expect(JSON.stringify(errors)).not.toContain(LEAK_CANARY);
    expect(printed).toContain('orgs.acme.regoin: unknown key "regoin"');
    expect(printed).toContain('(did you mean "region"?)');
  });
});

describe('formatConfigIssues', () => {
  it('prints one line per issue, path first, hint in parentheses, newlines folded', () => {
    expect(
      formatConfigIssues([
        { path: 'orgs.acme.region', message: 'bad\nregion', hint: 'did you mean "us-east-1"?' },
        { path: '', message: 'config file x does not exist' },
      ]),
    ).toBe('orgs.acme.region: bad region (did you mean "us-east-1"?)\nconfig file x does not exist');
  });
});

describe('credentials kept apart', () => {
  it('refuses a fixer (or probe) that is the diagnostic client itself', () => {
    const id = '6f1b8a52-0c1d-4e6f-9a7b-1c2d3e4f5a6b';
    const yaml = `orgs:
  acme:
    region: us-east-1
    diagnostic: { clientId: ${id}, clientSecretEnv: DIAG }
    fixer: { clientId: ${id.toUpperCase()}, clientSecretEnv: DIAG }
    approvers: { users: [U0123456789] }
`;
    const result = parseConfigText(yaml, { DIAG: 'x-LEAKCANARY' }, 'test.yml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: 'orgs.acme.fixer.clientId',
          message: 'fixer uses the same OAuth client as diagnostic',
        }),
      ]);
  });
});
