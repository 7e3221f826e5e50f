import { describe, expect, it } from 'vitest';
import {
  describeFinding,
  findPastedSecrets,
  parsePastedError,
  type PasteFinding,
  type PasteParse,
} from '../../../src/paste';
import * as c from '../../support/paste/corpus';

const { CONV, REC, CTX, DIV, DIV2, CLIENT, USER } = c;
const RECORDINGS = '/api/v2/conversations/{conversationId}/recordings';

function finding(text: string): PasteFinding {
  const parse = parsePastedError(text);
  if (parse.kind !== 'genesys-403') throw new Error(`expected genesys-403, got ${JSON.stringify(parse)}`);
  return parse.finding;
}

interface Case403 {
  name: string;
  text: string;
  expected: Partial<PasteFinding> & { template?: string; mode?: string; scope?: string };
}

const cases403: Case403[] = [
  {
    name: 'raw ErrorBody JSON, missing.permissions',
    text: c.errorBodyMissing,
    expected: {
      code: 'missing.permissions',
      missingPermissions: ['recording:screenRecording:view'],
      divisions: [],
      contextId: CTX,
      source: 'json',
      likelyLayer: 'role',
      confidence: 'high',
    },
  },
  {
    name: 'pretty-printed ErrorBody, missing.any.permissions with two permissions',
    text: c.prettyMissingAny,
    expected: {
      code: 'missing.any.permissions',
      missingPermissions: ['recording:recording:view', 'recording:screenRecording:view'],
      contextId: CTX,
      source: 'json',
      likelyLayer: 'role',
    },
  },
  {
    name: 'division form: empty permission list + division list',
    text: c.divisionList,
    expected: {
      code: 'missing.permissions',
      missingPermissions: [],
      divisions: [DIV, DIV2],
      likelyLayer: 'division',
      source: 'json',
    },
  },
  {
    name: 'division form: permission with division id appended (Terraform line)',
    text: c.divisionSuffix,
    expected: {
      missingPermissions: ['recording:recording:view'],
      divisions: [DIV],
      contextId: CTX,
      source: 'terraform',
      likelyLayer: 'division',
    },
  },
  {
    name: 'JSON escaped inside a log line',
    text: c.escapedLogLine,
    expected: {
      code: 'missing.permissions',
      missingPermissions: ['recording:screenRecording:view'],
      method: 'GET',
      path: `/api/v2/conversations/${CONV}/recordings`,
      template: RECORDINGS,
      conversationId: CONV,
      contextId: CTX,
      source: 'escaped-json',
    },
  },
  {
    name: 'JSON escaped twice inside a JSON log record',
    text: c.doubleEscapedJsonLog,
    expected: {
      code: 'not.authorized',
      message: 'You are not authorized to perform the requested action.',
      contextId: CTX,
      source: 'escaped-json',
      likelyLayer: 'unknown',
    },
  },
  {
    name: 'JavaScript platform-client SDK error (util.inspect output)',
    text: c.jsSdkInspect,
    expected: {
      code: 'missing.permissions',
      missingPermissions: ['recording:screenRecording:view'],
      contextId: CTX,
      source: 'sdk',
      confidence: 'high',
    },
  },
  {
    name: 'Python ApiException (403) / Reason / HTTP response body, operation from the SDK call',
    text: c.pythonApiException,
    expected: {
      code: 'missing.any.permissions',
      missingPermissions: ['recording:recording:view', 'recording:recordingSegment:view'],
      method: 'GET',
      template: RECORDINGS,
      contextId: CTX,
      source: 'sdk',
    },
  },
  {
    name: 'Java ApiException with stack trace naming the API method',
    text: c.javaApiException,
    expected: {
      missingPermissions: ['recording:screenRecording:view'],
      method: 'GET',
      template: '/api/v2/recordings/screensessions/details',
      source: 'sdk',
      likelyLayer: 'role',
      confidence: 'high',
    },
  },
  {
    name: '.NET ApiException "Error calling GetX: {...}"',
    text: c.dotnetApiException,
    expected: {
      code: 'not.authorized',
      method: 'GET',
      template: RECORDINGS,
      contextId: CTX,
      source: 'sdk',
      likelyLayer: 'interaction',
    },
  },
  {
    name: 'Go SDK error string',
    text: c.goSdkError,
    expected: { missingPermissions: ['recording:recording:view'], contextId: CTX, source: 'sdk', likelyLayer: 'role' },
  },
  {
    name: 'curl -v output with Host header and ININ-Correlation-Id',
    text: c.curlVerbose,
    expected: {
      code: 'not.authorized',
      method: 'GET',
      path: `/api/v2/conversations/${CONV}/recordings`,
      template: RECORDINGS,
      mode: 'any',
      scope: 'recordings',
      region: 'eu-west-1',
      conversationId: CONV,
      contextId: CTX,
      source: 'curl',
      likelyLayer: 'interaction',
      confidence: 'high',
    },
  },
  {
    name: 'curl command with -X PUT and body, answer below',
    text: c.curlCommandPut,
    expected: {
      method: 'PUT',
      path: `/api/v2/conversations/${CONV}/recordings/${REC}`,
      template: '/api/v2/conversations/{conversationId}/recordings/{recordingId}',
      region: 'us-west-2',
      missingPermissions: ['recording:recording:editRetention'],
      conversationId: CONV,
      source: 'curl',
    },
  },
  {
    name: 'HTTP access log line',
    text: c.accessLog,
    expected: {
      method: 'GET',
      path: '/api/v2/recordings/screensessions/details',
      template: '/api/v2/recordings/screensessions/details',
      missingPermissions: [],
      source: 'http-log',
      likelyLayer: 'unknown',
      confidence: 'medium',
    },
  },
  {
    name: 'Terraform tf_export error with wrapped JSON log line',
    text: c.terraformExport,
    expected: {
      missingPermissions: ['journey:actionmap:view'],
      method: 'GET',
      path: '/api/v2/journey/actionmaps',
      template: '/api/v2/journey/actionmaps',
      contextId: 'c5fad4cb-d540-4913-be4a-761b3dec1281',
      source: 'terraform',
      likelyLayer: 'role',
    },
  },
  {
    name: 'gc CLI output',
    text: c.gcCli,
    expected: {
      code: 'missing.any.permissions',
      missingPermissions: ['recording:recording:view'],
      contextId: CTX,
      source: 'cli',
    },
  },
  {
    name: 'Postman report with full URL',
    text: c.postman,
    expected: {
      method: 'POST',
      path: '/api/v2/recording/jobs',
      template: '/api/v2/recording/jobs',
      mode: 'all',
      region: 'eu-central-1',
      missingPermissions: ['recording:job:add'],
      source: 'postman',
    },
  },
  {
    name: 'Slack-delivered curl in a code block (&gt; &lt; &amp; entities, query string)',
    text: c.slackCurlEncoded,
    expected: {
      code: 'missing.permissions',
      method: 'GET',
      path: `/api/v2/conversations/${CONV}/recordings`,
      region: 'us-east-1',
      contextId: CTX,
      source: 'curl',
    },
  },
  {
    name: 'prose with a Slack link <url|label>',
    text: c.slackLinkProse,
    expected: {
      method: 'GET',
      path: `/api/v2/conversations/${CONV}/recordings`,
      region: 'ap-southeast-2',
      conversationId: CONV,
      source: 'prose',
      confidence: 'high',
    },
  },
  {
    name: 'pretty JSON quoted in Slack (&gt; on every line)',
    text: c.slackQuotedPretty,
    expected: {
      code: 'missing.permissions',
      missingPermissions: ['recording:screenRecording:view'],
      contextId: CTX,
      source: 'json',
    },
  },
  {
    name: 'prose "403 on POST /api/v2/..."',
    text: c.proseMethodPath,
    expected: {
      method: 'POST',
      path: '/api/v2/recording/jobs',
      template: '/api/v2/recording/jobs',
      mode: 'all',
      missingPermissions: [],
      source: 'prose',
      likelyLayer: 'unknown',
      confidence: 'medium',
    },
  },
  {
    name: 'prose "getting forbidden when calling GET ..."',
    text: c.proseForbidden,
    expected: { method: 'GET', template: RECORDINGS, conversationId: CONV, source: 'prose' },
  },
  {
    name: 'prose naming scopes the poster already has: scopes are not treated as missing',
    text: c.proseScopesMentioned,
    expected: {
      missingPermissions: [],
      held: ['recordings', 'recordings:readonly'],
      template: '/api/v2/recordings/screensessions/details',
      likelyLayer: 'unknown',
      source: 'prose',
      confidence: 'medium',
    },
  },
  {
    name: 'the bare Genesys sentence without any status',
    text: c.bareSentence,
    expected: { missingPermissions: ['recording:screenRecording:view'], likelyLayer: 'role', confidence: 'high' },
  },
  {
    name: 'axios error with config.url and lowercase method',
    text: c.axiosError,
    expected: {
      method: 'GET',
      path: `/api/v2/users/${USER}/roles`,
      region: 'ap-northeast-1',
      userId: USER,
      missingPermissions: ['authorization:grant:view'],
      source: 'sdk',
    },
  },
  {
    name: 'not.authorized on an endpoint that targets no interaction',
    text: c.notAuthorizedNonInteraction,
    expected: { code: 'not.authorized', template: '/api/v2/recordings/screensessions/details', likelyLayer: 'unknown' },
  },
  {
    name: 'an error text that itself mentions scope',
    text: c.scopeWorded,
    expected: { code: 'not.authorized', likelyLayer: 'scope' },
  },
  {
    name: 'Python dict repr of the body with client_id next to it',
    text: c.pythonDictRepr,
    expected: {
      code: 'missing.permissions',
      missingPermissions: ['recording:recording:view'],
      clientId: CLIENT,
      contextId: CTX,
      source: 'json',
    },
  },
  {
    name: 'OAuth client path gives the client id (Canada region)',
    text: c.oauthClientPath,
    expected: {
      method: 'PUT',
      template: '/api/v2/oauth/clients/{clientId}',
      clientId: CLIENT,
      region: 'ca-central-1',
      missingPermissions: ['oauth:client:edit'],
    },
  },
];

