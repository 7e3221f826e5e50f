/**
 * `message` events, called directly: who is ignored (bots, the app itself, unmapped channels), the one threaded
 * reply a paste earns after its claim, and that a reply not posted (claim taken, store down, Slack refusing) is
 * logged and never thrown or announced.
 */
import { describe, expect, it } from 'vitest';
import { PASTE_CLAIM_TTL_SECONDS, pastedError } from '../../../../../src/slack/listeners/messages/pasted-error';
import { CLIENT, CONV, errorBodyMissing } from '../../../../support/paste/corpus';
import { boltArgs, fakeContext, fakeIdempotency, fakePasteDeps, fakeVerdicts, recorder } from '../fakes';

const PASTE = `403 Forbidden on GET https://api.mypurecloud.com/api/v2/conversations/${CONV}/recordings client_id=${CLIENT}\n${errorBodyMissing}`;
const TS = '1712345678.000100';

async function message(
  fields: Record<string, unknown>,
  options: { taken?: string[]; claimDown?: boolean; failing?: Record<string, Error> } = {},
) {
  const rec = recorder();
  const idempotency = fakeIdempotency(rec, {
    ...(options.taken ? { taken: options.taken } : {}),
    ...(options.claimDown ? { failing: new Error('database is locked') } : {}),
  });
  const ctx = fakeContext(rec, { idempotency, verdicts: fakeVerdicts(rec) });
  const event = { type: 'message', channel: 'CACME', user: 'UASKER', ts: TS, text: PASTE, ...fields };
  const { client } = boltArgs(rec, options.failing);
  const context = { botId: 'BSELF', botUserId: 'USELF' };
  await pastedError(ctx, fakePasteDeps())({ event, context, client } as never);
  return rec;
}

const methods = (rec: Awaited<ReturnType<typeof message>>) =>
  rec.calls.map((c) => (c.kind === 'slack' ? c.method : c.kind === 'log' ? `log:${c.msg}` : c.kind));

describe('pasted error (listener)', () => {
  it('a 403 in a mapped channel: claimed on channel + ts, then one explanation in a thread on the message', async () => {
    const rec = await message({});
    expect(methods(rec)).toEqual(['(claim)', '(storeCheck)', 'chat.postMessage', 'log:paste reply posted']);
    expect(rec.calls[0]).toMatchObject({ args: { key: `paste:CACME:${TS}`, ttlSeconds: PASTE_CLAIM_TTL_SECONDS } });
    const post = rec.calls.find((c) => c.kind === 'slack' && c.method === 'chat.postMessage');
    expect(post).toMatchObject({ args: { channel: 'CACME', thread_ts: TS } });
    expect(String(post?.kind === 'slack' && post.args.text)).toMatch(/recording:screenRecording:view/);
    expect(rec.privateTexts()).toEqual([]);
  });

  it('a reply in a thread: answered in that thread, claimed under the message own ts', async () => {
    const rec = await message({ thread_ts: '1712345600.000001' });
    expect(rec.calls[0]).toMatchObject({ args: { key: `paste:CACME:${TS}` } });
    const post = rec.calls.find((c) => c.kind === 'slack' && c.method === 'chat.postMessage');
    expect(post).toMatchObject({ args: { thread_ts: '1712345600.000001' } });
  });

  it("a bot's message, or the app's own, is ignored: nothing claimed, nothing posted", async () => {
    expect((await message({ bot_id: 'BOTHER' })).calls).toEqual([]);
    expect((await message({ subtype: 'bot_message', bot_id: 'BOTHER' })).calls).toEqual([]);
    expect((await message({ user: 'USELF' })).calls).toEqual([]);
  });

  it('a channel mapped to no org: ignored', async () => {
    expect((await message({ channel: 'COTHER' })).calls).toEqual([]);
  });

  it('a DM: the explanation, asking for the org (no request stored behind a button)', async () => {
    const rec = await message({ channel: 'DASKER', channel_type: 'im' });
    expect(methods(rec)).toEqual(['(claim)', 'chat.postMessage', 'log:paste reply posted']);
  });

  it('a pasted credential in a mapped channel: the rotate warning, the secret never echoed', async () => {
    const rec = await message({
      text: 'curl -u 3b5f7a9c:LEAKCANARYsecretvalue https://api.mypurecloud.com/api/v2/users/me',
    });
    expect(methods(rec)).toEqual(['(claim)', 'chat.postMessage', 'log:paste reply posted']);
    expect(JSON.stringify(rec.calls)).not.toContain('LEAKCANARY');
  });

  it('a message already answered (retry, edit, other event id): nothing posted, logged', async () => {
    const rec = await message({}, { taken: [`paste:CACME:${TS}`] });
    expect(methods(rec)).toEqual(['(claim)', 'log:message already answered']);
  });

  it('the claim store fails: no reply (never twice), logged', async () => {
    const rec = await message({}, { claimDown: true });
    expect(methods(rec)).toEqual(['(claim)', 'log:idempotency store failed; not replying to the paste']);
  });

  it('Slack refuses the post: logged, not announced, not thrown', async () => {
    const rec = await message({}, { failing: { 'chat.postMessage': new Error('not_in_channel') } });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'paste reply not posted' });
    expect(rec.privateTexts()).toEqual([]);
  });
});
