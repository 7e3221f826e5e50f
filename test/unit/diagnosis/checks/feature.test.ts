import { describe, expect, it } from 'vitest';
import { featureCheck } from '../../../../src/diagnosis/checks/feature';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import { IDS, OPS, buildFacts, catalogOp, failed, ok, recordingSettings } from '../../../support/facts';

const productOff = ok({ entities: [{ id: 'other-product' }] });

const cases: Array<{ name: string; facts: Facts; status: CheckStatus; summary: RegExp; evidence?: RegExp }> = [
  { name: 'streams allowed and product enabled', facts: buildFacts(), status: 'pass', summary: /enabled for this org/, evidence: new RegExp(`Product ${IDS.product} is enabled.*\\n.*allow 5 screen recording stream`) },
  {
    name: 'no product configured: products are not judged',
    facts: buildFacts({ requiredProduct: undefined, products: failed(500) }),
    status: 'pass',
    summary: /enabled/,
    evidence: /products were not judged/,
  },
  { name: 'operations without recordings', facts: buildFacts({ operations: [catalogOp(OPS.tokensMe)] }), status: 'skipped', summary: /do not involve recordings/ },
  { name: '0 screen recording streams', facts: buildFacts({ recordingSettings: ok(recordingSettings(0)) }), status: 'fail', summary: /0 screen recording streams/, evidence: /Recording Settings/ },
  { name: 'product not enabled', facts: buildFacts({ products: productOff }), status: 'fail', summary: new RegExp(`Product ${IDS.product} is not enabled`) },
  {
    name: 'product not enabled, settings unreadable: the known failure wins',
    facts: buildFacts({ products: productOff, recordingSettings: failed(503) }),
    status: 'fail',
    summary: /not enabled/,
  },
  { name: 'recording settings unreadable', facts: buildFacts({ recordingSettings: failed(403) }), status: 'unknown', summary: /Could not read the recording settings/ },
  { name: 'settings silent about screen streams', facts: buildFacts({ recordingSettings: ok(recordingSettings(null)) }), status: 'unknown', summary: /do not say how many/ },
  { name: 'products unreadable, streams allowed', facts: buildFacts({ products: failed(500) }), status: 'unknown', summary: /product could not be read/, evidence: /Could not read the org's products/ },
  { name: 'products unreadable, 0 streams', facts: buildFacts({ products: failed(500), recordingSettings: ok(recordingSettings(0)) }), status: 'fail', summary: /0 screen recording streams/ },
];

describe('featureCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence }) => {
    const checked = featureCheck(facts);
    expect(checked.id).toBe('feature');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
  });
});
