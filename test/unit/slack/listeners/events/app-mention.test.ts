/** `@sr-check …`, called directly: who is ignored, what is refused privately in the thread, what is handed off. */
import { describe, expect, it } from 'vitest';
import type { ListenerContext } from '../../../../../src/slack/listener-context';
import { appMention } from '../../../../../src/slack/listeners/events/app-mention';
import { boltArgs, fakeContext, recorder } from '../fakes';

async function mention(event: Record<string, unknown>) {
  const rec = recorder();
  let handedOff = 0;
  const inFlight = {
    run: async (work: () => Promise<void>) => {
      handedOff += 1;
      // Refusals are answered inside the work; a check would run runCheckAndPost (not run here: e2e does).
      if (!String(event.text).includes('op=')) await work();
    },
  } as unknown as ListenerContext['inFlight'];
  const { client } = boltArgs(rec);
  await appMention(fakeContext(rec, { inFlight }))({ event, client } as never);
  return { rec, handedOff: () => handedOff };
}

const base = { type: 'app_mention', channel: 'CACME', user: 'UASKER', ts: '1712345678.000100' };

describe('app mention (listener)', () => {
  it("a bot's mention is ignored: nothing answered, nothing run", async () => {
    const { rec, handedOff } = await mention({ ...base, bot_id: 'BOTHER', text: '<@UBOT> org=acme op=recordings' });
    expect(rec.calls).toEqual([]);
    expect(handedOff()).toBe(0);
  });

  it('an org not mapped to this channel: one ephemeral reply in the thread, to the asker only', async () => {
    const { rec } = await mention({ ...base, channel: 'COTHER', text: '<@UBOT> org=acme' });
    expect(rec.calls).toEqual([
      {
        kind: 'slack',
        method: 'chat.postEphemeral',
        args: expect.objectContaining({ channel: 'COTHER', user: 'UASKER', thread_ts: '1712345678.000100' }),
      },
    ]);
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/No org "acme" is available in this channel/)]);
  });

  it('a check is handed to the in-flight runner', async () => {
    const { handedOff } = await mention({ ...base, text: '<@UBOT> org=acme op=recordings' });
    expect(handedOff()).toBe(1);
  });
});
