/** The Slack stores over the shared Store, and the user-group member cache. */
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { SharedIdempotencyStore, SharedRequestStore } from '../../../src/slack/stores/shared-stores';
import { UserGroupMembers } from '../../../src/slack/user-groups';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function memoryStore(clock: { now: number }) {
  const store = new SqliteStore({ path: ':memory:', now: () => clock.now });
  stores.push(store);
  return store;
}

describe('SharedIdempotencyStore', () => {
  it('lets one of many claims win until the TTL passes', async () => {
    const clock = { now: 1_000_000 };
    const keys = new SharedIdempotencyStore(memoryStore(clock));
    const results = await Promise.all(Array.from({ length: 20 }, () => keys.claim('action:abc', 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    clock.now += 61_000;
    expect(await keys.claim('action:abc', 60)).toBe(true);
  });
});

describe('SharedRequestStore', () => {
  it('round-trips a stored check under a short id, and refuses what does not parse', async () => {
    const clock = { now: 1_000_000 };
    const store = memoryStore(clock);
    const requests = new SharedRequestStore(store);
    const id = await requests.put(
      {
        request: { org: 'acme', fresh: false },
        channelId: 'C1',
        userId: 'U1',
        fixes: [],
        overall: 'fail',
        createdAt: 5,
      },
      10,
    );
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,32}$/);
    expect(await requests.get(id)).toEqual({
      request: { org: 'acme', fresh: false },
      channelId: 'C1',
      userId: 'U1',
      fixes: [],
      overall: 'fail',
      createdAt: 5,
    });
    await store.saveRequest('check:forged12345', { request: { org: '<!channel>' }, channelId: 'C1' }, 10);
    expect(await requests.get('forged12345')).toBeUndefined();
    clock.now += 11_000;
    expect(await requests.get(id)).toBeUndefined();
  });
});

describe('UserGroupMembers', () => {
  it('shares one call between concurrent askers, keeps the answer for maxAgeMs, and drops non-ids', async () => {
    let calls = 0;
    const clock = { now: 0 };
    const client = {
      usergroups: {
        users: {
          list: async () => {
            calls += 1;
            return { ok: true, users: ['U0ALICE', '<!channel>', 'W0BOB'] };
          },
        },
      },
    };
    const members = new UserGroupMembers(client as never, () => clock.now);
    const answers = await Promise.all(Array.from({ length: 10 }, () => members.members('S1', 5000)));
    expect(calls).toBe(1);
    expect(answers[0]).toEqual(['U0ALICE', 'W0BOB']);
    clock.now += 4000;
    await members.members('S1', 5000);
    expect(calls).toBe(1);
    clock.now += 2000;
    await members.members('S1', 5000);
    expect(calls).toBe(2);
  });
});