describe('parsePastedError: Genesys 403 pastes', () => {
  it.each(cases403)('$name', ({ text, expected }) => {
    const f = finding(text);
    const { template, mode, scope, ...fields } = expected;
    expect(f).toMatchObject(fields);
    if (template !== undefined) expect(f.operation?.template).toBe(template);
    if (mode !== undefined) expect(f.operation?.mode).toBe(mode);
    if (scope !== undefined) expect(f.operation?.scope?.scope).toBe(scope);
    expect(f.status).toBe(403);
    expect(f.layerReason.length).toBeGreaterThan(10);
  });

  it('operation carries the catalog permissions and the inferred scope', () => {
    const f = finding(c.curlVerbose);
    expect(f.operation).toMatchObject({ operationId: 'getConversationRecordings', mode: 'any' });
    expect(f.operation?.permissions).toContain('recording:screenRecording:view');
    expect(f.operation?.scope).toMatchObject({
      scope: 'recordings',
      acceptsReadonly: true,
      accepted: ['recordings', 'recordings:readonly'],
    });
  });

  it('keeps the pasted path (ids) but drops the query string', () => {
    expect(finding(c.slackCurlEncoded).path).toBe(`/api/v2/conversations/${CONV}/recordings`);
  });
});

interface OtherCase {
  name: string;
  text: string;
  status: number;
  code?: string;
  hint: RegExp;
}

