import { describe, expect, it } from 'vitest';
import {
  normaliseError,
  parsePermissionList,
  permissionsFromParams,
  transportError,
} from '../../../src/genesys/errors';
import type { GenesysError } from '../../../src/genesys/result';

const op = 'GET /api/v2/conversations/{conversationId}/recordings';

describe('normaliseError', () => {
  const cases: {
    name: string;
    status: number;
    body?: unknown;
    headers?: Record<string, unknown>;
    expected: Partial<GenesysError>;
  }[] = [
    {
      name: 'missing.permissions names the permission from the message',
      status: 403,
      body: {
        message: 'You are missing the following permission(s): [recording:screenRecording:view]',
        code: 'missing.permissions',
        status: 403,
        contextId: 'ctx-1',
      },
      expected: {
        kind: 'http',
        status: 403,
        code: 'missing.permissions',
        missingPermissions: ['recording:screenRecording:view'],
        contextId: 'ctx-1',
      },
    },
    {
      name: 'missing.permissions with several permissions',
      status: 403,
      body: { message: 'You are missing the following permission(s): [a:b:c, d:e:f]', code: 'missing.permissions' },
      expected: { missingPermissions: ['a:b:c', 'd:e:f'] },
    },
    {
      name: 'messageParams take precedence over the message',
      status: 403,
      body: {
        message: 'You are missing the following permission(s): [x:y:z]',
        code: 'missing.permissions',
        messageParams: { permissions: ['recording:recording:view', 'recording:screenRecording:view'] },
      },
      expected: {
        missingPermissions: ['recording:recording:view', 'recording:screenRecording:view'],
        messageParams: { permissions: ['recording:recording:view', 'recording:screenRecording:view'] },
      },
    },
    {
      name: 'messageParams as a bracketed string',
      status: 403,
      body: { message: 'nope', code: 'missing.permissions', messageParams: { missingPermissions: '[a:b:c, d:e:f]' } },
      expected: { missingPermissions: ['a:b:c', 'd:e:f'] },
    },
    {
      name: 'missing.any.permissions with divisions: the division list is not a permission list',
      status: 403,
      body: {
        message:
          'You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [d-1, d-2]',
        code: 'missing.any.permissions',
      },
      expected: { code: 'missing.any.permissions', missingPermissions: [] },
    },
    {
      name: 'missing.any.permissions with the division appended to the permission',
      status: 403,
      body: {
        message:
          'You must have at least one of the following permissions assigned: [recording:recording:view:d-1, recording:screenRecording:view:d-1]',
        code: 'missing.any.permissions',
      },
      expected: { missingPermissions: ['recording:recording:view:d-1', 'recording:screenRecording:view:d-1'] },
    },
    {
      name: 'not.authorized names no permission',
      status: 403,
      body: { message: 'You are not authorized to perform the requested action.', code: 'not.authorized', status: 403 },
      expected: {
        kind: 'http',
        code: 'not.authorized',
        message: 'You are not authorized to perform the requested action.',
      },
    },
    {
      name: '404 not.found',
      status: 404,
      body: { message: 'The requested resource was not found.', code: 'not.found', status: 404 },
      expected: { kind: 'http', status: 404, code: 'not.found' },
    },
    {
      name: '400 bad.request with contextId from the header (any case)',
      status: 400,
      body: { message: 'Invalid value', code: 'bad.request' },
      headers: { 'ININ-Correlation-Id': 'hdr-ctx' },
      expected: { kind: 'http', status: 400, code: 'bad.request', contextId: 'hdr-ctx' },
    },
    {
      name: 'body contextId wins over the header',
      status: 400,
      body: { message: 'Invalid value', code: 'invalid.value', contextId: 'body-ctx' },
      headers: { 'inin-correlation-id': 'hdr-ctx' },
      expected: { contextId: 'body-ctx' },
    },
    {
      name: 'OAuth login error with description',
      status: 401,
      body: { error: 'invalid_client', description: 'client not found' },
      expected: { kind: 'login', status: 401, code: 'invalid_client', message: 'client not found' },
    },
    {
      name: 'OAuth login error with error_description',
      status: 400,
      body: { error: 'invalid_grant', error_description: 'grant expired' },
      expected: { kind: 'login', code: 'invalid_grant', message: 'grant expired' },
    },
    {
      name: 'OAuth login error without description',
      status: 400,
      body: { error: 'unauthorized_client' },
      expected: { kind: 'login', code: 'unauthorized_client', message: 'unauthorized_client' },
    },
    {
      name: 'JSON error body given as text',
      status: 403,
      body: '{"code":"missing.permissions","message":"You are missing the following permission(s): [a:b:c]"}',
      expected: { code: 'missing.permissions', missingPermissions: ['a:b:c'] },
    },
    {
      name: 'HTML from a proxy',
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      headers: { 'inin-correlation-id': 'c-502' },
      expected: {
        kind: 'http',
        status: 502,
        message: 'HTTP 502 with a body that is not a Genesys error',
        contextId: 'c-502',
      },
    },
    {
      name: 'empty body',
      status: 500,
      body: '',
      expected: { kind: 'http', status: 500, message: 'HTTP 500 with an empty body' },
    },
    { name: 'no body', status: 503, expected: { kind: 'http', status: 503, message: 'HTTP 503 with an empty body' } },
    {
      name: 'JSON array body',
      status: 500,
      body: [1, 2],
      expected: { kind: 'http', message: 'HTTP 500 with a body that is not a Genesys error' },
    },
    {
      name: 'broken JSON',
      status: 500,
      body: '{"code": ',
      expected: { kind: 'http', message: 'HTTP 500 with a body that is not a Genesys error' },
    },
    {
      name: 'ErrorBody without message uses messageWithParams',
      status: 403,
      body: { code: 'missing.permissions', messageWithParams: 'You are missing the following permission(s): [a:b:c]' },
      expected: { message: 'You are missing the following permission(s): [a:b:c]', missingPermissions: ['a:b:c'] },
    },
    {
      name: '429 is rate-limited and its bracketed numbers are not permissions',
      status: 429,
      body: {
        code: 'too.many.requests',
        message: 'Rate limit exceeded the maximum [300] requests within [60] seconds',
      },
      expected: { kind: 'rate-limited', status: 429, code: 'too.many.requests' },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const error = normaliseError({ operation: op, status: c.status, body: c.body, headers: c.headers });
      expect(error).toMatchObject({ operation: op, ...c.expected });
      if (!('missingPermissions' in c.expected)) expect(error.missingPermissions).toBeUndefined();
      for (const value of Object.values(error)) expect(value).not.toBeUndefined();
    });
  }
});

