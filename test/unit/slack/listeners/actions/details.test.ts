/** The verdict's Details button, called directly: ack first, then the modal or one private reply. */
import { describe, expect, it } from 'vitest';
import { encodeValue } from '../../../../../src/slack/button-values';
import { verdictDetails } from '../../../../../src/slack/blocks/verdict-details';
import { detailsButton } from '../../../../../src/slack/listeners/actions/details';
import { hugeVerdict } from '../../../../support/verdict-fixtures';
import { boltArgs, buttonBody, fakeContext, fakeRequests, recorder, storedCheck } from '../fakes';

const ID = 'req_details_1';
const details = verdictDetails(hugeVerdict(3, 2));

async function click(options: {
  stored?: ReturnType<typeof storedCheck>;
  channel?: string;
  value?: string;
  failing?: Record<string, Error>;
  storeDown?: boolean;
}) {
  const rec = recorder();
  const requests = fakeRequests(options.stored ? { [ID]: options.stored } : {}, options.storeDown === true);
  const ctx = fakeContext(rec, { requests });
  const { body, action } = buttonBody(options.channel ?? 'CACME', options.value ?? encodeValue({ r: ID }));
  const args = boltArgs(rec, options.failing);
  await detailsButton(ctx)({ ...args, body, action } as never);
  return rec;
}

describe('details button (listener)', () => {
  it('acks first, then opens the details modal with the click trigger', async () => {
    const rec = await click({ stored: storedCheck({ details }) });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    const open = rec.calls.find((c) => c.kind === 'slack' && c.method === 'views.open');
    expect(open).toMatchObject({ args: { trigger_id: 'trigger-1', view: { type: 'modal' } } });
    expect(rec.privateTexts()).toEqual([]);
  });

  it('a value that does not parse: acked, then one private "expired" reply, no modal', async () => {
    const rec = await click({ stored: storedCheck({ details }), value: '{"r":"../etc"}' });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/expired or is no longer known/)]);
    expect(rec.calls.some((c) => c.kind === 'slack' && c.method === 'views.open')).toBe(false);
  });

  it('clicked in another channel than the verdict: the org is not available there', async () => {
    const rec = await click({ stored: storedCheck({ details }), channel: 'COTHER' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/No org "acme" is available in this channel/)]);
  });

  it('the store does not answer: says nothing was done, and logs it', async () => {
    const rec = await click({ storeDown: true });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/cannot read this verdict right now; nothing was done/)]);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not read the request behind a button' });
  });

  it('a verdict stored without details: points to Re-run and --json', async () => {
    const rec = await click({ stored: storedCheck() });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/details of this verdict were not kept/)]);
  });

  it('Slack refuses the modal: one private reply to press again, logged; the listener does not throw', async () => {
    const rec = await click({
      stored: storedCheck({ details }),
      failing: { 'views.open': new Error('expired_trigger_id') },
    });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/Slack did not open the details/)]);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not open the verdict details modal' });
  });

  it('a private reply Slack refuses is logged, never thrown (replyPrivately)', async () => {
    const rec = await click({ stored: storedCheck(), failing: { respond: new Error('expired_url') } });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not answer privately' });
  });
});
