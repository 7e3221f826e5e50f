import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateRequirement,
  grantedCount,
  roleMatch,
  type Grant,
  type OperationOutcome,
  type ResourceDivisions,
} from '../../../src/diagnosis/role-evaluation';
import type { Role } from '../../../src/genesys/models';
import { loadCatalog, type Operation } from '../../../src/catalog/catalog';
import { requirementFor } from '../../../src/catalog/operation-rules';
import { policy, role, syntheticOp } from '../../support/facts';

const VIEW = 'recording:screenRecording:view';
const EDIT = 'recording:screenRecording:editRetention';
const A = 'div-a';
const B = 'div-b';

const roles = [
  role('viewer', 'Viewer', [VIEW]),
  role('editor', 'Editor', [EDIT]),
  role('both', 'Both', [VIEW, EDIT]),
  role('wild', 'Wild', ['recording:*:*']),
  role('cond', 'Conditional', [policy(VIEW, { conditional: true })]),
  role('other', 'Other', ['routing:queue:view']),
];
const rolesById = new Map<string, Role>(roles.map((r) => [r.id, r]));

const any: ResourceDivisions = { kind: 'any' };
const inA: ResourceDivisions = { kind: 'known', ids: [A] };
const unreadable: ResourceDivisions = { kind: 'unreadable', reason: '403' };

const g = (roleId: string, divisionId = '*'): Grant => ({ roleId, divisionId });

/** The gate alone (synthetic operations carry no rules), with the permissions a fix must cover. */
function evaluateOperation(op: Operation, grants: Grant[], byId: Map<string, Role>, divisions: ResourceDivisions) {
  const evaluation = evaluateRequirement(op, requirementFor(op), grants, byId, divisions);
  return { ...evaluation, missing: [...new Set(evaluation.unmet.flatMap((c) => c.anyOf))] };
}

describe('roleMatch', () => {
  it.each<[Role, string, string]>([
    [roles[0]!, VIEW, 'granted'],
    [roles[0]!, EDIT, 'none'],
    [roles[3]!, EDIT, 'granted'],
    [role('e', 'E', ['recording:*:view']), VIEW, 'granted'],
    [role('e', 'E', ['recording:*:view']), EDIT, 'none'],
    [role('a', 'A', ['recording:screenRecording:*']), EDIT, 'granted'],
    [role('d', 'D', ['routing:*:*']), VIEW, 'none'],
    [roles[4]!, VIEW, 'conditional'],
    [role('mix', 'Mix', [policy(VIEW, { conditional: true }), VIEW]), VIEW, 'granted'],
    [
      role('multi', 'Multi', [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['add', 'view'] }]),
      VIEW,
      'granted',
    ],
    [role('rc', 'Rc', [{ ...policy(VIEW), resourceConditionNode: null }]), VIEW, 'granted'],
    [role('rc', 'Rc', [{ ...policy(VIEW), resourceConditionNode: { operands: [] } }]), VIEW, 'conditional'],
    [role('empty', 'Empty', []), VIEW, 'none'],
    [roles[3]!, 'admin', 'none'],
  ])('%s / %s → %s', (r, permission, expected) => {
    expect(roleMatch(r, permission)).toBe(expected);
  });
});

