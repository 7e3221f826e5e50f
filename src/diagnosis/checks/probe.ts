/**
 * probe: what Genesys really answered to one read sent as the integration, against what the role check
 * predicted for that read. Agreement passes; a real refusal fails whatever was predicted (it is a fact);
 * a real answer that contradicts the prediction is a disagreement: the model is wrong for this org.
 */
import type { ProbeObservation } from '../probe';
import { result, type CheckResult } from '../verdict';

export type Prediction = 'allowed' | 'refused' | undefined;

/** The probe's seconds between two probes of one org, for the "skipped" wording. */
export const PROBE_INTERVAL_SECONDS = 30;

export function probeCheck(observation: ProbeObservation, prediction: Prediction): CheckResult {
  switch (observation.kind) {
    case 'not-configured':
      return result('probe', 'skipped', 'No probe credentials for this org', [
        "Add `probe:` with the integration's own OAuth client id (its secret from an environment variable or file) to the org's config: sr-check then sends one read as the integration, and revokes that token at once.",
      ]);
    case 'other-identity':
      return result('probe', 'skipped', 'The probe credentials are another client than the identity checked', [
        `The probe client ${observation.probeClientId} is not the identity under diagnosis, so its answer would not speak for it.`,
      ]);
    case 'no-read':
      return result('probe', 'skipped', 'No read to probe: the probe only sends reads, never a write', []);
    case 'rate-limited':
      return result('probe', 'skipped', `A probe ran for this org moments ago; the next may run in ${observation.retryInSeconds} s`, [
        `At most one probe per org every ${PROBE_INTERVAL_SECONDS} s.`,
      ]);
    case 'inconclusive':
      return result('probe', 'unknown', 'The probe got no answer that speaks for the permission gate', [
        `${describeCall(observation.call)}: ${observation.reason}.`,
      ]);
    case 'answered':
      return answered(observation, prediction);
  }
}

function describeCall(call: Extract<ProbeObservation, { kind: 'answered' }>['call']): string {
  const random = call.randomIds.length ? ` (random ${call.randomIds.join(', ')}: a 404 means the permission gate passed)` : '';
  return `GET ${call.operation.template}${random}`;
}

function answered(observation: Extract<ProbeObservation, { kind: 'answered' }>, prediction: Prediction): CheckResult {
  const { status, code, message, contextId } = observation;
  const said = `${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${contextId ? ` (contextId ${contextId})` : ''}`;
  const evidence = [`${describeCall(observation.call)} sent as the integration → ${said}.`, 'The probe token was revoked right after.'];
  const real: Prediction = status === 403 ? 'refused' : (status >= 200 && status < 300) || status === 404 ? 'allowed' : undefined;
  if (real === undefined) return result('probe', 'unknown', `Genesys answered ${status}: neither a refusal nor a pass of the permission gate`, evidence);
  const predicted = prediction ? `sr-check predicted ${prediction === 'allowed' ? 'it allowed' : 'a refusal'}` : 'sr-check made no prediction for it';
  evidence.push(`${predicted.charAt(0).toUpperCase()}${predicted.slice(1)}.`);
  if (prediction !== undefined && prediction !== real) {
    const disagreement =
      `Genesys ${real === 'refused' ? 'refused' : 'allowed'} GET ${observation.call.operation.template} (${status}${code ? ` ${code}` : ''}) where ` +
      `sr-check predicted ${prediction === 'allowed' ? 'it allowed' : 'a refusal'}: the model is wrong for this org. Please report it` +
      `${contextId ? ` with contextId ${contextId}` : ''}.`;
    const checked = result('probe', real === 'refused' ? 'fail' : 'unknown', `The real answer contradicts the prediction (${status})`, evidence);
    checked.disagreement = disagreement;
    return checked;
  }
  if (real === 'refused') return result('probe', 'fail', `Genesys refused the read as the integration (${status}${code ? ` ${code}` : ''})`, evidence);
  return result('probe', 'pass', prediction ? 'Genesys answered as predicted' : `Genesys let the read through (${status})`, evidence);
}
