/** The probe check's decision table, and which reads the probe sends (never a write). */
import { describe, expect, it } from 'vitest';
import { probeCheck, type Prediction, type ProbeContext } from '../../../../src/diagnosis/checks/probe';
import {
  probeCalls,
  type ProbeAnswer,
  type ProbeCall,
  type ProbeObservation,
} from '../../../../src/diagnosis/probe/runner';
import type { CheckStatus, ProbeAgreement } from '../../../../src/diagnosis/verdict';
import { IDS, OPS, catalogOp } from '../../../support/facts';

const list = catalogOp(OPS.listRecordings);
const sessions = catalogOp(OPS.screenSessions);
const named: ProbeCall = {
  operation: list,
  path: `/api/v2/conversations/${IDS.conversation}/recordings`,
  randomIds: [],
};
const random: ProbeCall = {
  operation: list,
  path: '/api/v2/conversations/0b0c6f5e-2b7a-4b7e-9a43-7d1b0d2c3e4f/recordings',
  randomIds: ['conversationId'],
};
const sessionsCall: ProbeCall = {
  operation: sessions,
  path: '/api/v2/recordings/screensessions/details',
  randomIds: [],
};

const answered = (
  status: number,
  options: { code?: string; call?: ProbeCall; contextId?: string | null; message?: string } = {},
): ProbeAnswer => ({
  kind: 'answered',
  call: options.call ?? named,
  status,
  ...(options.code ? { code: options.code } : {}),
  ...(options.message ? { message: options.message } : {}),
  ...(options.contextId === null ? {} : { contextId: options.contextId ?? 'ctx-9' }),
});
const inconclusive = (reason: string, status?: number): ProbeAnswer => ({
  kind: 'inconclusive',
  call: named,
  reason,
  ...(status ? { status } : {}),
});
const sent = (
  reads: ProbeAnswer[],
  extra: Partial<Extract<ProbeObservation, { kind: 'sent' }>> = {},
): ProbeObservation => ({ kind: 'sent', reads, revoked: true, ...extra });
const context = (prediction: Prediction, extra: Partial<ProbeContext> = {}): ProbeContext => ({
  predict: () => prediction,
  intervalSeconds: 30,
  ...extra,
});

interface Case {
  name: string;
  observation: ProbeObservation;
  prediction?: Prediction;
  extra?: Partial<ProbeContext>;
  status: CheckStatus;
  agreement?: ProbeAgreement;
  summary: RegExp;
  /** The disagreement text, when the answer contradicts the model. */
  disagreement?: RegExp;
}

