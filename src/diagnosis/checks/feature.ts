/** feature: can the org do screen recording at all (streams allowed, configured product enabled)? */
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

function involvesRecordings(facts: Facts): boolean {
  return facts.operations.some((op) => op.permissions.some((p) => p.startsWith('recording:')) || op.template.includes('recording'));
}

export function featureCheck(facts: Facts): CheckResult {
  if (!involvesRecordings(facts)) {
    return result('feature', 'skipped', 'The operations do not involve recordings', []);
  }
  const evidence: string[] = [];
  let productStatus: 'ok' | 'missing' | 'unknown' | 'not-configured' = 'not-configured';
  if (facts.requiredProduct) {
    if (!facts.products.ok) {
      productStatus = 'unknown';
      evidence.push(`Could not read the org's products: ${facts.products.reason}`);
    } else {
      const enabled = facts.products.value.entities.some((p) => p.id === facts.requiredProduct);
      productStatus = enabled ? 'ok' : 'missing';
      evidence.push(`Product ${facts.requiredProduct} is ${enabled ? 'enabled' : 'not enabled'} for this org.`);
    }
  } else {
    evidence.push('No required product configured for this org (which product carries screen recording is not confirmed), so products were not judged.');
  }

  // A product that is known to be off is a failure whatever the settings say.
  if (productStatus === 'missing') return result('feature', 'fail', `Product ${facts.requiredProduct} is not enabled`, evidence);
  if (!facts.recordingSettings.ok) {
    return result('feature', 'unknown', 'Could not read the recording settings', [...evidence, facts.recordingSettings.reason]);
  }
  const streams = facts.recordingSettings.value.maxConfigurableScreenRecordingStreams;
  if (streams === undefined) {
    return result('feature', 'unknown', 'The recording settings do not say how many screen recording streams are allowed', evidence);
  }
  evidence.push(`Recording settings allow ${streams} screen recording stream(s) (maxConfigurableScreenRecordingStreams).`);
  if (streams <= 0) {
    return result('feature', 'fail', 'Screen recording is off: 0 screen recording streams allowed', [
      ...evidence,
      'An admin raises it under Admin → Quality → Recording Settings (screen recording streams).',
    ]);
  }
  if (productStatus === 'unknown') return result('feature', 'unknown', 'Screen recording streams are allowed; the product could not be read', evidence);
  return result('feature', 'pass', 'Screen recording is enabled for this org', evidence);
}
