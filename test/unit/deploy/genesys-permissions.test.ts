/**
 * docs/deploy.md names the permissions of the diagnostic and fixer OAuth clients and the endpoints each
 * serves. Every row is checked against the shipped catalog, so the doc cannot drift from what Genesys
 * Cloud actually requires, and against src/catalog/sr-check-clients.ts, the list `sr-check doctor` checks live clients with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { DIAGNOSTIC_CLIENT_PERMISSIONS, FIXER_CLIENT_PERMISSIONS } from '../../../src/catalog/sr-check-clients';

const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');
const catalog = loadCatalog();

/** The text of a `### heading` section, up to the next heading. */
function section(heading: string, text = doc): string {
  const start = text.indexOf(`### ${heading}`);
  expect(start, `section "${heading}" in docs/deploy.md`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + 4);
  const end = rest.search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

interface Row {
  permission: string;
  endpoints: Array<{ method: string; template: string }>;
}

const ENDPOINT = /`(GET|POST|PUT|PATCH|DELETE) (\/api\/v2\/[^`\s]+)`/g;

function permissionRows(heading: string, text = doc): Row[] {
  return section(heading, text)
    .split('\n')
    .map((line) => /^\| `([a-zA-Z]+:[a-zA-Z*]+:[a-zA-Z*]+)` \| (.*) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      permission: m[1]!,
      endpoints: [...m[2]!.matchAll(ENDPOINT)].map((e) => ({ method: e[1]!, template: e[2]! })),
    }));
}

/** Rows whose permission the catalog does not list for an endpoint named with it. */
function catalogProblems(rows: Row[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if (row.endpoints.length === 0) problems.push(`${row.permission}: no endpoint named`);
    for (const { method, template } of row.endpoints) {
      const operation = catalog.get(method, template);
      if (!operation) problems.push(`${method} ${template}: not in the catalog`);
      else if (!operation.permissions.includes(row.permission)) {
        problems.push(
          `${row.permission}: ${method} ${template} needs ${operation.mode} of [${operation.permissions.join(', ')}]`,
        );
      }
    }
  }
  return problems;
}

/** The lists sr-check doctor checks a live client against: the doc must name exactly these. */
const clients = {
  'Diagnostic client (read-only)': DIAGNOSTIC_CLIENT_PERMISSIONS.map((p) => p.permission),
  'Fixer client (applies approved fixes)': FIXER_CLIENT_PERMISSIONS.map((p) => p.permission),
};

describe('docs/deploy.md Genesys OAuth client permissions', () => {
  for (const [heading, expected] of Object.entries(clients)) {
    describe(heading, () => {
      const rows = permissionRows(heading);

      it('lists exactly the intended permissions, one row each', () => {
        expect(rows.map((r) => r.permission)).toEqual(expected);
      });

      it('each permission is one the catalog requires for every endpoint named next to it', () => {
        expect(catalogProblems(rows)).toEqual([]);
      });
    });
  }

  it('the endpoints said to need no permission need none', () => {
    const line =
      /These need no permission[^\n]*\n[^\n]*\n[^\n]*/.exec(section('Diagnostic client (read-only)'))?.[0] ?? '';
    const endpoints = [...line.matchAll(ENDPOINT)];
    expect(endpoints.length).toBe(5);
    for (const [, method, template] of endpoints)
      expect(catalog.get(method!, template!)?.mode, `${method} ${template}`).toBe('none');
  });

  it('covers the endpoints the issue names for each client', () => {
    const named = (heading: string) =>
      new Set(permissionRows(heading).flatMap((r) => r.endpoints.map((e) => `${e.method} ${e.template}`)));
    const diagnostic = named('Diagnostic client (read-only)');
    for (const endpoint of [
      'GET /api/v2/oauth/clients/{clientId}',
      'GET /api/v2/authorization/roles',
      'GET /api/v2/authorization/subjects/{subjectId}',
      'GET /api/v2/conversations/{conversationId}',
      'GET /api/v2/conversations/{conversationId}/recordings',
    ]) {
      expect(diagnostic, endpoint).toContain(endpoint);
    }
    const fixer = named('Fixer client (applies approved fixes)');
    for (const endpoint of [
      'PUT /api/v2/oauth/clients/{clientId}',
      'POST /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}',
      'DELETE /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}',
      'DELETE /api/v2/tokens/{userId}',
    ]) {
      expect(fixer, endpoint).toContain(endpoint);
    }
  });

  it('positive control: a folklore permission, a wrong endpoint or a made-up path is caught', () => {
    const heading = 'Diagnostic client (read-only)';
    const edited = doc
      .replace('| `recording:screenRecording:view` |', '| `recording:screenRecording:read` |')
      .replace(
        '| `authorization:grant:view` | `GET /api/v2/authorization/subjects/{subjectId}`',
        '| `authorization:grant:view` | `GET /api/v2/authorization/roles`',
      )
      .replace('`GET /api/v2/conversations/{conversationId}` (the', '`GET /api/v2/interaction/screenrecordings` (the');
    expect(catalogProblems(permissionRows(heading, edited))).toEqual([
      'authorization:grant:view: GET /api/v2/authorization/roles needs any of [authorization:role:view]',
      'GET /api/v2/interaction/screenrecordings: not in the catalog',
      'recording:screenRecording:read: GET /api/v2/conversations/{conversationId}/recordings needs any of [recording:recording:view, recording:recordingSegment:view, recording:snippetRecording:view, recording:screenRecording:view]',
    ]);
  });
});