describe('evaluateOperation', () => {
  const cases: Array<{
    name: string;
    mode: 'any' | 'all' | 'none';
    perms: string[];
    grants: Grant[];
    divisions: ResourceDivisions;
    outcome: OperationOutcome;
    missing: string[];
  }> = [
    {
      name: 'any: one of two granted',
      mode: 'any',
      perms: [VIEW, EDIT],
      grants: [g('viewer')],
      divisions: any,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'any: none granted lists the whole set',
      mode: 'any',
      perms: [VIEW, EDIT],
      grants: [g('other')],
      divisions: any,
      outcome: 'denied',
      missing: [VIEW, EDIT],
    },
    {
      name: 'all: one of two granted',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('viewer')],
      divisions: any,
      outcome: 'denied',
      missing: [EDIT],
    },
    {
      name: 'all: both granted by two roles',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('viewer'), g('editor')],
      divisions: any,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'all: wildcard role',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('wild')],
      divisions: any,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'none: no grants needed',
      mode: 'none',
      perms: [],
      grants: [],
      divisions: any,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'no grants at all',
      mode: 'any',
      perms: [VIEW],
      grants: [],
      divisions: any,
      outcome: 'denied',
      missing: [VIEW],
    },
    {
      name: 'unknown role id is ignored',
      mode: 'any',
      perms: [VIEW],
      grants: [g('ghost')],
      divisions: any,
      outcome: 'denied',
      missing: [VIEW],
    },
    {
      name: 'conditional only',
      mode: 'any',
      perms: [VIEW],
      grants: [g('cond')],
      divisions: any,
      outcome: 'conditional',
      missing: [VIEW],
    },
    {
      name: 'conditional and plain',
      mode: 'any',
      perms: [VIEW],
      grants: [g('cond'), g('viewer')],
      divisions: any,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'all: one conditional, one plain',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('cond'), g('editor')],
      divisions: any,
      outcome: 'conditional',
      missing: [VIEW],
    },
    {
      name: 'grant in the object division',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', A)],
      divisions: inA,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'grant in all divisions covers a known division',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', '*')],
      divisions: inA,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'grant in another division',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', B)],
      divisions: inA,
      outcome: 'wrong-division',
      missing: [VIEW],
    },
    {
      name: 'right division beats wrong division',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', B), g('both', A)],
      divisions: inA,
      outcome: 'allowed',
      missing: [],
    },
    // Not known to be missing: the grant may well be in the object's division.
    {
      name: 'unreadable division, named grant',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', B)],
      divisions: unreadable,
      outcome: 'unknown',
      missing: [],
    },
    {
      name: 'unreadable division, all-division grant',
      mode: 'any',
      perms: [VIEW],
      grants: [g('viewer', '*')],
      divisions: unreadable,
      outcome: 'allowed',
      missing: [],
    },
    {
      name: 'unreadable division, no role carries it',
      mode: 'any',
      perms: [VIEW],
      grants: [g('other', B)],
      divisions: unreadable,
      outcome: 'denied',
      missing: [VIEW],
    },
    {
      name: 'all: one in the right division, one in the wrong one',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('viewer', A), g('editor', B)],
      divisions: inA,
      outcome: 'wrong-division',
      missing: [EDIT],
    },
    {
      name: 'all: one wrong-division, one missing → denied',
      mode: 'all',
      perms: [VIEW, EDIT],
      grants: [g('viewer', B)],
      divisions: inA,
      outcome: 'denied',
      missing: [VIEW, EDIT],
    },
  ];
  it.each(cases)('$name → $outcome', ({ mode, perms, grants, divisions, outcome, missing }) => {
    const evaluation = evaluateOperation(syntheticOp(mode, perms), grants, rolesById, divisions);
    expect(evaluation.outcome).toBe(outcome);
    expect(evaluation.missing).toEqual(missing);
    expect(evaluation.explanations).toHaveLength(grants.length);
  });

  it('a conversation in several divisions: a grant in any one of them suffices', () => {
    const inAB: ResourceDivisions = { kind: 'known', ids: [A, B] };
    expect(evaluateOperation(syntheticOp('any', [VIEW]), [g('viewer', B)], rolesById, inAB).outcome).toBe('allowed');
    expect(evaluateOperation(syntheticOp('any', [VIEW]), [g('viewer', 'div-c')], rolesById, inAB).outcome).toBe(
      'wrong-division',
    );
  });

  it('allowConditions alone is a plain grant; only a resourceConditionNode makes it conditional (help page "Edit a role")', () => {
    const flagged = role('flag', 'Flag', [policy(VIEW, { allowConditions: true })]);
    const byId = new Map([...rolesById, ['flag', flagged]]);
    expect(evaluateOperation(syntheticOp('any', [VIEW]), [g('flag')], byId, any).outcome).toBe('allowed');
    expect(evaluateOperation(syntheticOp('any', [VIEW]), [g('cond')], byId, any).outcome).toBe('conditional');
  });

  it('explains every grant, like a policy troubleshooter', () => {
    const grants: Grant[] = [
      g('viewer', B),
      { roleId: 'cond', divisionId: A, divisionName: 'Alpha' },
      g('other'),
      g('ghost', A),
      g('both', '*'),
    ];
    const lines = evaluateOperation(syntheticOp('any', [VIEW]), grants, rolesById, inA).explanations.map((e) => e.line);
    expect(lines).toEqual([
      `"Viewer" in division ${B}: grants ${VIEW} but only in division ${B}, not the object's division`,
      `"Conditional" in division Alpha: grants ${VIEW} only under a condition (resourceConditionNode)`,
      `"Other" in all divisions: carries none of ${VIEW}`,
      `role ghost in division ${A}: definition not readable`,
      `"Both" in all divisions: grants ${VIEW}`,
    ]);
    const uncertain = evaluateOperation(syntheticOp('any', [VIEW]), [g('viewer', B)], rolesById, unreadable)
      .explanations[0]!.line;
    expect(uncertain).toBe(
      `"Viewer" in division ${B}: grants ${VIEW} in division ${B}; the object's division could not be read`,
    );
  });
});

describe('least privilege helpers', () => {
  const all = loadCatalog().permissions();

  it('grantedCount expands wildcards against the catalog and skips conditional policies', () => {
    expect(grantedCount(rolesById.get('viewer')!, all)).toBe(1);
    expect(grantedCount(rolesById.get('cond')!, all)).toBe(0);
    expect(grantedCount(rolesById.get('wild')!, all)).toBe(all.filter((p) => p.startsWith('recording:')).length);
  });
});

