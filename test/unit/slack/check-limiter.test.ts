/**
 * Issue 25 item 9a: the shared check queue is shared fairly. A few busy users of one channel (`org=*` commands put
 * up to eight org checks each in the queue) may not fill it and leave other channels "busy"; a channel and a user
 * each hold at most a share of it, the refusal says which share was hit and when to try again, and a waiting check
 * of a quiet channel is started before the next one of the busy channel.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnoseOutcome } from '../../../src/diagnosis/diagnose';
import type { CheckRequest } from '../../../src/request/grammar';
import { BUSY_MESSAGE, limitConcurrentChecks, userShareMessage } from '../../../src/slack/check-limiter';
import type { Admission, CheckRunner } from '../../../src/slack/check-runner';

/** A runner whose checks wait until released, in the order they started. */
function gatedRunner() {
  const started: string[] = [];
  const gates: Array<() => void> = [];
  const runner: CheckRunner = {
    async run(_request, requestId): Promise<DiagnoseOutcome> {
      started.push(requestId);
      await new Promise<void>((resolve) => gates.push(resolve));
      return { ok: true } as unknown as DiagnoseOutcome;
    },
    rolesFor: async () => undefined,
  };
  const releaseOne = async () => {
    gates.shift()?.();
    // Let the finished check's slot pass to the next waiter.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { runner, started, releaseOne };
}

const request = { org: 'acme' } as CheckRequest;
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};
type Outcome = { ok: boolean; message?: string };

describe('the check queue is shared fairly between channels and users', () => {
  const sizes = { maxRunning: 2, maxWaiting: 10, maxPerChannel: 6, maxPerUser: 4 };

  it('three users of one channel cannot fill the queue: another channel is still served', async () => {
    const { runner, started } = gatedRunner();
    const limited = limitConcurrentChecks(runner, sizes);
    const outcomes: Array<Promise<Outcome>> = [];
    // Three users of #shared send 12 checks (4 each: a few `org=*` commands' worth), the whole queue's size.
    for (const user of ['U1', 'U2', 'U3'])
      for (let i = 0; i < 4; i += 1)
        outcomes.push(limited.run(request, `shared-${user}-${i}`, { channel: 'CSHARED', user }) as Promise<Outcome>);
    const other = limited.run(request, 'quiet-1', { channel: 'CQUIET', user: 'U9' }) as Promise<Outcome>;
    await settle();
    const refusedNow = await Promise.race([other.then((o) => o), settle().then(() => undefined)]);
    // The quiet channel's check is queued, not turned away as "busy".
    expect(refusedNow?.message).not.toBe(BUSY_MESSAGE);
    expect(refusedNow).toBeUndefined();
    // #shared got its share (6 = 2 running + 4 waiting); the rest were told the channel's limit and when to retry.
    const refused = (await Promise.all(outcomes.map((o) => Promise.race([o, settle().then(() => undefined)])))).filter(
      (o): o is Outcome => o !== undefined,
    );
    expect(refused).toHaveLength(6);
    for (const o of refused) {
      expect(o.ok).toBe(false);
      expect(o.message).toMatch(/this channel already has 6 checks/i);
      expect(o.message).toMatch(/try again in a minute/i);
    }
    expect(started).toHaveLength(2);
  });

  it("one user's share is smaller than the channel's, and the refusal says it is theirs", async () => {
    const { runner } = gatedRunner();
    const limited = limitConcurrentChecks(runner, sizes);
    const mine = Array.from({ length: 5 }, (_, i) =>
      limited.run(request, `u1-${i}`, { channel: 'CSHARED', user: 'U1' }),
    ) as Array<Promise<Outcome>>;
    const fifth = await Promise.race([mine[4]!, settle().then(() => undefined)]);
    expect(fifth).toEqual({ ok: false, message: expect.stringMatching(/you already have 4 checks/i) });
    expect(fifth?.message).toMatch(/try again in a minute/i);
    // Another user of the same channel is still queued.
    const theirs = limited.run(request, 'u2-0', { channel: 'CSHARED', user: 'U2' }) as Promise<Outcome>;
    expect(await Promise.race([theirs, settle().then(() => undefined)])).toBeUndefined();
  });

  it("a quiet channel's waiting check starts before the busy channel's next one", async () => {
    const { runner, started, releaseOne } = gatedRunner();
    const limited = limitConcurrentChecks(runner, { ...sizes, maxPerChannel: 10 });
    for (const user of ['U1', 'U2'])
      for (let i = 0; i < 3; i += 1) void limited.run(request, `shared-${user}-${i}`, { channel: 'CSHARED', user });
    void limited.run(request, 'quiet-1', { channel: 'CQUIET', user: 'U9' });
    await settle();
    expect(started).toEqual(['shared-U1-0', 'shared-U1-1']);
    await releaseOne();
    // Four #shared checks were waiting longer, but the quiet channel has none running: its turn comes first.
    expect(started[2]).toBe('quiet-1');
    await releaseOne();
    expect(started[3]).toBe('shared-U1-2');
  });

  it('a check not tied to a channel or user is bounded by the whole queue only', async () => {
    const { runner } = gatedRunner();
    const limited = limitConcurrentChecks(runner, sizes);
    const all = Array.from({ length: 13 }, (_, i) => limited.run(request, `x-${i}`)) as Array<Promise<Outcome>>;
    expect(await Promise.race([all[11]!, settle().then(() => undefined)])).toBeUndefined();
    expect(await Promise.race([all[12]!, settle().then(() => undefined)])).toEqual({
      ok: false,
      message: BUSY_MESSAGE,
    });
  });
});