const otherCases: OtherCase[] = [
  { name: '401 from curl', text: c.curl401, status: 401, code: 'authentication.required', hint: /token/ },
  {
    name: '404 not.found for a conversation',
    text: c.notFound404,
    status: 404,
    code: 'not.found',
    hint: /does not exist/,
  },
  { name: '429 from Terraform', text: c.rateLimited429, status: 429, hint: /Retry-After/ },
  {
    name: '400 invalid.date from the Python SDK',
    text: c.badRequest400,
    status: 400,
    code: 'invalid.date',
    hint: /permissions are not involved/,
  },
  {
    name: 'login host refuses the client (invalid_client)',
    text: c.loginInvalidClient,
    status: 401,
    code: 'invalid_client',
    hint: /client credentials/,
  },
];

describe('parsePastedError: other Genesys statuses', () => {
  it.each(otherCases)('$name', ({ text, status, code, hint }) => {
    const parse = parsePastedError(text);
    expect(parse.kind).toBe('other-genesys-status');
    if (parse.kind !== 'other-genesys-status') return;
    expect(parse.status).toBe(status);
    expect(parse.code).toBe(code);
    expect(parse.hint).toMatch(hint);
    expect(parse.hint.split('\n')).toHaveLength(1);
  });
});

describe('parsePastedError: not a Genesys 403', () => {
  it.each(Object.entries(c.negatives))('%s', (_name, text) => {
    expect(parsePastedError(text)).toEqual({ kind: 'none' });
  });

  it('a dotted code alone does not prove Genesys, even with a 403', () => {
    expect(parsePastedError('got 403 with code not.authorized').kind).toBe('none');
    expect(parsePastedError('{"code":"missing.permissions","status":403}').kind).toBe('none');
  });

  it('a Genesys host on the same paste does not rescue a proxy HTML page', () => {
    expect(parsePastedError(c.negatives.nginxProxy!).kind).toBe('none');
  });

  it('but a foreign word cannot veto a real Genesys error body', () => {
    const parse = parsePastedError(`our worker on AWS (us-east-1) logged: ${c.errorBodyMissing}`);
    expect(parse.kind).toBe('genesys-403');
  });
});

