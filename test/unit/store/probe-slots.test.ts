/**
 * The ProbeSlotStore contract (issue 25 item 9b: the probe's per-org limit shared by replicas), on SQLite (two
 * connections to one file) and PostgreSQL (two pools on one isolated schema): one claim per org per interval,
 * whoever asks; the answer recorded by the holder is what the others read; a released slot can be taken at once.
 */
import { expect, it } from 'vitest';
import type { SentObservation } from '../../../src/diagnosis/probe/types';
import { storePairContract } from '../../support/store-pair';

const INTERVAL = 30_000;
const T0 = Date.UTC(2025, 0, 15, 12);
const answer: Omit<SentObservation, 'earlier'> = {
  kind: 'sent',
  revoked: true,
  reads: [
    {
      kind: 'answered',
      status: 403,
      code: 'not.authorized',
      call: { operation: { method: 'GET', path: '/api/v2/x' } as never, path: '/api/v2/x', randomIds: [] },
    },
  ],
};

storePairContract('ProbeSlotStore', (pair) => {
  it('one replica takes the slot; the other, inside the interval, reads it and its answer once recorded', async () => {
    const { a, b } = await pair();
    expect(await a.claimProbeSlot('acme', 'k1', 'A1', T0, INTERVAL)).toEqual({ claimed: true });
    expect(await b.claimProbeSlot('acme', 'k1', 'B1', T0 + 1000, INTERVAL)).toEqual({
      claimed: false,
      slot: { at: T0, key: 'k1' },
    });
    await a.recordProbeAnswer('acme', 'A1', answer);
    expect(await b.claimProbeSlot('acme', 'k2', 'B2', T0 + INTERVAL - 1, INTERVAL)).toEqual({
      claimed: false,
      slot: { at: T0, key: 'k1', answer },
    });
    // Another org has its own slot.
    expect(await b.claimProbeSlot('globex', 'k1', 'B3', T0 + 1000, INTERVAL)).toEqual({ claimed: true });
  });

  it('after the interval the slot is taken again, and the old holder can no longer write into it', async () => {
    const { a, b } = await pair();
    await a.claimProbeSlot('acme', 'k1', 'A1', T0, INTERVAL);
    expect(await b.claimProbeSlot('acme', 'k2', 'B1', T0 + INTERVAL, INTERVAL)).toEqual({ claimed: true });
    await a.recordProbeAnswer('acme', 'A1', answer);
    await a.releaseProbeSlot('acme', 'A1');
    expect(await a.claimProbeSlot('acme', 'k2', 'A2', T0 + INTERVAL + 1, INTERVAL)).toEqual({
      claimed: false,
      slot: { at: T0 + INTERVAL, key: 'k2' },
    });
  });

  it('racing claims at the same moment: exactly one wins', async () => {
    const { a, b } = await pair();
    const claims = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => a.claimProbeSlot('acme', 'k', `A${i}`, T0, INTERVAL)),
      ...Array.from({ length: 5 }, (_, i) => b.claimProbeSlot('acme', 'k', `B${i}`, T0, INTERVAL)),
    ]);
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
  });

  it('a released slot (the probe failed with a bug) is taken at once by the next check', async () => {
    const { a, b } = await pair();
    await a.claimProbeSlot('acme', 'k1', 'A1', T0, INTERVAL);
    await a.releaseProbeSlot('acme', 'A1');
    expect(await b.claimProbeSlot('acme', 'k1', 'B1', T0 + 1, INTERVAL)).toEqual({ claimed: true });
  });
});
