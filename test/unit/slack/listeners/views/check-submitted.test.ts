/**
 * The check modal's submission, called directly: everything wrong is answered in the ack itself (errors next to
 * the field) and nothing runs; a good submission is acked (the modal closes) before the check runs in the channel.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHECK_ACTION, CHECK_BLOCKS } from '../../../../../src/slack/blocks/check-modal';
import { checkSubmitted } from '../../../../../src/slack/listeners/views/check-submitted';
import { boltArgs, type Call, fakeContext, type Recorder, recorder } from '../fakes';

// The check itself is check-flow's (own tests; e2e on the wire): here only what the submission hands it.
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

async function submit(options: {
  metadata?: string;
  org?: string;
  op?: string;
  identity?: string;
  picked?: string;
  memberOf?: string[];
  slackDown?: boolean;
}) {
  runs.length = 0;
  const rec = recorder();
  order.rec = rec;
  const values: Record<string, Record<string, Record<string, unknown>>> = {
    [CHECK_BLOCKS.org]: { [CHECK_ACTION]: { selected_option: { value: options.org ?? 'acme' } } },
    [CHECK_BLOCKS.op]: { [CHECK_ACTION]: { value: options.op ?? 'recordings' } },
  };
  if (options.identity) values[CHECK_BLOCKS.identity] = { [CHECK_ACTION]: { value: options.identity } };
  if (options.picked) values[CHECK_BLOCKS.channel] = { [CHECK_ACTION]: { selected_conversation: options.picked } };
  const view = { private_metadata: options.metadata ?? '{"channel":"CACME"}', state: { values } };
  const args = boltArgs(rec, options.slackDown ? { 'users.conversations': new Error('ratelimited') } : {}, {
    'users.conversations': { channels: (options.memberOf ?? ['CACME']).map((id) => ({ id })) },
  });
  await checkSubmitted(fakeContext(rec))({ ...args, view, body: { user: { id: 'UASKER' } } } as never);
  return rec;
}

const errorsOf = (c: Call | undefined) =>
  c?.kind === 'ack' ? (c.payload as { errors?: Record<string, string> } | undefined)?.errors : undefined;
const withoutMembership = (rec: Recorder) =>
  rec.calls.filter((c) => !(c.kind === 'slack' && c.method === 'users.conversations'));

describe('check modal submission (listener)', () => {
  it('a good submission: acked with no errors (the modal closes), then the check runs in the channel', async () => {
    const rec = await submit({});
    expect(withoutMembership(rec).map((c) => (c.kind === 'slack' ? c.method : c.kind))).toEqual(['ack', '(check run)']);
    expect(rec.calls.find((c) => c.kind === 'ack')).toEqual({ kind: 'ack' });
    expect(runs[0]).toMatchObject({
      surface: 'command',
      channelId: 'CACME',
      userId: 'UASKER',
      request: { org: 'acme' },
    });
  });

  it("the check's private replies go to the submitter in that channel (chat.postEphemeral)", async () => {
    const rec = await submit({});
    const replyEphemeral = runs[0]?.replyEphemeral as ((text: string) => Promise<void>) | undefined;
    expect(replyEphemeral).toBeTypeOf('function');
    await replyEphemeral?.('Nothing to check yet.');
    expect(rec.calls.at(-1)).toMatchObject({
      kind: 'slack',
      method: 'chat.postEphemeral',
      args: { channel: 'CACME', user: 'UASKER', text: 'Nothing to check yet.' },
    });
  });

  it('a form that lost its channel: an error on the org field, nothing run', async () => {
    const rec = await submit({ metadata: '{"channel":"../x"}' });
    expect(rec.calls).toHaveLength(1);
    expect(errorsOf(rec.calls[0])).toEqual({ [CHECK_BLOCKS.org]: expect.stringMatching(/lost its channel/) });
    expect(runs).toEqual([]);
  });

  it('from App Home with no channel picked: an error on the channel field', async () => {
    const rec = await submit({ metadata: '{}' });
    expect(errorsOf(rec.calls[0])).toEqual({ [CHECK_BLOCKS.channel]: expect.stringMatching(/Choose the channel/) });
    expect(runs).toEqual([]);
  });

  it('from App Home with a channel picked: judged, and run, in that channel', async () => {
    await submit({ metadata: '{}', picked: 'CACME' });
    expect(runs[0]).toMatchObject({ channelId: 'CACME' });
  });

  it('a malformed identity: the error sits next to the identity field', async () => {
    const rec = await submit({ identity: 'two words' });
    expect(errorsOf(rec.calls[0])).toEqual({ [CHECK_BLOCKS.identity]: expect.any(String) });
    expect(runs).toEqual([]);
  });

  it('a submitter who is not in the channel: the same "no org here" words as an unmapped org, nothing run', async () => {
    const rec = await submit({ memberOf: ['COTHER'] });
    expect(errorsOf(rec.calls.at(-1))).toEqual({
      [CHECK_BLOCKS.org]: 'No org "acme" is available in this channel.',
    });
    expect(runs).toEqual([]);
  });

  it('an org not mapped to the channel: refused in the ack, nothing run', async () => {
    const rec = await submit({ metadata: '{"channel":"COTHER"}', memberOf: ['COTHER'] });
    expect(errorsOf(rec.calls.at(-1))).toEqual({
      [CHECK_BLOCKS.org]: 'No org "acme" is available in this channel.',
    });
    expect(runs).toEqual([]);
  });

  it('Slack does not say whether the submitter is in the channel: nothing runs, they are told to retry, logged', async () => {
    const rec = await submit({ slackDown: true });
    expect(errorsOf(rec.calls.find((c) => c.kind === 'ack'))).toEqual({
      [CHECK_BLOCKS.org]: expect.stringMatching(/Slack did not confirm that you are in this channel/),
    });
    expect(rec.calls).toContainEqual({
      kind: 'log',
      level: 'warn',
      msg: 'could not list the channels of a user submitting the check form',
    });
    expect(runs).toEqual([]);
  });
});
