/**
 * Drift lines (src/approvals/drift.ts) as a table: which live grants from the audit log count, and when sr-check
 * says it last saw each in place.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/approvals/types';
import type { Facts } from '../../../src/diagnosis/facts';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { driftLines, liveGrants, scheduledDrift } from '../../../src/approvals/drift';
import type { FixPlan } from '../../../src/fixes/plan';
import { unitOrg } from '../../support/orgs';

const CLIENT = { kind: 'oauth-client' as const, id: 'client-1' };
const USER = { kind: 'user' as const, id: 'user-1' };
const H = 3_600_000;
const T = Date.UTC(2026, 11, 1, 12);

function plan(target: FixPlan['target'] = CLIENT, roleId = 'viewer', divisionId = 'home'): FixPlan {
  return {
    kind: 'grant-role',
    org: 'acme',
    target,
    roleId,
    roleName: roleId === 'viewer' ? 'Screen Recording Viewer' : roleId,
    divisionId,
    ...(divisionId === 'home' ? { divisionName: 'Home' } : {}),
    before: [],
    after: [{ roleId, divisionId }],
    basis: {},
    summary: 'grant',
    tests: { alreadyFixed: '', changedSincePlan: '' },
  };
}

let id = 0;
function audit(action: string, at: number, requestId: string, p: FixPlan = plan(), result = 'changed'): AuditEntry {
  id += 1;
  return { id, at, org: 'acme', actor: 'U1', action, requestId, summary: 's', plan: p, result };
}

function clientFacts(roleDivisions: Array<{ roleId: string; divisionId: string }> | 'unreadable'): Facts {
  return {
    identity: { kind: 'oauth-client', clientId: CLIENT.id },
    client:
      roleDivisions === 'unreadable'
        ? { ok: false, reason: 'timeout' }
        : { ok: true, value: { id: CLIENT.id, name: 'c', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions } },
  } as unknown as Facts;
}

function run(at: number, grants: Array<{ role: string; division: string }>): VerdictHistoryEntry {
  return {
    org: 'acme',
    at,
    source: 'schedule',
    overall: 'pass',
    statusSince: at,
    headline: '',
    identity: { kind: 'oauth-client', id: CLIENT.id },
    checks: [],
    missingPermissions: [],
    snapshot: {
      identity: { kind: 'oauth-client', id: CLIENT.id },
      grants: { ok: true, value: grants },
      rolePermissions: { ok: true, value: {} },
      settings: { scopeEnforcement: 'unset' },
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('driftLines', () => {
  const rows: Array<{
    name: string;
    audit: AuditEntry[];
    history?: VerdictHistoryEntry[];
    facts: Facts;
    lines: RegExp[];
  }> = [
    {
      name: 'a live grant gone, last seen by a scheduled run',
      audit: [audit('applied', T, 'r1')],
      history: [run(T + 2 * H, []), run(T + H, [{ role: 'Screen Recording Viewer', division: 'Home' }])],
      facts: clientFacts([]),
      lines: [
        new RegExp(
          `^role "Screen Recording Viewer" in division "Home", granted live by sr-check at ${iso(T)}, removed since ${iso(T + H)}: likely a terraform apply\\.`,
        ),
      ],
    },
    {
      name: 'never seen by a scheduled run: since the grant',
      audit: [audit('applied', T, 'r1', plan(CLIENT, 'retention', '*'))],
      facts: clientFacts([]),
      lines: [
        new RegExp(
          `^role "retention" in all divisions, granted live by sr-check at ${iso(T)}, removed since ${iso(T)}:`,
        ),
      ],
    },
    {
      name: 'still held: nothing',
      audit: [audit('applied', T, 'r1')],
      facts: clientFacts([{ roleId: 'viewer', divisionId: 'home' }]),
      lines: [],
    },
    {
      name: 'held in another division only: drift',
      audit: [audit('applied', T, 'r1')],
      facts: clientFacts([{ roleId: 'viewer', divisionId: '*' }]),
      lines: [/removed since/],
    },
    {
      name: 'revoked by sr-check itself (time-bound): nothing',
      audit: [audit('revoked', T + H, 'r1'), audit('applied', T, 'r1')],
      facts: clientFacts([]),
      lines: [],
    },
    {
      name: 'a no-op apply (it was already there): nothing',
      audit: [audit('applied', T, 'r1', plan(), 'no-op')],
      facts: clientFacts([]),
      lines: [],
    },
    {
      name: 'another target: nothing',
      audit: [audit('applied', T, 'r1', plan(USER))],
      facts: clientFacts([]),
      lines: [],
    },
    {
      name: 'grants unreadable: nothing said',
      audit: [audit('applied', T, 'r1')],
      facts: clientFacts('unreadable'),
      lines: [],
    },
  ];
  it.each(rows)('$name', ({ audit: entries, history, facts, lines }) => {
    const out = driftLines({ audit: entries, history: history ?? [], facts });
    expect(out).toHaveLength(lines.length);
    for (const [i, pattern] of lines.entries()) expect(out[i]).toMatch(pattern);
  });

  it('keeps the newest application of a grant applied twice', () => {
    const grants = liveGrants([audit('applied', T + H, 'r2'), audit('applied', T, 'r1')], CLIENT);
    expect(grants).toEqual([expect.objectContaining({ requestId: 'r2', appliedAt: T + H })]);
  });

  it('reads the store only for orgs managed as code', async () => {
    let reads = 0;
    const sources = {
      listAudit: async () => {
        reads += 1;
        return [audit('applied', T, 'r1')];
      },
      listHistory: async () => [],
    };
    expect(await scheduledDrift(sources, unitOrg(), clientFacts([]))).toEqual([]);
    expect(reads).toBe(0);
    expect(await scheduledDrift(sources, unitOrg({ managedAs: 'terraform' }), clientFacts([]))).toHaveLength(1);
    expect(reads).toBe(1);
  });
});
