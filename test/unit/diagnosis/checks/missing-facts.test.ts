/**
 * The rule every check obeys: a fact it needs that could not be read never yields `pass`.
 * For each check, start from facts where it passes, then replace each fact it reads with a failed read
 * (every failure kind) or leave it out, and assert the status is anything but `pass`.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/catalog/catalog';
import {
  credentialsCheck,
  featureCheck,
  interactionCheck,
  roleCheck,
  scopeCheck,
  tokenCheck,
} from '../../../../src/diagnosis/checks';
import type { Fact, Facts } from '../../../../src/diagnosis/facts';
import type { CheckResult } from '../../../../src/diagnosis/verdict';
import {
  DIVISIONS,
  HOUR,
  READ_FAILURES,
  ROLES,
  buildFacts,
  buildUserFacts,
  isoAgo,
  oauthClient,
  ok,
  subject,
  subjectGrant,
} from '../../../support/facts';

type FactKey = { [K in keyof Facts]-?: NonNullable<Facts[K]> extends Fact<unknown> ? K : never }[keyof Facts];
const OPTIONAL_FACTS: ReadonlySet<FactKey> = new Set([
  'client',
  'subject',
  'homeDivision',
  'conversation',
  'recordings',
]);

const context = { allPermissions: loadCatalog().permissions() };

/** A user whose last grant was 30 h ago, through an app whose tokens live 1 h: passes only while the app is readable. */
const userChangedYesterday = buildUserFacts({
  subject: ok(subject([subjectGrant(ROLES.screenViewer, DIVISIONS.sales, isoAgo(30 * HOUR))])),
});

const SUBJECTS: Array<{
  check: string;
  run: (facts: Facts) => CheckResult;
  baseline: string;
  facts: Facts;
  reads: FactKey[];
}> = [
  {
    check: 'credentials',
    run: credentialsCheck,
    baseline: 'client identity',
    facts: buildFacts(),
    reads: ['diagnosticToken', 'tokenInfo', 'client'],
  },
  {
    check: 'credentials',
    run: credentialsCheck,
    baseline: 'user identity',
    facts: buildUserFacts(),
    reads: ['diagnosticToken', 'tokenInfo', 'client'],
  },
  { check: 'scope', run: scopeCheck, baseline: 'code-grant app', facts: buildFacts(), reads: ['client'] },
  {
    check: 'role',
    run: (f) => roleCheck(f, context),
    baseline: 'client-credentials client granted in the conversation division',
    facts: buildFacts({ client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS' })) }),
    reads: ['client', 'roles', 'conversation'],
  },
  {
    check: 'role',
    run: (f) => roleCheck(f, context),
    baseline: 'user granted in the conversation division',
    facts: buildUserFacts(),
    reads: ['subject', 'roles', 'conversation'],
  },
  {
    check: 'feature',
    run: featureCheck,
    baseline: 'product required',
    facts: buildFacts(),
    reads: ['products', 'recordingSettings'],
  },
  {
    check: 'interaction',
    run: interactionCheck,
    baseline: 'available screen recording',
    facts: buildFacts(),
    reads: ['recordings'],
  },
  { check: 'token', run: tokenCheck, baseline: 'client changed a month ago', facts: buildFacts(), reads: ['client'] },
  {
    check: 'token',
    run: tokenCheck,
    baseline: 'user granted 30 h ago, 1 h tokens',
    facts: userChangedYesterday,
    reads: ['subject'],
  },
];

describe('no check passes on a fact it could not read', () => {
  describe.each(SUBJECTS)('$check ($baseline)', ({ run, facts, reads }) => {
    it('passes on the baseline (so the sweep below can fail)', () => {
      expect(run(facts).status).toBe('pass');
    });

    const variants = reads.flatMap((key) => [
      ...READ_FAILURES.map((failure) => ({
        key,
        label: failure.label,
        value: failure.make() as Fact<unknown> | undefined,
      })),
      ...(OPTIONAL_FACTS.has(key) ? [{ key, label: 'not read at all', value: undefined }] : []),
    ]);
    it.each(variants)('$key: $label → not pass', ({ key, value }) => {
      const broken = { ...facts, [key]: value } as Facts;
      const checked = run(broken);
      expect(checked.status).not.toBe('pass');
      expect(['fail', 'unknown', 'warn', 'skipped']).toContain(checked.status);
    });
  });
});