describe('probeCheck', () => {
  const cases: Case[] = [
    // Agreement.
    {
      name: 'agree: allowed as predicted (200)',
      observation: sent([answered(200)]),
      prediction: 'allowed',
      status: 'pass',
      agreement: 'agree',
      summary: /let GET .* through, as predicted \(200\)/,
    },
    {
      name: 'agree: still processing is through the gate (202)',
      observation: sent([answered(202)]),
      prediction: 'allowed',
      status: 'pass',
      agreement: 'agree',
      summary: /as predicted \(202\)/,
    },
    {
      name: 'agree: 404 for a random id means the gate passed',
      observation: sent([answered(404, { code: 'not.found', call: random })]),
      prediction: 'allowed',
      status: 'pass',
      agreement: 'agree',
      summary: /404 for a random conversationId: the permission gate passed/,
    },
    {
      name: 'agree: 404 for a named conversation is past the gate',
      observation: sent([answered(404, { code: 'not.found' })]),
      prediction: 'allowed',
      status: 'pass',
      agreement: 'agree',
      summary: /404: no such object, past the permission gate/,
    },
    {
      name: 'agree: refused as predicted (403) is a real refusal',
      observation: sent([answered(403, { code: 'missing.any.permissions' })]),
      prediction: 'refused',
      status: 'fail',
      agreement: 'agree',
      summary: /refused GET .* as the integration, as predicted \(403 missing\.any\.permissions\)/,
    },
    {
      name: 'agree: 403 for a random id means the gate refused',
      observation: sent([answered(403, { code: 'missing.permissions', call: random })]),
      prediction: 'refused',
      status: 'fail',
      agreement: 'agree',
      summary: /as predicted \(403/,
    },
    // Disagreement, both ways.
    {
      name: 'disagree: Genesys refuses what the model allows',
      observation: sent([answered(403, { code: 'not.authorized' })]),
      prediction: 'allowed',
      status: 'fail',
      agreement: 'disagree',
      summary: /contradicts the prediction: Genesys answered 403 not\.authorized/,
      disagreement:
        /^Genesys answered 403 not\.authorized to GET \/api\/v2\/conversations\/\{conversationId\}\/recordings sent as the integration where sr-check predicted that it passes the permission gate: the model is wrong for this org; please report it with contextId ctx-9\.$/,
    },
    {
      name: 'disagree: Genesys lets through what the model refuses (200)',
      observation: sent([answered(200)]),
      prediction: 'refused',
      status: 'unknown',
      agreement: 'disagree',
      summary: /contradicts the prediction: Genesys answered 200/,
      disagreement:
        /^Genesys answered 200 to GET .* where sr-check predicted 403: the model is wrong for this org; please report it with contextId ctx-9\.$/,
    },
    {
      name: 'disagree: a random id answered 404 where the model refuses',
      observation: sent([answered(404, { code: 'not.found', call: random, contextId: null })]),
      prediction: 'refused',
      status: 'unknown',
      agreement: 'disagree',
      summary: /contradicts the prediction: Genesys answered 404/,
      disagreement: /predicted 403: the model is wrong for this org; please report it \(Genesys sent no contextId\)\.$/,
    },
    // Within the propagation time a contradiction may be propagation, not the model.
    {
      name: 'client edited 2 min ago, still refused',
      observation: sent([answered(403)]),
      prediction: 'allowed',
      extra: { editedMsAgo: 120_000 },
      status: 'fail',
      agreement: 'inconclusive',
      summary: /still refuses .* edited 2 min ago, and permission updates take up to five minutes/,
    },
    {
      name: 'client edited just now, still let through',
      observation: sent([answered(200)]),
      prediction: 'refused',
      extra: { editedMsAgo: 5_000 },
      status: 'unknown',
      agreement: 'inconclusive',
      summary:
        /still lets .* through \(200\) where sr-check predicts a refusal: the client was edited under a minute ago/,
    },
    {
      name: 'client edited recently, answer agrees: still an agreement',
      observation: sent([answered(200)]),
      prediction: 'allowed',
      extra: { editedMsAgo: 5_000 },
      status: 'pass',
      agreement: 'agree',
      summary: /as predicted/,
    },
    // No prediction: the answer is evidence, not an agreement.
    {
      name: 'no prediction, refused: a fact',
      observation: sent([answered(403)]),
      prediction: undefined,
      status: 'fail',
      agreement: 'inconclusive',
      summary: /refused GET .* as the integration \(403\)$/,
    },
    {
      name: 'no prediction, let through',
      observation: sent([answered(200)]),
      prediction: undefined,
      status: 'pass',
      agreement: 'inconclusive',
      summary: /let GET .* through \(200\)$/,
    },
    // Answers that say nothing about the gate.
    {
      name: 'a 400 says nothing about the gate',
      observation: sent([answered(400, { code: 'bad.request' })]),
      prediction: 'allowed',
      status: 'unknown',
      agreement: 'inconclusive',
      summary: /400 bad\.request .* neither a refusal nor a pass/,
    },
    {
      name: 'timeout',
      observation: sent([inconclusive('no answer in time (no answer within 1000 ms)')]),
      prediction: 'allowed',
      status: 'unknown',
      agreement: 'inconclusive',
      summary: /^Inconclusive: no answer in time/,
    },
    {
      name: '5xx',
      observation: sent([inconclusive('GET /api/v2/x → 503 service.unavailable: down', 503)]),
      prediction: 'refused',
      status: 'unknown',
      agreement: 'inconclusive',
      summary: /503 service\.unavailable/,
    },
    {
      name: '429',
      observation: sent([inconclusive('Genesys answered 429 (rate limited)', 429)]),
      prediction: 'allowed',
      status: 'unknown',
      agreement: 'inconclusive',
      summary: /429/,
    },
    {
      name: '401 at login (no token)',
      observation: sent(
        [inconclusive('the probe credentials got no token (POST /oauth/token → 401 invalid_client: bad)', 401)],
        { revoked: 'no-token' },
      ),
      prediction: 'allowed',
      status: 'unknown',
      agreement: 'inconclusive',
      summary: /got no token/,
    },
    // Not run.
    {
      name: 'skipped: no probe credentials',
      observation: { kind: 'not-configured' },
      status: 'skipped',
      summary: /no probe credentials/,
    },
    {
      name: 'skipped: another identity',
      observation: { kind: 'other-identity', probeClientId: 'p-1', identity: 'client c-2' },
      status: 'skipped',
      summary: /another identity/,
    },
    {
      name: 'skipped: a user-context app',
      observation: { kind: 'user-context', clientId: 'c-1', grantType: 'CODE' },
      status: 'skipped',
      summary: /CODE grant, so its tokens act as the user/,
    },
    {
      name: 'skipped: no read in the request',
      observation: { kind: 'no-read' },
      status: 'skipped',
      summary: /only sends reads \(GET\), never a write/,
    },
    {
      name: 'skipped: rate-limited',
      observation: { kind: 'rate-limited', retryInSeconds: 12 },
      status: 'skipped',
      summary: /the next may run in 12 s/,
    },
  ];

  it.each(cases)('$name → $status', ({ observation, prediction, extra, status, agreement, summary, disagreement }) => {
    const checked = probeCheck(observation, context(prediction, extra));
    expect(checked.id).toBe('probe');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    expect(checked.fixes).toEqual([]);
    expect(checked.probe?.agreement).toBe(agreement);
    if (disagreement) expect(checked.probe?.disagreement).toMatch(disagreement);
    else expect(checked.probe?.disagreement).toBeUndefined();
    if (observation.kind === 'sent' && observation.revoked === true)
      expect(checked.evidence.join('\n')).toMatch(/probe token was revoked right after/);
  });

  it('without credentials, says how to enable the probe', () => {
    const checked = probeCheck({ kind: 'not-configured' }, context(undefined));
    expect(checked.evidence.join('\n')).toMatch(
      /add probe credentials for the integration's own OAuth client .* to the org's config/,
    );
  });

  it('reports what Genesys answered as data: status, code, message, contextId, prediction', () => {
    const checked = probeCheck(
      sent([
        answered(403, { code: 'missing.permissions', message: 'You are missing the following permission(s): [x:y:z]' }),
      ]),
      context('refused'),
    );
    expect(checked.probe).toEqual({
      reads: [
        {
          call: `GET /api/v2/conversations/${IDS.conversation}/recordings`,
          status: 403,
          code: 'missing.permissions',
          message: 'You are missing the following permission(s): [x:y:z]',
          contextId: 'ctx-9',
          prediction: 'refused',
          agreement: 'agree',
        },
      ],
      agreement: 'agree',
      tokenRevoked: true,
    });
  });

  it('says so when the probe token could not be revoked', () => {
    const checked = probeCheck(
      sent([answered(200)], { revoked: 'DELETE /api/v2/tokens/me → 503' }),
      context('allowed'),
    );
    expect(checked.probe?.tokenRevoked).toBe(false);
    expect(checked.evidence.join('\n')).toMatch(
      /could not be revoked \(DELETE \/api\/v2\/tokens\/me → 503\); it expires after the client's token lifetime/,
    );
  });

  it('a recent probe answer is shown with its age and when the next probe may run', () => {
    const checked = probeCheck(
      sent([answered(403)], { earlier: { ageSeconds: 15, nextInSeconds: 15 } }),
      context('allowed', { editedMsAgo: 20_000 }),
    );
    expect(checked.status).toBe('fail');
    expect(checked.summary).toMatch(/\(answered 15 s ago\)$/);
    expect(checked.probe?.answeredSecondsAgo).toBe(15);
    expect(checked.evidence.join('\n')).toMatch(
      /sent 15 s ago: at most one probe per org every 30 s; the next may run in 15 s/,
    );
  });

  it('several reads: the check takes the worst, and headlines the contradiction', () => {
    const observation = sent([answered(200), answered(403, { code: 'not.authorized', call: sessionsCall })]);
    const checked = probeCheck(observation, { predict: () => 'allowed', intervalSeconds: 30 });
    expect(checked.status).toBe('fail');
    expect(checked.summary).toMatch(
      /contradicts the prediction: Genesys answered 403 not\.authorized to GET \/api\/v2\/recordings\/screensessions\/details .*\(2 reads sent/,
    );
    expect(checked.probe?.reads.map((r) => r.agreement)).toEqual(['agree', 'disagree']);
    expect(checked.probe?.agreement).toBe('disagree');
    expect(checked.probe?.disagreement).toMatch(/screensessions\/details sent as the integration/);
  });

  it('cuts a long Genesys message', () => {
    const checked = probeCheck(sent([answered(403, { message: 'x'.repeat(5000) })]), context('refused'));
    expect(checked.probe?.reads[0]?.message?.length).toBe(300);
  });
});

describe('probeCalls', () => {
  it('sends every GET of the request with the named conversation, and no write', () => {
    const calls = probeCalls({
      operations: [catalogOp(OPS.updateRecording), list, sessions],
      interactionId: IDS.conversation,
    });
    expect(calls.map((c) => `${c.operation.method} ${c.path}`)).toEqual([
      `GET /api/v2/conversations/${IDS.conversation}/recordings`,
      'GET /api/v2/recordings/screensessions/details',
    ]);
    expect(calls.every((c) => c.randomIds.length === 0)).toBe(true);
  });

  it('makes up ids nothing named (and says which)', () => {
    const [call] = probeCalls({ operations: [list] }, () => 'random-1');
    expect(call).toMatchObject({ path: '/api/v2/conversations/random-1/recordings', randomIds: ['conversationId'] });
  });

  it('random ids are UUID v4 by default', () => {
    const [call] = probeCalls({ operations: [list] });
    expect(call!.path).toMatch(
      /^\/api\/v2\/conversations\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/recordings$/,
    );
  });

  it('never a write: no GET, no call', () => {
    expect(probeCalls({ operations: [catalogOp(OPS.updateRecording), catalogOp(OPS.createDivision)] })).toEqual([]);
  });
});
