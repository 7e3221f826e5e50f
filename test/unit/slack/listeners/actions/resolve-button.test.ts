/**
 * resolveButton, the server-side checks every verdict button runs before doing anything: called directly, each
 * refusal with its reply, and what a button that passes resolves to (the clicker, not the asker).
 */
import { describe, expect, it } from 'vitest';
import { encodeValue, RerunValueSchema } from '../../../../../src/slack/button-values';
import { resolveButton } from '../../../../../src/slack/listeners/actions/resolve-button';
import { buttonBody, fakeAccess, fakeContext, fakeRequests, recorder, storedCheck } from '../fakes';

const ID = 'req_resolve_1';

async function resolve(options: {
  stored?: ReturnType<typeof storedCheck>;
  channel?: string | undefined;
  value?: string;
  storeDown?: boolean;
}) {
  const rec = recorder();
  const requests = fakeRequests(options.stored ? { [ID]: options.stored } : {}, options.storeDown === true);
  const { body, action } = buttonBody(options.channel ?? 'CACME', options.value ?? encodeValue({ r: ID }), 'rerun');
  const clicked = 'channel' in options && options.channel === undefined ? { ...body, channel: undefined } : body;
  const resolved = await resolveButton(
    fakeContext(rec, { requests }),
    clicked as never,
    action as never,
    RerunValueSchema,
  );
  return { rec, resolved };
}

describe('resolveButton', () => {
  it('a known request clicked in its channel: resolved, with the clicker as the user', async () => {
    const { resolved } = await resolve({ stored: storedCheck() });
    expect(resolved).toMatchObject({ ok: true, value: { r: ID }, channelId: 'CACME', userId: 'UCLICKER' });
  });

  it('a value that does not parse, or names no stored request: the "expired" reply', async () => {
    for (const value of ['', '{"r":"../etc"}', encodeValue({ r: 'req_unknown' })]) {
      const { resolved } = await resolve({ stored: storedCheck(), value });
      expect(resolved).toEqual({ ok: false, reply: expect.stringMatching(/expired or is no longer known/) });
    }
  });

  it('a click whose payload names no channel: refused, never resolved to the stored channel', async () => {
    const { resolved } = await resolve({ stored: storedCheck(), channel: undefined });
    expect(resolved).toEqual({ ok: false, reply: expect.stringMatching(/No org "acme" is available/) });
  });

  it('another channel than the verdict, or the org no longer allowed there: the "no org here" reply', async () => {
    expect((await resolve({ stored: storedCheck(), channel: 'COTHER' })).resolved).toMatchObject({ ok: false });
    const moved = await resolve({ stored: storedCheck({ channelId: 'COTHER' }), channel: 'COTHER' });
    expect(moved.resolved).toEqual({ ok: false, reply: expect.stringMatching(/No org "acme" is available/) });
  });

  it('another channel the org is also allowed in: still refused (a button acts only where its verdict was posted)', async () => {
    const rec = recorder();
    const requests = fakeRequests({ [ID]: storedCheck() });
    const ctx = fakeContext(rec, { requests, access: fakeAccess(['CACME', 'CACME2']) });
    const { body, action } = buttonBody('CACME2', encodeValue({ r: ID }), 'rerun');
    const resolved = await resolveButton(ctx, body as never, action as never, RerunValueSchema);
    expect(resolved).toEqual({ ok: false, reply: expect.stringMatching(/No org "acme" is available/) });
  });

  it('the store does not answer: "nothing was done", logged, not thrown', async () => {
    const { rec, resolved } = await resolve({ storeDown: true });
    expect(resolved).toEqual({ ok: false, reply: expect.stringMatching(/nothing was done/) });
    expect(rec.calls).toEqual([{ kind: 'log', level: 'warn', msg: 'could not read the request behind a button' }]);
  });
});
