/**
 * The notification lease's heartbeat (issue 25): renewNotification on SQLite (two connections to one file) and
 * PostgreSQL (two pools on one isolated schema). The holder's renewal moves the lease's end, so another claim
 * cannot take it while the holder beats; a claim that lost the lease, gave it back or recorded it renews nothing.
 */
import { expect, it } from 'vitest';
import { sampleRequest } from '../../support/store';
import { storePairContract } from '../../support/store-pair';

const LEASE = 60_000;

storePairContract('renewNotification', (pair) => {
  const withRequest = async () => {
    const p = await pair();
    const request = sampleRequest(p.clock.t);
    await p.a.createApproval(request);
    return { ...p, request };
  };

  it("the holder's heartbeat keeps the lease past its first end; once the beats stop it lapses and is taken", async () => {
    const { a, b, clock, request } = await withRequest();
    expect(await a.claimNotification(request.id, request.state, 'A-1', LEASE)).toBe(true);
    for (let beat = 0; beat < 4; beat++) {
      clock.t += LEASE / 2;
      expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(true);
      expect(await b.claimNotification(request.id, request.state, 'B-1', LEASE)).toBe(false);
    }
    clock.t += LEASE - 1;
    expect(await b.claimNotification(request.id, request.state, 'B-2', LEASE)).toBe(false);
    clock.t += 1;
    expect(await b.claimNotification(request.id, request.state, 'B-3', LEASE)).toBe(true);
    // The old holder's late beat changes nothing, and it can no longer record the state.
    expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(false);
    expect(await a.markNotified(request.id, request.state, 'A-1')).toBe(false);
    expect(await b.markNotified(request.id, request.state, 'B-3')).toBe(true);
  });

  it('a lease given back or recorded is not renewed', async () => {
    const { a, request } = await withRequest();
    await a.claimNotification(request.id, request.state, 'A-1', LEASE);
    await a.releaseNotification(request.id, 'A-1');
    expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(false);
    await a.claimNotification(request.id, request.state, 'A-2', LEASE);
    await a.markNotified(request.id, request.state, 'A-2');
    expect(await a.renewNotification(request.id, 'A-2', LEASE)).toBe(false);
  });
});
