/**
 * probe: what Genesys really answered to the reads sent as the integration, against what the role check
 * predicted for each of them.
 *
 * Each read is judged on its own:
 * - The answer agrees with the prediction: `pass` when the read went through the permission gate (2xx, or a
 *   404: no such object, which a random id gives), `fail` when Genesys refused it (403). A refusal observed as
 *   the integration is a fact, so the verdict fails on it (and the propagation watch keeps seeing "refused"
 *   until Genesys really lets the integration through).
 * - It contradicts the prediction: the model is wrong for this org. The contradiction is carried as
 *   `probe.disagreement` and shown before the checks; the read is `fail` (Genesys refused) or `unknown`
 *   (Genesys let through what sr-check predicted it would refuse). Unless the client was edited within the
 *   five minutes Genesys documents for permission updates: then the answer may be propagation, and is reported
 *   as such, not as a model error.
 * - No prediction (the role check could not tell): the answer stands as evidence, `pass` or `fail`.
 * - No answer that speaks for the permission gate (timeout, no token, 401, 429, 5xx, a 400): `unknown`.
 * The check takes the worst read. Not run (no credentials, another identity, a user-context app, no read,
 * rate-limited): `skipped`, with why.
 */
import type { Operation } from '../../catalog/catalog';
import type { ProbeAnswer, ProbeCall, ProbeObservation, SentObservation } from '../probe/types';
import {
  result,
  type CheckResult,
  type CheckStatus,
  type ProbeAgreement,
  type ProbeRead,
  type ProbeReport,
} from '../verdict';

export type Prediction = 'allowed' | 'refused' | undefined;

export interface ProbeContext {
  /** The role check's judgement of a read (checks/role.ts predictCall). */
  predict: (operation: Operation) => Prediction;
  /** The per-org probe interval, for the wording. */
  intervalSeconds: number;
  /** The client was edited this long ago, within the documented propagation time (absent otherwise). */
  editedMsAgo?: number;
}

/** Genesys messages can be long; the check quotes this much. */
const MESSAGE_CHARS = 300;

const PROPAGATION =
  'Genesys: "It can take up to five minutes for permission updates to make their way through Genesys Cloud and take effect." (help page "Edit a role")';

export function probeCheck(observation: ProbeObservation, context: ProbeContext): CheckResult {
  switch (observation.kind) {
    case 'not-configured':
      return result('probe', 'skipped', 'Not run: no probe credentials for this org', [
        "To enable it, add probe credentials for the integration's own OAuth client (`probe:` with its client id and its secret) to the org's config: " +
          'sr-check then sends the reads of the request (GET, never a write) as the integration with a fresh token, and revokes that token at once.',
      ]);
    case 'other-identity':
      return result(
        'probe',
        'skipped',
        'Not run: the probe credentials belong to another identity than the one checked',
        [
          `The probe credentials are client ${observation.probeClientId}; this check is about ${observation.identity}: an answer to the probe client would say nothing about it.`,
        ],
      );
    case 'user-context':
      return result(
        'probe',
        'skipped',
        `Not run: the client uses the ${observation.grantType} grant, so its tokens act as the user who signs in`,
        [
          `Client ${observation.clientId} signs users in (${observation.grantType}): a user's access decides, and the probe only gets a client-credentials token.`,
        ],
      );
    case 'no-read':
      return result(
        'probe',
        'skipped',
        'Not run: the request has no read, and the probe only sends reads (GET), never a write',
        [],
      );
    case 'rate-limited':
      return result(
        'probe',
        'skipped',
        `Not run: a probe of other reads ran for this org moments ago; the next may run in ${observation.retryInSeconds} s`,
        [`At most one probe per org every ${context.intervalSeconds} s.`],
      );
    case 'sent':
      return sentCheck(observation, context);
  }
}

/** One read as judged. */
interface ReadJudgement {
  status: Exclude<CheckStatus, 'skipped'>;
  summary: string;
  evidence: string[];
  report: ProbeRead;
  disagreement?: string;
}

const SEVERITY: Record<ReadJudgement['status'], number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };

function sentCheck(observation: SentObservation, context: ProbeContext): CheckResult {
  const judgements = observation.reads.map((answer) => judgeRead(answer, context));
  // The read to headline: a contradiction first (the most valuable finding), then the worst status.
  const rank = (j: ReadJudgement) => (j.disagreement ? 10 : 0) + SEVERITY[j.status];
  const headline = judgements.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const status = judgements.reduce<ReadJudgement['status']>(
    (worst, j) => (SEVERITY[j.status] > SEVERITY[worst] ? j.status : worst),
    'pass',
  );
  const agreements = new Set(judgements.map((j) => j.report.agreement));
  const agreement: ProbeAgreement = agreements.has('disagree')
    ? 'disagree'
    : agreements.has('inconclusive')
      ? 'inconclusive'
      : 'agree';
  const disagreements = judgements.flatMap((j) => (j.disagreement ? [j.disagreement] : []));

  let summary =
    judgements.length > 1
      ? `${headline.summary} (${judgements.length} reads sent: each in the evidence)`
      : headline.summary;
  const evidence = judgements.flatMap((j) => j.evidence);
  if (observation.revoked === true)
    evidence.push('The probe token was revoked right after (DELETE /api/v2/tokens/me).');
  else if (observation.revoked !== 'no-token') {
    evidence.push(
      `The probe token could not be revoked (${observation.revoked}); it expires after the client's token lifetime (accessTokenValiditySeconds).`,
    );
  }
  const report: ProbeReport = {
    reads: judgements.map((j) => j.report),
    agreement,
    tokenRevoked: observation.revoked === true,
    ...(disagreements.length ? { disagreement: disagreements.join(' ') } : {}),
  };
  if (observation.earlier) {
    const { ageSeconds, nextInSeconds } = observation.earlier;
    report.answeredSecondsAgo = ageSeconds;
    summary = `${summary} (answered ${ageSeconds} s ago)`;
    evidence.push(
      `These answers are from the probe sent ${ageSeconds} s ago: at most one probe per org every ${context.intervalSeconds} s; the next may run in ${nextInSeconds} s.`,
    );
  }
  const check = result('probe', status, summary, evidence);
  check.probe = report;
  return check;
}

