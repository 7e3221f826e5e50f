import { describe, expect, it } from 'vitest';
import { featureCheck } from '../../../../src/diagnosis/checks/feature';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import type { RecordingSettings } from '../../../../src/genesys/models';
import { IDS, OPS, buildFacts, catalogOp, failed, ok } from '../../../support/facts';

const productOff = ok({ entities: [{ id: 'other-product' }] });

/**
 * Settings with the switch (`maxSimultaneousStreams`) and the ceiling (`maxConfigurableScreenRecordingStreams`)
 * set independently; `undefined` leaves the field out. (The shared `recordingSettings()` builder only varies the ceiling.)
 */
function settings(switchValue: number | undefined, ceiling: number | undefined): Facts['recordingSettings'] {
  const value: RecordingSettings = {};
  if (switchValue !== undefined) value.maxSimultaneousStreams = switchValue;
  if (ceiling !== undefined) value.maxConfigurableScreenRecordingStreams = ceiling;
  return ok(value);
}

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
  /** Must not appear in the evidence. */
  notEvidence?: RegExp;
}

const cases: Case[] = [
  {
    name: 'switch on and product enabled',
    facts: buildFacts({ recordingSettings: settings(5, 10) }),
    status: 'pass',
    summary: /enabled for this org/,
    evidence: new RegExp(`Product ${IDS.product} is enabled.*\\n.*maxSimultaneousStreams .* is 5\\.`),
  },
  {
    name: 'the ceiling is shown as the ceiling',
    facts: buildFacts({ recordingSettings: settings(5, 10) }),
    status: 'pass',
    summary: /enabled/,
    evidence: /maxConfigurableScreenRecordingStreams is 10: only the ceiling .*not judged/,
  },
  {
    name: 'ceiling 0 with switch 5: judged by the switch',
    facts: buildFacts({ recordingSettings: settings(5, 0) }),
    status: 'pass',
    summary: /enabled for this org/,
    evidence: /maxConfigurableScreenRecordingStreams is 0: only the ceiling/,
  },
  {
    name: 'switch 0 with ceiling 10: switched off',
    facts: buildFacts({ recordingSettings: settings(0, 10) }),
    status: 'fail',
    summary: /^Screen recording is switched off: maxSimultaneousStreams is 0$/,
    evidence: /At 0 no new screen recordings start.*setting maxSimultaneousStreams .*above 0/,
  },
  {
    name: 'switch 0 names the setting, not an unconfirmed admin page',
    facts: buildFacts({ recordingSettings: settings(0, 10) }),
    status: 'fail',
    summary: /switched off/,
    notEvidence: /Admin →|Quality/,
  },
  {
    name: 'switch 0 without a ceiling',
    facts: buildFacts({ recordingSettings: settings(0, undefined) }),
    status: 'fail',
    summary: /maxSimultaneousStreams is 0/,
    notEvidence: /maxConfigurableScreenRecordingStreams/,
  },
  {
    name: 'switch missing, ceiling 5: unknown, not judged by the ceiling',
    facts: buildFacts({ recordingSettings: settings(undefined, 5) }),
    status: 'unknown',
    summary: /do not say maxSimultaneousStreams/,
    evidence: /maxConfigurableScreenRecordingStreams is 5/,
  },
  {
    name: 'settings say neither',
    facts: buildFacts({ recordingSettings: settings(undefined, undefined) }),
    status: 'unknown',
    summary: /do not say maxSimultaneousStreams/,
  },
  {
    name: 'negative switch',
    facts: buildFacts({ recordingSettings: settings(-1, 10) }),
    status: 'unknown',
    summary: /maxSimultaneousStreams is -1/,
  },
  {
    name: 'no product configured: products are not judged',
    facts: buildFacts({ requiredProduct: undefined, products: failed(500), recordingSettings: settings(5, 10) }),
    status: 'pass',
    summary: /enabled/,
    evidence: /products were not judged/,
  },
  {
    name: 'operations without recordings',
    facts: buildFacts({ operations: [catalogOp(OPS.tokensMe)] }),
    status: 'skipped',
    summary: /do not involve recordings/,
  },
  {
    name: 'product not enabled',
    facts: buildFacts({ products: productOff, recordingSettings: settings(5, 10) }),
    status: 'fail',
    summary: new RegExp(`Product ${IDS.product} is not enabled`),
  },
  {
    name: 'product not enabled, settings unreadable: the known failure wins',
    facts: buildFacts({ products: productOff, recordingSettings: failed(503) }),
    status: 'fail',
    summary: /not enabled/,
  },
  {
    name: 'recording settings unreadable',
    facts: buildFacts({ recordingSettings: failed(403) }),
    status: 'unknown',
    summary: /Could not read the recording settings/,
  },
  {
    name: 'products unreadable, switch on',
    facts: buildFacts({ products: failed(500), recordingSettings: settings(5, 10) }),
    status: 'unknown',
    summary: /product could not be read/,
    evidence: /Could not read the org's products/,
  },
  {
    name: 'products unreadable, switch 0',
    facts: buildFacts({ products: failed(500), recordingSettings: settings(0, 10) }),
    status: 'fail',
    summary: /maxSimultaneousStreams is 0/,
  },
];

describe('featureCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, notEvidence }) => {
    const checked = featureCheck(facts);
    expect(checked.id).toBe('feature');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    if (notEvidence) expect(checked.evidence.join('\n')).not.toMatch(notEvidence);
    expect(checked.fixes).toEqual([]);
  });
});
