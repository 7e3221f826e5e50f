/** Synthetic verdicts for renderer tests: huge ones, and ones full of mention-injection strings. */
import type { CheckResult, FixProposal, Verdict } from '../../src/diagnosis/verdict';

export const INJECTIONS = [
  '<!channel>',
  '<!here>',
  '<@U123>',
  '<!subteam^S1>',
  '@everyone',
  '@here',
  '@channel',
  '<!everyone>',
  '<#C999|general>',
  '<https://evil.example|click>',
];
const INJECTED = INJECTIONS.join(' ');

export function grantFix(i: number, roleName = `Role number ${i}`): FixProposal {
  return {
    kind: 'grant-role',
    target: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
    roleId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    roleName,
    divisionId: '*',
    permission: 'recording:screenRecording:view',
    extraPermissions: i,
    before: [],
    after: [],
  };
}

export function hugeVerdict(evidenceLines = 500, fixes = 40): Verdict {
  const evidence = Array.from(
    { length: evidenceLines },
    (_, i) => `evidence line ${i}: ${'x'.repeat(i % 7 === 0 ? 5000 : 80)} & <tag>`,
  );
  const role: CheckResult = {
    id: 'role',
    status: 'fail',
    summary: 'S'.repeat(5000),
    evidence,
    fixes: Array.from({ length: fixes }, (_, i) => grantFix(i, `${'Very long role name '.repeat(10)}${i}`)),
  };
  const others: CheckResult[] = (['credentials', 'scope', 'feature', 'interaction', 'token'] as const).map((id) => ({
    id,
    status: 'fail',
    summary: `${id} summary`,
    evidence: [...evidence],
    fixes: Array.from({ length: fixes }, (_, i) => grantFix(i + 100)),
  }));
  // The probe's contradiction, as long as several reads' worth of Genesys text can make it.
  const probe: CheckResult = {
    id: 'probe',
    status: 'fail',
    summary: `The real answer contradicts the prediction: ${'P'.repeat(4000)}`,
    evidence: [...evidence],
    fixes: [],
  };
  return {
    org: 'acme',
    identity: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40', name: 'N'.repeat(400) },
    operations: Array.from({ length: 60 }, (_, i) => ({ method: 'GET', path: `/api/v2/things/${i}` })),
    overall: 'fail',
    checks: [role, ...others, probe],
    modelDisagreement: `Genesys answered 403 not.authorized to GET /api/v2/things where sr-check predicted that it passes the permission gate: ${'D'.repeat(6000)}`,
    missingPermissions: Array.from({ length: 200 }, (_, i) => `domain:entity:action${i}`),
    apiCalls: 12,
    durationMs: 345,
  };
}

/** Injection strings in every field a verdict carries from Genesys or a user. */
export function injectedVerdict(): Verdict {
  return {
    org: 'acme',
    identity: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40', name: `Client ${INJECTED}` },
    operations: [{ method: 'GET', path: `/api/v2/${INJECTED}` }],
    overall: 'fail',
    checks: [
      {
        id: 'role',
        status: 'fail',
        summary: `Missing ${INJECTED}`,
        evidence: [`Role "${INJECTED}" grants nothing`, `error: ${INJECTED}`],
        fixes: [
          grantFix(1, `Admin ${INJECTED}`),
          {
            kind: 'add-scope',
            target: { kind: 'oauth-client', id: 'c1' },
            scope: `scope ${INJECTED}`,
            before: [INJECTED],
            after: [INJECTED],
          },
        ],
      },
      {
        id: 'credentials',
        status: 'unknown',
        summary: `Genesys said ${INJECTED}`,
        evidence: [INJECTED],
        fixes: [{ kind: 'refresh-credentials', target: { kind: 'user', id: 'u1' }, reason: INJECTED }],
      },
      {
        id: 'probe',
        status: 'fail',
        summary: `Genesys answered 403 ${INJECTED}`,
        evidence: [`Genesys answered 403 not.authorized: ${INJECTED}`],
        fixes: [],
      },
    ],
    modelDisagreement: `Genesys answered 403 ${INJECTED} where sr-check predicted that it passes the permission gate: the model is wrong for this org; please report it with contextId ${INJECTED}.`,
    missingPermissions: [`perm ${INJECTED}`],
    apiCalls: 3,
    durationMs: 10,
  };
}

/** A text field is safe when no `<` or `>` survived and broadcast words are defused. */
export function unsafeParts(text: string): string[] {
  const found: string[] = [];
  if (/[<>]/.test(text)) found.push('raw < or >');
  if (/@(everyone|here|channel)\b/i.test(text)) found.push('live broadcast word');
  return found;
}
