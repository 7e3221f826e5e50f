/**
 * The port through which replicas share the probe's per-org limit (one probe per org per interval): a slot per org
 * in the shared store, taken atomically by the replica that probes, holding that probe's answer once it is in, so
 * another replica checking the same reads inside the interval reuses the answer instead of probing again.
 * Without a store each replica keeps the limit in memory (probe.ts).
 */
import type { SentObservation } from './types';

/** The org's last probe: when, which reads (a key), and its answer once the probe is done. */
export interface ProbeSlot {
  at: number;
  key: string;
  answer?: Omit<SentObservation, 'earlier'>;
}

export type ProbeSlotClaim = { claimed: true } | { claimed: false; slot?: ProbeSlot };

export interface ProbeSlotStore {
  /**
   * Takes the org's slot for a probe of `key` at `at`, held by `holder`, when there is none or the last probe is at
   * least `intervalMs` old. Otherwise the slot as it stands (undefined if it was released in between).
   */
  claimProbeSlot(org: string, key: string, holder: string, at: number, intervalMs: number): Promise<ProbeSlotClaim>;
  /** The answer of the probe that holds the slot (nothing changes if another holder took it since). */
  recordProbeAnswer(org: string, holder: string, answer: Omit<SentObservation, 'earlier'>): Promise<void>;
  /** Frees the slot this holder took (its probe failed with a bug: the next check may probe). */
  releaseProbeSlot(org: string, holder: string): Promise<void>;
}
