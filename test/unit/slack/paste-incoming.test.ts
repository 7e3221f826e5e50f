import { describe, expect, it } from 'vitest';
import { readMessageEvent } from '../../../src/slack/listeners/messages/incoming-message';

const SELF = { botId: 'BSELF', botUserId: 'USELF' };
const DAY = 24 * 3600;
const base = {
  type: 'message',
  channel: 'C1',
  channel_type: 'channel',
  user: 'U1',
  text: 'hello 403',
  ts: '1700000000.000100',
  event_ts: '1700000000.000100',
};
const read = (event: Record<string, unknown>) => readMessageEvent(event, SELF, DAY);

function edit(message: Record<string, unknown>, previousText: string | undefined, changedAt = '1700000100.000100') {
  return {
    type: 'message',
    subtype: 'message_changed',
    channel: 'C1',
    channel_type: 'channel',
    ts: changedAt,
    event_ts: changedAt,
    message: { type: 'message', user: 'U1', ts: '1700000000.000100', ...message },
    previous_message: {
      type: 'message',
      user: 'U1',
      ts: '1700000000.000100',
      ...(previousText !== undefined ? { text: previousText } : {}),
    },
  };
}

describe('readMessageEvent', () => {
  it('reads a plain channel message, replying in a new thread on it', () => {
    expect(read(base)).toEqual({
      ok: true,
      message: {
        channelId: 'C1',
        isDm: false,
        ts: base.ts,
        replyThreadTs: base.ts,
        userId: 'U1',
        text: 'hello 403',
        edited: false,
        mentionsApp: false,
      },
    });
  });

  it('replies inside the thread of a threaded message', () => {
    const r = read({ ...base, thread_ts: '1699999999.000100' });
    expect(r.ok && r.message.replyThreadTs).toBe('1699999999.000100');
  });

  it('knows a DM by channel_type im (or a D channel without channel_type)', () => {
    const dm = read({ ...base, channel: 'D1', channel_type: 'im' });
    expect(dm.ok && dm.message.isDm).toBe(true);
    const noType = read({ ...base, channel: 'D2', channel_type: undefined });
    expect(noType.ok && noType.message.isDm).toBe(true);
    const group = read({ ...base, channel: 'G1', channel_type: 'group' });
    expect(group.ok && group.message.isDm).toBe(false);
  });

  it.each([
    ['bot_message', { subtype: 'bot_message', bot_id: 'BOTHER', user: undefined }],
    ['any bot_id', { bot_id: 'BOTHER' }],
    ['bot_profile', { bot_profile: { id: 'B1' } }],
    ['the app itself', { user: 'USELF' }],
    ['channel_join', { subtype: 'channel_join' }],
    ['channel_topic', { subtype: 'channel_topic' }],
    ['me_message', { subtype: 'me_message' }],
    ['message_deleted', { subtype: 'message_deleted' }],
    ['no text', { text: '' }],
    ['no user', { user: undefined }],
    ['another event type', { type: 'reaction_added' }],
  ])('ignores %s', (_name, extra) => {
    expect(read({ ...base, ...extra }).ok).toBe(false);
  });

  it('reads thread broadcasts and file shares', () => {
    expect(read({ ...base, subtype: 'thread_broadcast', thread_ts: '1.1' }).ok).toBe(true);
    expect(read({ ...base, subtype: 'file_share' }).ok).toBe(true);
  });

  it('reads an edit under the ts of the message as first posted', () => {
    const r = read(edit({ text: 'new text 403', edited: { user: 'U1', ts: '1700000100.000100' } }, 'old text'));
    expect(r).toEqual({
      ok: true,
      message: {
        channelId: 'C1',
        isDm: false,
        ts: '1700000000.000100',
        replyThreadTs: '1700000000.000100',
        userId: 'U1',
        text: 'new text 403',
        edited: true,
        mentionsApp: false,
      },
    });
  });

  it('ignores edits that change nothing (unfurls, thread replies), edits by bots and edits of old messages', () => {
    expect(read(edit({ text: 'same' }, 'same')).ok).toBe(false);
    expect(read(edit({ text: 'new', bot_id: 'BSELF' }, 'old')).ok).toBe(false);
    expect(read(edit({ text: 'new', user: 'USELF' }, 'old')).ok).toBe(false);
    expect(read(edit({ text: 'new', subtype: 'bot_message' }, 'old')).ok).toBe(false);
    expect(read(edit({ text: 'new' }, 'old', String(1_700_000_000 + DAY + 1))).ok).toBe(false);
    expect(read(edit({ text: 'new' }, 'old', String(1_700_000_000 + DAY - 1))).ok).toBe(true);
  });
});

describe('readMessageEvent and mentions of the app', () => {
  it('marks a channel message that mentions the app, but not a DM (Slack sends no app_mention there)', () => {
    const self = { botId: 'BSELF', botUserId: 'USELF' };
    const channel = readMessageEvent(
      { type: 'message', channel: 'C1', user: 'U1', ts: '1.1', text: '<@USELF> help' } as never,
      self,
      3600,
    );
    const dm = readMessageEvent(
      { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', ts: '1.2', text: '<@USELF> help' } as never,
      self,
      3600,
    );
    expect(channel.ok && channel.message.mentionsApp).toBe(true);
    expect(dm.ok && dm.message.mentionsApp).toBe(false);
  });
});
