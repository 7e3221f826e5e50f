/**
 * The "Explain this 403" message shortcut, called directly: ack first, then one ephemeral answer through the
 * payload's response_url to the person who used it (in any channel), and every failure logged, never thrown.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPLAIN_SHORTCUT_CALLBACK_ID,
  explainThis403,
} from '../../../../../src/slack/listeners/shortcuts/explain-this-403';
import { CLIENT, CONV, errorBodyMissing } from '../../../../support/paste/corpus';
import { boltArgs, type Call, fakeContext, fakePasteDeps, fakeVerdicts, recorder } from '../fakes';

const PASTE = `403 Forbidden on GET https://api.mypurecloud.com/api/v2/conversations/${CONV}/recordings client_id=${CLIENT}\n${errorBodyMissing}`;

async function shortcut(options: {
  text?: string;
  channel?: string;
  failing?: Record<string, Error>;
  storeDown?: boolean;
}) {
  const rec = recorder();
  const ctx = fakeContext(rec, {
    verdicts: fakeVerdicts(rec, options.storeDown ? new Error('database is locked') : undefined),
  });
  const payload = {
    type: 'message_action',
    callback_id: EXPLAIN_SHORTCUT_CALLBACK_ID,
    user: { id: 'UASKER' },
    channel: { id: options.channel ?? 'COTHER' },
    message: { ts: '1712345678.000100', text: options.text ?? PASTE },
  };
  await explainThis403(ctx, fakePasteDeps())({ ...boltArgs(rec, options.failing), shortcut: payload } as never);
  return rec;
}

const responds = (calls: Call[]) => calls.filter((c) => c.kind === 'respond').map((c) => c.payload);

describe('explain-this-403 shortcut (listener)', () => {
  it('a pasted 403 in an unmapped channel: acked first, then one ephemeral explanation asking for the org', async () => {
    const rec = await shortcut({});
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    const answers = responds(rec.calls);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(answers[0]?.text)).toMatch(/recording:screenRecording:view/);
    expect(answers[0]?.blocks).toBeDefined();
    // No org applies here, so no request is stored behind a button.
    expect(rec.calls.some((c) => c.kind === 'slack' && c.method === '(storeCheck)')).toBe(false);
  });

  it('in a channel mapped to acme: the request behind the button is stored for the asker in that channel', async () => {
    const rec = await shortcut({ channel: 'CACME' });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.calls).toContainEqual({
      kind: 'slack',
      method: '(storeCheck)',
      args: expect.objectContaining({
        channelId: 'CACME',
        userId: 'UASKER',
        request: expect.objectContaining({ org: 'acme' }),
      }),
    });
    expect(responds(rec.calls)).toHaveLength(1);
  });

  it('a message with no Genesys 403: the one-line answer saying so, ephemerally', async () => {
    const rec = await shortcut({ text: 'lunch at noon?' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/^I found no Genesys Cloud 403 in that message/)]);
  });

  it('a pasted credential: the no-403 answer plus the rotate warning, the secret never echoed', async () => {
    const rec = await shortcut({
      text: 'curl -u 3b5f7a9c:LEAKCANARYsecretvalue https://api.mypurecloud.com/api/v2/users/me',
    });
    const [text] = rec.privateTexts();
    expect(text).toMatch(/^I found no Genesys Cloud 403/);
    expect(text).toMatch(/rotate/i);
    expect(JSON.stringify(rec.calls)).not.toContain('LEAKCANARY');
  });

  it('a payload that does not parse: acked, told privately it could not be read, logged', async () => {
    const rec = await shortcut({ channel: 'not-a-channel' });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.privateTexts()).toEqual(['sr-check could not read that message.']);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'info', msg: 'bad shortcut payload' });
  });

  it('the explanation cannot be built (store down): a private "could not build", logged, not thrown', async () => {
    const rec = await shortcut({ channel: 'CACME', storeDown: true });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/could not build the explanation/)]);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'shortcut explanation failed' });
  });

  it('Slack refuses the answer: logged, never thrown', async () => {
    const rec = await shortcut({ failing: { respond: new Error('expired_url') } });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'shortcut answer not sent' });
  });
});