describe('secrets', () => {
  const SECRET = 'LEAKCANARY0123456789abcdef';
  const sightings: Array<[string, string, string]> = [
    ['bearer header', `> Authorization: Bearer ${SECRET}`, 'bearer-token'],
    ['basic header', `-H "Authorization: Basic ${SECRET}=="`, 'basic-auth'],
    ['client_secret form field', `grant_type=client_credentials&client_secret=${SECRET}`, 'client-secret'],
    ['clientSecret in JSON', `{"clientId":"${CLIENT}","clientSecret":"${SECRET}"}`, 'client-secret'],
    ['env var', `GENESYS_CLIENT_SECRET=${SECRET}`, 'client-secret'],
    ['curl -u', `curl -u ${CLIENT}:${SECRET} https://login.mypurecloud.com/oauth/token`, 'curl -u'],
    ['access_token in a URL', `https://api.mypurecloud.com/api/v2/users/me?access_token=${SECRET}`, 'access-token'],
    ['credentials in a URL', `https://user:${SECRET}@proxy.example.com`, 'url-credentials'],
    ['slack token', `SLACK_BOT_TOKEN xoxb-1234567890-${SECRET}`, 'slack-token'],
  ];

  it.each(sightings)('spots a %s, kind only', (_name, text, kind) => {
    const found = findPastedSecrets(text);
    expect(found.map((s) => s.kind)).toContain(kind);
    expect(JSON.stringify(found)).not.toContain('LEAKCANARY');
  });

  it('ignores placeholders', () => {
    for (const text of [
      'client_secret=$CLIENT_SECRET',
      'Authorization: Bearer <token>',
      'Bearer [redacted]',
      'client_secret: "xxxxxxxx"',
      'curl -u $ID:$SECRET https://x',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable as people paste it, not a template
      'Authorization: Bearer ${TOKEN}',
      'the bearer token expired',
    ]) {
      expect(findPastedSecrets(text), text).toEqual([]);
    }
  });

  it('flags a pasted token in a 403 paste, never echoes it, and the explanation says to rotate it', () => {
    const text = c.curlVerbose.replace('> Accept: */*', `> Accept: */*\n> Authorization: Bearer ${SECRET}`);
    const parse = parsePastedError(text);
    expect(parse.kind).toBe('genesys-403');
    if (parse.kind !== 'genesys-403') return;
    expect(parse.finding.secrets).toEqual([{ kind: 'bearer-token', line: 6 }]);
    expect(JSON.stringify(parse)).not.toContain('LEAKCANARY');
    const lines = describeFinding(parse.finding);
    expect(lines.join('\n')).not.toContain('LEAKCANARY');
    expect(lines.some((l) => /credential was pasted.*rotated/.test(l))).toBe(true);
  });

  it('a 401 paste with a token still reports the sighting', () => {
    const parse = parsePastedError(`${c.curl401}\n> Authorization: Bearer ${SECRET}`);
    expect(parse).toMatchObject({ kind: 'other-genesys-status', status: 401, secrets: [{ kind: 'bearer-token' }] });
    expect(JSON.stringify(parse)).not.toContain('LEAKCANARY');
  });

  it('the client id before curl -u stays readable while the secret is not', () => {
    const f = finding(`${c.proseMethodPath}\ncurl -u ${CLIENT}:${SECRET} https://login.mypurecloud.com/oauth/token`);
    expect(f.clientId).toBe(CLIENT);
    expect(f.secrets.map((s) => s.kind)).toEqual(['curl -u']);
    expect(JSON.stringify(f)).not.toContain('LEAKCANARY');
  });
});