function judgeRead(answer: ProbeAnswer, context: ProbeContext): ReadJudgement {
  const { call } = answer;
  const template = `GET ${call.operation.template}`;
  const prediction = context.predict(call.operation);
  const report: ProbeRead = {
    call: `GET ${call.path}`,
    ...(call.randomIds.length ? { randomIds: call.randomIds } : {}),
    ...(prediction ? { prediction } : {}),
    agreement: 'inconclusive',
  };
  const evidence = [`Sent ${describeCall(call)} as the integration (its own client credentials).`];

  if (answer.kind === 'inconclusive') {
    if (answer.status !== undefined) report.status = answer.status;
    evidence.push(`  No answer that speaks for the permission gate: ${answer.reason}.`);
    return { status: 'unknown', summary: `Inconclusive: ${answer.reason}`, evidence, report };
  }

  const message =
    answer.message && answer.message.length > MESSAGE_CHARS
      ? `${answer.message.slice(0, MESSAGE_CHARS - 1)}…`
      : answer.message;
  Object.assign(report, {
    status: answer.status,
    ...(answer.code ? { code: answer.code } : {}),
    ...(message ? { message } : {}),
    ...(answer.contextId ? { contextId: answer.contextId } : {}),
  });
  const said = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
  const quoted = message ? `: ${message.replace(/[.\s]+$/, '')}` : '';
  evidence.push(`  Genesys answered ${said}${quoted}${answer.contextId ? ` (contextId ${answer.contextId})` : ''}.`);
  evidence.push(
    prediction
      ? `  sr-check predicted ${prediction === 'allowed' ? 'that it passes the permission gate' : 'a refusal (403)'} (the role check's judgement of this read).`
      : '  sr-check made no prediction for this read (the role check could not tell): the answer is evidence, not an agreement.',
  );

  const real = gateOutcome(answer.status);
  if (real === undefined) {
    return {
      status: 'unknown',
      summary: `Genesys answered ${said} to ${template}: neither a refusal nor a pass of the permission gate`,
      evidence,
      report,
    };
  }
  const through = throughWords(answer.status, call);
  if (prediction === undefined) {
    return real === 'refused'
      ? { status: 'fail', summary: `Genesys refused ${template} as the integration (${said})`, evidence, report }
      : { status: 'pass', summary: `Genesys let ${template} through (${through})`, evidence, report };
  }
  if (prediction === real) {
    report.agreement = 'agree';
    return real === 'refused'
      ? {
          status: 'fail',
          summary: `Genesys refused ${template} as the integration, as predicted (${said})`,
          evidence,
          report,
        }
      : { status: 'pass', summary: `Genesys let ${template} through, as predicted (${through})`, evidence, report };
  }
  if (context.editedMsAgo !== undefined) {
    // Not (yet) a model error: the client changed within the documented propagation time.
    const ago =
      context.editedMsAgo < 60_000 ? 'under a minute ago' : `${Math.floor(context.editedMsAgo / 60_000)} min ago`;
    evidence.push(
      `  ${PROPAGATION}`,
      '  Re-check after those five minutes: an answer that still contradicts the prediction then means the model is wrong for this org.',
    );
    return real === 'refused'
      ? {
          status: 'fail',
          summary: `Genesys still refuses ${template} as the integration (${said}): the client was edited ${ago}, and permission updates take up to five minutes`,
          evidence,
          report,
        }
      : {
          status: 'unknown',
          summary: `Genesys still lets ${template} through (${said}) where sr-check predicts a refusal: the client was edited ${ago}, and permission updates take up to five minutes`,
          evidence,
          report,
        };
  }
  report.agreement = 'disagree';
  evidence.push(
    "  Not visible to sr-check: edits to a role's own permissions carry no date. If a role the client holds was edited in the last five minutes, re-check before reporting (permission updates take up to five minutes).",
  );
  const predicted = prediction === 'refused' ? '403' : 'that it passes the permission gate';
  const disagreement =
    `Genesys answered ${said} to ${template} sent as the integration where sr-check predicted ${predicted}: ` +
    `the model is wrong for this org; please report it${answer.contextId ? ` with contextId ${answer.contextId}` : ' (Genesys sent no contextId)'}.`;
  return {
    status: real === 'refused' ? 'fail' : 'unknown',
    summary: `The real answer contradicts the prediction: Genesys answered ${said} to ${template} as the integration`,
    evidence,
    report,
    disagreement,
  };
}

/** 403: refused at the gate; 2xx (202: still processing) and 404 (no such object): through the gate. */
function gateOutcome(status: number): 'allowed' | 'refused' | undefined {
  if (status === 403) return 'refused';
  if ((status >= 200 && status < 300) || status === 404) return 'allowed';
  return undefined;
}

function throughWords(status: number, call: ProbeCall): string {
  if (status === 404)
    return call.randomIds.length
      ? `404 for a random ${call.randomIds.join(', ')}: the permission gate passed`
      : '404: no such object, past the permission gate';
  return String(status);
}

function describeCall(call: ProbeCall): string {
  const random = call.randomIds.length
    ? ` (random ${call.randomIds.join(', ')}: a 404 means the permission gate passed, a 403 that it did not)`
    : '';
  return `GET ${call.path}${random}`;
}
