/** The verdict's "Terraform change" button, called directly: ack first, then the modal or one private reply. */
import { describe, expect, it } from 'vitest';
import { TERRAFORM_ACTION_ID } from '../../../../../src/slack/blocks/terraform';
import { terraformButtonClicked } from '../../../../../src/slack/listeners/actions/terraform';
import { grantFix } from '../../../../support/verdict-fixtures';
import { boltArgs, buttonBody, fakeContext, fakeRequests, recorder, storedCheck } from '../fakes';

const ID = 'req_terraform_1';
const value = (f: number[]) => JSON.stringify({ r: ID, f });

async function click(options: {
  fixes?: number[];
  stored?: ReturnType<typeof storedCheck>;
  failing?: Record<string, Error>;
}) {
  const rec = recorder();
  const stored = options.stored ?? storedCheck({ fixes: [grantFix(0), grantFix(1)] });
  const ctx = fakeContext(rec, { requests: fakeRequests({ [ID]: stored }) });
  const { body, action } = buttonBody('CACME', value(options.fixes ?? [0, 1]), TERRAFORM_ACTION_ID);
  await terraformButtonClicked(ctx)({ ...boltArgs(rec, options.failing), body, action } as never);
  return rec;
}

describe('Terraform change button (listener)', () => {
  it('acks first, then shows the change in a modal; nothing is answered privately', async () => {
    const rec = await click({});
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    const open = rec.calls.find((c) => c.kind === 'slack' && c.method === 'views.open');
    expect(open).toMatchObject({ args: { trigger_id: 'trigger-1', view: { type: 'modal' } } });
    expect(rec.privateTexts()).toEqual([]);
  });

  it('a fix index the stored verdict does not have: "expired", no modal', async () => {
    const rec = await click({ fixes: [7] });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/expired or is no longer known/)]);
    expect(rec.calls.some((c) => c.kind === 'slack' && c.method === 'views.open')).toBe(false);
  });

  it('Slack refuses the modal: one private reply, logged', async () => {
    const rec = await click({ failing: { 'views.open': new Error('expired_trigger_id') } });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/Slack did not open the Terraform change/)]);
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not open the Terraform change modal' });
  });

  it('a private reply Slack refuses is logged, never thrown (the one replyPrivately policy)', async () => {
    const rec = await click({ fixes: [7], failing: { respond: new Error('expired_url') } });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not answer privately' });
  });
});
