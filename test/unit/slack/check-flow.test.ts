/**
 * runCheckAndPost's first step (issue 26): called right after an ack, it lets the requests that arrived meanwhile
 * be read before the check's own first stretch runs, so their acks do not wait behind it. And the queue place its
 * acknowledgement took goes to run(), or back to the queue when run() is never reached.
 */
import { describe, expect, it } from 'vitest';
import { type CheckTarget, runCheckAndPost } from '../../../src/slack/check-flow';
import type { ListenerContext } from '../../../src/slack/listener-context';
import { boltArgs, fakeContext, type Recorder, recorder } from './listeners/fakes';

/** A slash command's check of acme in CACME. */
const commandTarget = (rec: Recorder, extra: Partial<CheckTarget> = {}): CheckTarget => ({
  surface: 'command',
  request: { org: 'acme' } as never,
  channelId: 'CACME',
  userId: 'UASKER',
  client: boltArgs(rec).client as never,
  replyEphemeral: async () => undefined,
  ...extra,
});

describe('runCheckAndPost', () => {
  it('starts the check in a later turn of the loop, after work already queued, not in the ack turn', async () => {
    const order: string[] = [];
    const rec = recorder();
    const runner = {
      run: async () => {
        order.push('check started');
        return { ok: false, message: 'refused' };
      },
    } as unknown as ListenerContext['runner'];
    const ctx = fakeContext(rec, { runner });
    // Work the loop already has queued (standing in for requests read meanwhile) comes before the check.
    setImmediate(() => order.push('queued work'));
    const done = runCheckAndPost(
      ctx,
      commandTarget(rec, { replyEphemeral: async (text) => void order.push(`reply: ${text.split('\n')[0]}`) }),
    );
    await Promise.resolve();
    expect(order).toEqual([]);
    await done;
    expect(order).toEqual(['queued work', 'check started', 'reply: refused']);
  });

  it('hands the queue place of its acknowledgement to run(), and gives it back once the check is over', async () => {
    const rec = recorder();
    const events: string[] = [];
    const place = { release: () => void events.push('released') };
    const runner = {
      run: async (_request: unknown, _id: string, _who: unknown, given: unknown) => {
        events.push(given === place ? 'run with the place' : 'run without it');
        throw new Error('a bug in the check');
      },
    } as unknown as ListenerContext['runner'];
    await runCheckAndPost(fakeContext(rec, { runner }), commandTarget(rec, { place }));
    // The queue ignores a release of a place run() took; one run() never reached is free again.
    expect(events).toEqual(['run with the place', 'released']);
  });

  it('gives the place back when the flow fails before the check reaches run()', async () => {
    const rec = recorder();
    let released = 0;
    let runs = 0;
    const runner = {
      run: async () => {
        runs += 1;
        return { ok: false, message: 'refused' };
      },
    } as unknown as ListenerContext['runner'];
    const ctx = fakeContext(rec, { runner });
    const logger = {
      child: () => {
        throw new Error('a bug before the check');
      },
    } as unknown as ListenerContext['logger'];
    await expect(
      runCheckAndPost({ ...ctx, logger }, commandTarget(rec, { place: { release: () => void (released += 1) } })),
    ).rejects.toThrow('a bug before the check');
    expect({ runs, released }).toEqual({ runs: 0, released: 1 });
  });
});