describe('describeFinding', () => {
  it('says what the error says, what the endpoint needs, the scope (inferred) and the layer', () => {
    const lines = describeFinding(finding(c.curlVerbose));
    const text = lines.join('\n');
    expect(text).toContain('403 Forbidden not.authorized');
    expect(text).toContain(`GET /api/v2/conversations/${CONV}/recordings (region eu-west-1)`);
    expect(text).toContain(`contextId ${CTX}`);
    expect(text).toMatch(
      /needs, per the permission catalog: any one of recording:recording:view, .*recording:screenRecording:view/,
    );
    expect(text).toMatch(/OAuth scope \(inferred from API group RecordingApi.*\): recordings or recordings:readonly/);
    expect(text).toContain('Likely layer: interaction');
    expect(text).not.toMatch(/rotated/);
  });

  it('says "all of" for mode all and names the missing permissions', () => {
    const text = describeFinding(finding(c.postman)).join('\n');
    expect(text).toContain('all of recording:job:add');
    expect(text).toContain('Permissions named by the error (missing): recording:job:add');
  });

  it('adds the rules beyond the gate for an operation that has them (the retention update), and none for one that has not', () => {
    const retention = describeFinding(
      finding(
        `403 Forbidden on PUT /api/v2/conversations/${CONV}/recordings/${CONV} {"message":"You are missing the following permission(s): [recording:screenRecording:editRetention]","code":"missing.permissions","status":403}`,
      ),
    ).join('\n');
    expect(retention).toMatch(
      /Beyond that gate, the SDK description requires a view permission for the recording AND the editRetention of its type/,
    );
    expect(retention).toMatch(/ARCHIVED recording restores it/);
    const list = describeFinding(finding(c.curlVerbose)).join('\n');
    expect(list).not.toMatch(/Beyond that gate/);
  });

  it('never emits Slack markup, even when the paste carries some', () => {
    const f = finding(
      `<!channel> <@U123ABC> \`${c.proseMethodPath}\` {"message":"You are missing the following permission(s): [recording:job:add] <!here>","code":"missing.permissions","status":403}`,
    );
    const text = describeFinding(f).join('\n');
    expect(text).not.toMatch(/[<>`]/);
    expect(text).not.toMatch(/<!|<@/);
  });
});

describe('result shape', () => {
  it('is plain JSON data (round-trips through JSON)', () => {
    for (const text of c.genesysPastes) {
      const parse: PasteParse = parsePastedError(text);
      expect(JSON.parse(JSON.stringify(parse))).toEqual(parse);
    }
  });
});