describe('admit(): a place taken when the command is acknowledged', () => {
  const refusedWith = (admission: Admission | undefined) => (admission?.ok === false ? admission.message : undefined);

  it("names the user's share once they hold it, the queue's limit when it is full, and nothing otherwise", async () => {
    const { runner } = gatedRunner();
    const limited = limitConcurrentChecks(runner, { maxRunning: 1, maxWaiting: 2, maxPerUser: 2 });
    const me = { channel: 'C1', user: 'U1' };
    void limited.run(request, 'a', me);
    void limited.run(request, 'b', me);
    await settle();
    expect(refusedWith(limited.admit?.(me))).toBe(userShareMessage(2));
    // run() answers the same.
    expect(((await limited.run(request, 'c', me)) as Outcome).message).toBe(userShareMessage(2));
    expect(limited.admit?.({ channel: 'C1', user: 'U2' })?.ok).toBe(true);
    expect(refusedWith(limited.admit?.({ channel: 'C2', user: 'U3' }))).toBe(BUSY_MESSAGE);
  });

  it('places count from the acknowledgement: a burst admitted before any check starts stops at the share', () => {
    const { runner, started } = gatedRunner();
    const limited = limitConcurrentChecks(runner, { maxRunning: 2, maxWaiting: 10, maxPerUser: 4 });
    const me = { channel: 'C1', user: 'U1' };
    const admissions = Array.from({ length: 6 }, () => limited.admit?.(me));
    expect(admissions.map((a) => a?.ok)).toEqual([true, true, true, true, false, false]);
    expect(refusedWith(admissions[4])).toBe(userShareMessage(4));
    expect(started).toEqual([]);
    // The whole queue counts them too: 12 places, 4 promised to U1.
    const others = Array.from({ length: 9 }, (_, i) => limited.admit?.({ channel: 'C2', user: `U${i + 10}` }));
    expect(others.filter((a) => a?.ok)).toHaveLength(8);
    expect(refusedWith(others[8])).toBe(BUSY_MESSAGE);
  });

  it('a check run with its place is never turned away, though the queue filled after its acknowledgement', async () => {
    const { runner, started } = gatedRunner();
    const limited = limitConcurrentChecks(runner, { maxRunning: 1, maxWaiting: 1, maxPerUser: 2 });
    const me = { channel: 'C1', user: 'U1' };
    const first = limited.admit?.(me);
    const second = limited.admit?.(me);
    if (!first?.ok || !second?.ok) throw new Error('both places should be taken');
    // Without a place, nobody else gets in meanwhile.
    expect(((await limited.run(request, 'other', { channel: 'C2', user: 'U2' })) as Outcome).message).toBe(
      BUSY_MESSAGE,
    );
    const runs = [limited.run(request, 'a', me, first.place), limited.run(request, 'b', me, second.place)];
    await settle();
    expect(started).toEqual(['a']);
    expect(await Promise.race([runs[1], settle().then(() => 'waiting')])).toBe('waiting');
  });

  it('release() gives back a place never run; after run() took it, and a second time, it changes nothing', async () => {
    const { runner, releaseOne } = gatedRunner();
    const limited = limitConcurrentChecks(runner, { maxRunning: 1, maxWaiting: 0, maxPerUser: 1 });
    const me = { channel: 'C1', user: 'U1' };
    const unused = limited.admit?.(me);
    if (!unused?.ok) throw new Error('the place should be taken');
    expect(refusedWith(limited.admit?.(me))).toBe(userShareMessage(1));
    unused.place.release();
    unused.place.release();
    const used = limited.admit?.(me);
    if (!used?.ok) throw new Error('the given-back place should be taken again');
    const run = limited.run(request, 'a', me, used.place);
    await settle();
    used.place.release();
    // run() holds it: still full.
    expect(refusedWith(limited.admit?.(me))).toBe(userShareMessage(1));
    // A place already taken is no pass: run() decides as for a command without one.
    expect(((await limited.run(request, 'b', me, used.place)) as Outcome).message).toBe(userShareMessage(1));
    await releaseOne();
    await run;
    expect(limited.admit?.(me)?.ok).toBe(true);
  });
});