describe('grantedCount counts what roleMatch grants', () => {
  // Small alphabets so policies and permissions meet often; '*' in the entity or action, conditional policies,
  // several policies of one domain, and texts that are no permission (roleMatch: 'none').
  const word = fc.constantFrom('a', 'b', 'c');
  const part = fc.constantFrom('a', 'b', 'c', '*');
  const policyArb = fc
    .record({
      domain: word,
      entity: part,
      actions: fc.array(part, { minLength: 1, maxLength: 3 }),
      conditional: fc.boolean(),
    })
    .map(({ domain, entity, actions, conditional }) => ({
      ...policy(`${domain}:${entity}:${actions[0]}`, { conditional }),
      actionSet: actions,
    }));
  const permissionText = fc.oneof(
    fc.tuple(word, word, word).map(([d, e, a]) => `${d}:${e}:${a}`),
    fc.tuple(word, word, word, word).map(([d, e, a, v]) => `${d}:${e}:${a}:${v}`),
    fc.constantFrom('a:b', ' a:b:c ', 'not a permission', ''),
  );

  it('for any role and permission list, the count is the number of permissions roleMatch answers granted', () => {
    fc.assert(
      fc.property(
        fc.array(policyArb, { maxLength: 6 }),
        fc.array(permissionText, { maxLength: 30 }),
        (policies, all) => {
          const subject = role('r', 'R', policies);
          const expected = all.filter((p) => roleMatch(subject, p) === 'granted').length;
          // A fresh array each time: counts are kept per list and role content.
          expect(grantedCount(subject, [...all])).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------- properties ----------

const segment = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,11}$/);
const permissionArb = fc.tuple(segment, segment, segment).map(([d, e, a]) => `${d}:${e}:${a}`);

describe('properties', () => {
  it('a role whose policy is exactly the permission, granted in all divisions, allows a mode-any op listing it', () => {
    fc.assert(
      fc.property(
        permissionArb,
        fc.array(permissionArb, { maxLength: 5 }),
        fc.nat(),
        fc.constantFrom<ResourceDivisions>(any, inA, unreadable, { kind: 'known', ids: [] }),
        fc.array(
          fc.record({
            roleId: fc.constantFrom('viewer', 'cond', 'other', 'ghost'),
            divisionId: fc.constantFrom(A, B, '*'),
          }),
          { maxLength: 4 },
        ),
        (permission, others, at, divisions, noise) => {
          const list = [...others];
          list.splice(at % (list.length + 1), 0, permission);
          const exact = role('exact', 'Exact', [policy(permission)]);
          const byId = new Map([...rolesById, ['exact', exact]]);
          const grants = [...noise, g('exact', '*')];
          const evaluation = evaluateOperation(syntheticOp('any', list), grants, byId, divisions);
          expect(evaluation.outcome).toBe('allowed');
          expect(evaluation.missing).toEqual([]);
          expect(evaluation.clauses.map((c) => c.standing)).toEqual(['granted']);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('without grants, an op with mode any/all and a non-empty list is always denied', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'any' | 'all'>('any', 'all'),
        fc.array(fc.oneof(permissionArb, fc.constantFrom(VIEW, EDIT, 'admin', '*:*:*')), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom<ResourceDivisions>(any, inA, unreadable),
        (mode, list, divisions) => {
          const evaluation = evaluateOperation(syntheticOp(mode, list), [], rolesById, divisions);
          expect(evaluation.outcome).toBe('denied');
          expect(evaluation.missing.length).toBeGreaterThan(0);
          expect(evaluation.explanations).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adding a grant never makes an outcome worse (monotone)', () => {
    const rank: Record<OperationOutcome, number> = {
      allowed: 0,
      conditional: 1,
      unknown: 2,
      'wrong-division': 3,
      denied: 4,
    };
    const grantArb = fc.record({
      roleId: fc.constantFrom(...roles.map((r) => r.id), 'ghost'),
      divisionId: fc.constantFrom(A, B, '*'),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<'any' | 'all'>('any', 'all'),
        fc.subarray([VIEW, EDIT, 'routing:queue:view', 'recording:recording:view'], { minLength: 1 }),
        fc.array(grantArb, { maxLength: 4 }),
        grantArb,
        fc.constantFrom<ResourceDivisions>(any, inA, unreadable),
        (mode, list, grants, extra, divisions) => {
          const op = syntheticOp(mode, list);
          const before = evaluateOperation(op, grants, rolesById, divisions).outcome;
          const after = evaluateOperation(op, [...grants, extra], rolesById, divisions).outcome;
          expect(rank[after]).toBeLessThanOrEqual(rank[before]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
