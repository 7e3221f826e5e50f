/** The probe check's decision table, and which call the probe sends (never a write). */
import { describe, expect, it } from 'vitest';
import { probeCheck, type Prediction } from '../../../../src/diagnosis/checks/probe';
import { probeCall, type ProbeObservation } from '../../../../src/diagnosis/probe';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import { IDS, OPS, catalogOp } from '../../../support/facts';

const list = catalogOp(OPS.listRecordings);
const call = { operation: list, path: `/api/v2/conversations/${IDS.conversation}/recordings`, randomIds: [] };
const answered = (status: number, code?: string): ProbeObservation => ({ kind: 'answered', call, status, ...(code ? { code } : {}), contextId: 'ctx-9' });

describe('probeCheck', () => {
  const cases: Array<{ name: string; observation: ProbeObservation; prediction: Prediction; status: CheckStatus; disagreement: boolean }> = [
    { name: 'allowed as predicted (200)', observation: answered(200), prediction: 'allowed', status: 'pass', disagreement: false },
    { name: 'still processing counts as through the gate (202)', observation: answered(202), prediction: 'allowed', status: 'pass', disagreement: false },
    { name: 'gate passed on a random id (404)', observation: answered(404, 'not.found'), prediction: 'allowed', status: 'pass', disagreement: false },
    { name: 'refused as predicted (403)', observation: answered(403, 'missing.permissions'), prediction: 'refused', status: 'fail', disagreement: false },
    { name: 'refused where allowed was predicted', observation: answered(403, 'not.authorized'), prediction: 'allowed', status: 'fail', disagreement: true },
    { name: 'allowed where a refusal was predicted', observation: answered(200), prediction: 'refused', status: 'unknown', disagreement: true },
    { name: 'refused, no prediction (a fact)', observation: answered(403), prediction: undefined, status: 'fail', disagreement: false },
    { name: 'allowed, no prediction', observation: answered(200), prediction: undefined, status: 'pass', disagreement: false },
    { name: 'a 400 says nothing about the gate', observation: answered(400, 'bad.request'), prediction: 'allowed', status: 'unknown', disagreement: false },
    { name: 'timeout or 5xx', observation: { kind: 'inconclusive', call, reason: 'timeout' }, prediction: 'allowed', status: 'unknown', disagreement: false },
    { name: 'no probe credentials', observation: { kind: 'not-configured' }, prediction: undefined, status: 'skipped', disagreement: false },
    { name: 'another identity', observation: { kind: 'other-identity', probeClientId: 'x' }, prediction: undefined, status: 'skipped', disagreement: false },
    { name: 'no read to send', observation: { kind: 'no-read' }, prediction: undefined, status: 'skipped', disagreement: false },
    { name: 'rate-limited', observation: { kind: 'rate-limited', retryInSeconds: 12 }, prediction: undefined, status: 'skipped', disagreement: false },
  ];
  it.each(cases)('$name → $status', ({ observation, prediction, status, disagreement }) => {
    const checked = probeCheck(observation, prediction);
    expect(checked.id).toBe('probe');
    expect(checked.status).toBe(status);
    expect(Boolean(checked.disagreement)).toBe(disagreement);
    if (disagreement) expect(checked.disagreement).toMatch(/the model is wrong for this org\. Please report it with contextId ctx-9\./);
    if (observation.kind === 'answered') expect(checked.evidence.join('\n')).toMatch(/probe token was revoked/);
  });
});

describe('probeCall', () => {
  it('sends the first GET, with the named conversation', () => {
    const c = probeCall({ operations: [catalogOp(OPS.updateRecording), list], interactionId: IDS.conversation });
    expect(c).toMatchObject({ operation: { method: 'GET' }, path: `/api/v2/conversations/${IDS.conversation}/recordings`, randomIds: [] });
  });

  it('makes up ids nothing named (and says so)', () => {
    const c = probeCall({ operations: [list] }, () => 'random-1');
    expect(c).toMatchObject({ path: '/api/v2/conversations/random-1/recordings', randomIds: ['conversationId'] });
  });

  it('never a write: no GET, no call', () => {
    expect(probeCall({ operations: [catalogOp(OPS.updateRecording)] })).toBeUndefined();
  });
});