describe('parsePermissionList', () => {
  it.each([
    [
      'You are missing the following permission(s): [recording:screenRecording:view]',
      ['recording:screenRecording:view'],
    ],
    ['You must have at least one of the following permissions assigned: [a:b:c,  "d:e:f" ]', ['a:b:c', 'd:e:f']],
    ['API Error: 403 - You are missing the following permission(s): [a:b:c] (abc-123)', ['a:b:c']],
    ['Rate limit exceeded the maximum [300] requests within [60] seconds', undefined],
    ['You are not authorized to perform the requested action.', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (text, expected) => {
    expect(parsePermissionList(text)).toEqual(expected);
  });

  it('reads permission keys of messageParams only', () => {
    expect(permissionsFromParams({ entity: 'x', permission: 'a:b:c, d:e:f' })).toEqual(['a:b:c', 'd:e:f']);
    expect(permissionsFromParams({ entity: 'x' })).toBeUndefined();
    expect(permissionsFromParams(undefined)).toBeUndefined();
  });
});

describe('transportError', () => {
  it('maps timeouts and network failures by code only', () => {
    const fakeAxiosError = {
      code: 'ECONNABORTED',
      message: 'timeout',
      config: { headers: { Authorization: 'Bearer simtok_abcdefghijkl' } },
    };
    const timeout = transportError(fakeAxiosError, 'GET /x', 50);
    expect(timeout).toEqual({
      kind: 'timeout',
      code: 'ECONNABORTED',
      message: 'no answer within 50 ms',
      operation: 'GET /x',
    });
    expect(JSON.stringify(timeout)).not.toContain('simtok_');
    expect(transportError({ code: 'ECONNREFUSED' }, 'GET /x', 50)).toEqual({
      kind: 'network',
      code: 'ECONNREFUSED',
      message: 'network error (ECONNREFUSED)',
      operation: 'GET /x',
    });
    expect(transportError(new Error('boom'), 'GET /x', 50)).toEqual({
      kind: 'network',
      message: 'network error',
      operation: 'GET /x',
    });
  });

  it.each([
    ['ETIMEDOUT', 'timeout'],
    ['ECONNRESET', 'network'],
    ['ENOTFOUND', 'network'],
    ['Z_DATA_ERROR', 'network'],
  ])("maps Node's %s to %s", (code, kind) => {
    const thrown = Object.assign(new Error('x'), {
      code,
      headers: { authorization: 'Bearer simtok_abcdefghijkl' },
    });
    const mapped = transportError(thrown, 'GET /x', 50);
    expect(mapped).toMatchObject({ kind, code });
    expect(JSON.stringify(mapped)).not.toContain('simtok_');
  });
});

describe('normaliseError masks echoed credentials', () => {
  it('replaces known secrets anywhere in the error, and Bearer values whatever they are', () => {
    const scrubbed = normaliseError(
      {
        operation: 'GET /x',
        status: 401,
        body: {
          code: 'bad.token',
          message: 'token simtok_abcdefghijkl is revoked',
          messageParams: { token: ['simtok_abcdefghijkl'], header: 'Bearer other-token-1' },
        },
      },
      ['simtok_abcdefghijkl'],
    );
    expect(JSON.stringify(scrubbed)).not.toContain('simtok_');
    expect(JSON.stringify(scrubbed)).not.toContain('other-token-1');
    expect(scrubbed.message).toBe('token [redacted] is revoked');
  });
});
