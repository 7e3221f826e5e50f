import { describe, expect, it } from 'vitest';
import { replyPrivately } from '../../../src/slack/post';

function logger() {
  const warned: unknown[] = [];
  return { warned, warn: (obj: unknown) => void warned.push(obj) };
}

describe('replyPrivately', () => {
  it('answers through response_url as an ephemeral note that leaves the original message alone', async () => {
    const sent: unknown[] = [];
    const log = logger();
    const ok = await replyPrivately(
      { respond: (async (m: unknown) => void sent.push(m)) as never },
      'only you see this',
      log,
    );
    expect(ok).toBe(true);
    expect(sent).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'only you see this' }]);
    expect(log.warned).toEqual([]);
  });

  it('answers with chat.postEphemeral to the user, in the thread when one is given', async () => {
    const calls: unknown[] = [];
    const client = { chat: { postEphemeral: async (args: unknown) => void calls.push(args) } } as never;
    await replyPrivately({ client, channel: 'C1', user: 'U1', threadTs: '1.2' }, 'hi', logger());
    await replyPrivately({ client, channel: 'C1', user: 'U1' }, 'again', logger());
    expect(calls).toEqual([
      { channel: 'C1', user: 'U1', text: 'hi', thread_ts: '1.2' },
      { channel: 'C1', user: 'U1', text: 'again' },
    ]);
  });

  it('never throws: what Slack refuses is logged and reported as false', async () => {
    const log = logger();
    const refused = Object.assign(new Error('An API error occurred: not_in_channel'), {
      data: { error: 'not_in_channel' },
    });
    const client = {
      chat: {
        postEphemeral: async () => {
          throw refused;
        },
      },
    } as never;
    await expect(replyPrivately({ client, channel: 'C1', user: 'U1' }, 'x', log)).resolves.toBe(false);
    await expect(
      replyPrivately(
        {
          respond: (async () => {
            throw new Error('expired_url');
          }) as never,
        },
        'x',
        log,
      ),
    ).resolves.toBe(false);
    expect(log.warned).toHaveLength(2);
  });
});
