/**
 * Issue 14 item 2: fixes are proposed only for the org's configured operations (its `operations` list, which
 * defaults to screen-recording, and the built-in aliases). `op=` naming anything else is still diagnosed, but
 * no fix button is offered, and the evidence says why. Run through the CLI against the demo org.
 */
import { describe, expect, it } from 'vitest';
import { isFixableRequest, fixableOperationKeys } from '../../../src/diagnosis/fixable-operations';
import { loadCatalog } from '../../../src/catalog/catalog';
import { runCliCaptured } from '../../support/cli';
import { unitOrg } from '../../support/orgs';
import type { Verdict } from '../../../src/diagnosis/verdict';

async function verdictFor(op: string): Promise<Verdict> {
  const { stdout } = await runCliCaptured(['org=demo', `op=${op}`, '--json']);
  return JSON.parse(stdout) as Verdict;
}

describe('fix proposals limited to configured operations', () => {
  it('a call outside them gets no fix, and the evidence says why', async () => {
    // The demo org has a non-admin role ("Quality Evaluator") carrying what this call needs.
    const verdict = await verdictFor('GET /api/v2/quality/evaluations/query');
    const role = verdict.checks.find((c) => c.id === 'role')!;
    expect(role.status).toBe('fail');
    expect(verdict.checks.flatMap((c) => c.fixes)).toEqual([]);
    expect(role.evidence.join('\n')).toMatch(
      /No fix is proposed: GET \/api\/v2\/quality\/evaluations\/query is not one of the operations configured for org demo/,
    );
  });

  it('the self-escalation call gets no fix either', async () => {
    const verdict = await verdictFor(
      'POST /api/v2/authorization/subjects/09f08c5e-1262-478b-9a02-ada5263d5d40/divisions/27558317-8891-45d1-9abc-a2de6d8a89d4/roles/9bf58d88-465c-44d4-b2e5-914511b6f36c',
    );
    expect(verdict.checks.flatMap((c) => c.fixes)).toEqual([]);
    expect(JSON.stringify(verdict)).not.toContain('sr-check Fixer');
  });

  it('configured operations keep their fixes: an alias, and a concrete path of a configured template', async () => {
    for (const op of [
      'screen-recording',
      'GET /api/v2/conversations/6a86e29b-4ad8-4cf1-98b7-11b3ee10bf28/recordings',
    ]) {
      const verdict = await verdictFor(op);
      expect(
        verdict.checks.find((c) => c.id === 'role')!.fixes.map((f) => f.kind === 'grant-role' && f.roleName),
      ).toEqual(['Screen Recording Viewer']);
    }
  });

  it("counts the org's own operations list and the built-in aliases, nothing else", () => {
    const catalog = loadCatalog();
    const org = unitOrg({ operations: ['GET /api/v2/quality/evaluations/query'] });
    const keys = fixableOperationKeys(org, catalog);
    expect(keys.has('GET /api/v2/quality/evaluations/query')).toBe(true);
    expect(keys.has('PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}')).toBe(true);
    expect(keys.has('POST /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}')).toBe(
      false,
    );
    expect(
      isFixableRequest({ org: 'acme', fresh: false, op: 'GET /api/v2/quality/evaluations/query' }, org, catalog),
    ).toEqual({ ok: true });
    expect(
      isFixableRequest({ org: 'acme', fresh: false, op: 'GET /api/v2/oauth/clients' }, unitOrg(), catalog),
    ).toMatchObject({ ok: false });
    expect(isFixableRequest({ org: 'acme', fresh: false }, unitOrg(), catalog)).toEqual({ ok: true });
  });
});
