/**
 * Watch limits (issue 25 item 5): one user cannot take every watch. Limits per user, per org and overall, and the
 * refusal names the one that was hit.
 */
import { describe, expect, it } from 'vitest';
import { UserWatches, watchRefusalReason } from '../../../src/slack/user-watches';

describe('user watch limits', () => {
  it("a user at their limit is refused with the user limit named; other users' watches still start", () => {
    const watches = new UserWatches({ maxRunning: 20, maxPerUser: 3, maxPerOrg: 10 });
    for (let i = 0; i < 3; i++) expect(watches.begin(`m${i}`, { user: 'UGREEDY', org: 'acme' })).toEqual({ ok: true });
    const refused = watches.begin('m3', { user: 'UGREEDY', org: 'acme' });
    expect(refused).toEqual({ ok: false, limit: 'user' });
    expect(watchRefusalReason(refused.ok ? 'user' : refused.limit, watches)).toMatch(/you have 3 watches running/);
    expect(watches.begin('m4', { user: 'UOTHER', org: 'acme' })).toEqual({ ok: true });
  });

  it('an org at its limit refuses more of its watches (the org limit named); another org still watches', () => {
    const watches = new UserWatches({ maxRunning: 20, maxPerUser: 3, maxPerOrg: 4 });
    for (let i = 0; i < 4; i++) expect(watches.begin(`a${i}`, { user: `U${i}`, org: 'acme' }).ok).toBe(true);
    expect(watches.begin('a4', { user: 'U9', org: 'acme' })).toEqual({ ok: false, limit: 'org' });
    expect(watchRefusalReason('org', watches)).toMatch(/4 watches of this org/);
    expect(watches.begin('b0', { user: 'U9', org: 'initech' })).toEqual({ ok: true });
    // Ended watches free their places.
    watches.end('a0');
    expect(watches.begin('a5', { user: 'U9', org: 'acme' })).toEqual({ ok: true });
  });

  it('the overall limit is named when it is the one hit, and the same message is never watched twice', () => {
    const watches = new UserWatches({ maxRunning: 2, maxPerUser: 3, maxPerOrg: 10 });
    expect(watches.begin('x', { user: 'U1', org: 'acme' })).toEqual({ ok: true });
    expect(watches.begin('x', { user: 'U2', org: 'acme' })).toEqual({ ok: false, limit: 'watched' });
    expect(watches.begin('y', { user: 'U2', org: 'initech' })).toEqual({ ok: true });
    expect(watches.begin('z', { user: 'U3', org: 'other' })).toEqual({ ok: false, limit: 'global' });
    expect(watchRefusalReason('global', watches)).toMatch(/2 watches are running in sr-check/);
  });
});
