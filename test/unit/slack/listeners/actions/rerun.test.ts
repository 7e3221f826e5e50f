/**
 * The verdict's Re-run button, called directly: ack first, then the stored request again without caches, in
 * the verdict's thread; a button that does not resolve (resolve-button.ts) is answered privately and runs nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { encodeValue } from '../../../../../src/slack/button-values';
import { rerunButton } from '../../../../../src/slack/listeners/actions/rerun';
import { boltArgs, buttonBody, fakeContext, fakeRequests, type Recorder, recorder, storedCheck } from '../fakes';

// The check itself is check-flow's (own tests; e2e on the wire): here only what the button hands it.
const { runs, order } = vi.hoisted(() => ({
  runs: [] as Array<Record<string, unknown>>,
  order: { rec: undefined as Recorder | undefined },
}));
vi.mock('../../../../../src/slack/check-flow', () => ({
  runCheckAndPost: async (_ctx: unknown, input: Record<string, unknown>) => {
    runs.push(input);
    order.rec?.calls.push({ kind: 'slack', method: '(check run)', args: {} });
  },
}));

const ID = 'req_rerun_1';

async function click(options: {
  stored?: ReturnType<typeof storedCheck>;
  channel?: string;
  value?: string;
  storeDown?: boolean;
  threadTs?: string;
}) {
  runs.length = 0;
  const rec = recorder();
  order.rec = rec;
  const requests = fakeRequests(options.stored ? { [ID]: options.stored } : {}, options.storeDown === true);
  const ctx = fakeContext(rec, { requests });
  const { body, action } = buttonBody(options.channel ?? 'CACME', options.value ?? encodeValue({ r: ID }), 'rerun');
  const message = options.threadTs ? { ...body.message, thread_ts: options.threadTs } : body.message;
  await rerunButton(ctx)({ ...boltArgs(rec), body: { ...body, message }, action } as never);
  return rec;
}

describe('re-run button (listener)', () => {
  it('acks first, then runs the stored request fresh, for the clicker, in the verdict message thread', async () => {
    const rec = await click({ stored: storedCheck() });
    expect(rec.calls.map((c) => (c.kind === 'slack' ? c.method : c.kind))).toEqual(['ack', '(check run)']);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      surface: 'rerun',
      request: { org: 'acme', op: 'GET /api/v2/users', fresh: true },
      channelId: 'CACME',
      userId: 'UCLICKER',
      threadTs: '1712345678.000100',
    });
    expect(rec.privateTexts()).toEqual([]);
  });

  it('a verdict posted in a thread: the re-run answers in that thread', async () => {
    await click({ stored: storedCheck(), threadTs: '1712345600.000001' });
    expect(runs[0]).toMatchObject({ threadTs: '1712345600.000001' });
  });

  it('an unknown request id: acked, one private "expired" reply, nothing run', async () => {
    const rec = await click({});
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/expired or is no longer known/)]);
    expect(runs).toEqual([]);
  });

  it('a value that does not parse: the "expired" reply, the store not asked, nothing run', async () => {
    const rec = await click({ storeDown: true, value: 'not-json' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/expired or is no longer known/)]);
    expect(rec.calls.some((c) => c.kind === 'log')).toBe(false);
    expect(runs).toEqual([]);
  });

  it('clicked in another channel than the verdict: refused privately, nothing run', async () => {
    const rec = await click({ stored: storedCheck(), channel: 'COTHER' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/No org "acme" is available in this channel/)]);
    expect(runs).toEqual([]);
  });

  it('an org no longer allowed in the verdict channel: refused privately, nothing run', async () => {
    const rec = await click({ stored: storedCheck({ channelId: 'COTHER' }), channel: 'COTHER' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/No org "acme" is available in this channel/)]);
    expect(runs).toEqual([]);
  });

  it('the store does not answer: says nothing was done, logs it, runs nothing', async () => {
    const rec = await click({ storeDown: true });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/cannot read this verdict right now; nothing was done/)]);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not read the request behind a button' });
    expect(runs).toEqual([]);
  });
});
