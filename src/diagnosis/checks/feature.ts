/**
 * feature: can the org do screen recording at all (the recording settings' switch, the configured product)?
 *
 * The switch is `maxSimultaneousStreams`, "maximum number of simultaneous screen recording streams": at 0 no new
 * screen recordings start. `maxConfigurableScreenRecordingStreams` is only "the upper limit that
 * maxSimultaneousStreams can be configured" (SDK RecordingSettings model): it is shown as the ceiling and
 * never decides anything.
 */
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

function involvesRecordings(facts: Facts): boolean {
  return facts.operations.some(
    (op) => op.permissions.some((p) => p.startsWith('recording:')) || op.template.includes('recording'),
  );
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
    evidence.push(
      'No required product configured for this org (which product carries screen recording is not confirmed), so products were not judged.',
    );
  }

  // A product that is known to be off is a failure whatever the settings say.
  if (productStatus === 'missing')
    return result('feature', 'fail', `Product ${facts.requiredProduct} is not enabled`, evidence);
  if (!facts.recordingSettings.ok) {
    return result('feature', 'unknown', 'Could not read the recording settings', [
      ...evidence,
      facts.recordingSettings.reason,
    ]);
  }
  const settings = facts.recordingSettings.value;
  const streams = settings.maxSimultaneousStreams;
  const ceiling = settings.maxConfigurableScreenRecordingStreams;
  const ceilingNote =
    ceiling === undefined
      ? []
      : [
          `maxConfigurableScreenRecordingStreams is ${ceiling}: only the ceiling maxSimultaneousStreams can be configured up to ("the upper limit that maxSimultaneousStreams can be configured", SDK), not whether screen recording runs; not judged.`,
        ];
  if (streams === undefined) {
    return result(
      'feature',
      'unknown',
      'The recording settings do not say maxSimultaneousStreams (the screen recording switch)',
      [...evidence, ...ceilingNote],
    );
  }
  evidence.push(
    `Recording settings: maxSimultaneousStreams ("maximum number of simultaneous screen recording streams") is ${streams}.`,
    ...ceilingNote,
  );
  if (streams === 0) {
    return result('feature', 'fail', 'Screen recording is switched off: maxSimultaneousStreams is 0', [
      ...evidence,
      'At 0 no new screen recordings start. An admin turns screen recording on by setting maxSimultaneousStreams (recording settings) above 0.',
    ]);
  }
  if (streams < 0) {
    return result(
      'feature',
      'unknown',
      `maxSimultaneousStreams is ${streams}, a value sr-check cannot interpret`,
      evidence,
    );
  }
  if (productStatus === 'unknown')
    return result('feature', 'unknown', 'Screen recording is switched on; the product could not be read', evidence);
  return result('feature', 'pass', 'Screen recording is enabled for this org', evidence);
}
