/** The Deny modal's submission, called directly with a fake approval flow. */
import { describe, expect, it } from 'vitest';
import type { ApprovalFlow } from '../../../../../src/slack/approval-flow';
import { DENY_REASON_ACTION, DENY_REASON_BLOCK } from '../../../../../src/slack/blocks/deny-modal';
import { denyReasonSubmitted } from '../../../../../src/slack/listeners/views/deny-reason';
import { sampleRequest } from '../../../../support/store';
import { boltArgs, fakeContext, recorder } from '../fakes';

const REQUEST_ID = 'req-0001-abcdef';
type Decide = ApprovalFlow['decide'];

async function submit(options: { reason: string; metadata?: string; decide?: Decide; noApprovals?: boolean }) {
  const rec = recorder();
  const decided: unknown[][] = [];
  const decide: Decide = async (...args) => {
    decided.push(args);
    if (options.decide) return options.decide(...args);
    return { ok: true, kind: 'denied', request: sampleRequest(0) } as never;
  };
  const ctx = fakeContext(rec, options.noApprovals ? {} : { approvals: { decide } as unknown as ApprovalFlow });
  const view = {
    private_metadata:
      options.metadata ?? JSON.stringify({ id: REQUEST_ID, channel: 'CAPPROVE', ts: '1712345678.000100' }),
    state: {
      values: { [DENY_REASON_BLOCK]: { [DENY_REASON_ACTION]: { type: 'plain_text_input', value: options.reason } } },
    },
  };
  await denyReasonSubmitted(ctx)({ ...boltArgs(rec), view, body: { user: { id: 'UAPPROVER' } } } as never);
  return { rec, decided };
}

describe('deny reason (view listener)', () => {
  it('acks (closing the modal) first, then denies with the trimmed reason where the approver clicked', async () => {
    const { rec, decided } = await submit({ reason: '  not during the freeze  ' });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(decided).toEqual([
      ['deny', REQUEST_ID, 'UAPPROVER', { channel: 'CAPPROVE', ts: '1712345678.000100' }, 'not during the freeze'],
    ]);
    expect(rec.privateTexts()).toEqual([]);
  });

  it('an empty reason: answered in the modal (response_action errors), nothing decided', async () => {
    const { rec, decided } = await submit({ reason: '   ' });
    expect(rec.calls).toEqual([
      {
        kind: 'ack',
        payload: { response_action: 'errors', errors: { [DENY_REASON_BLOCK]: expect.stringMatching(/Say why/) } },
      },
    ]);
    expect(decided).toEqual([]);
  });

  it('metadata that does not parse: answered in the modal, nothing decided', async () => {
    const { rec, decided } = await submit({ reason: 'no', metadata: '{"id":"../../x"}' });
    expect(rec.calls[0]).toMatchObject({ kind: 'ack', payload: { response_action: 'errors' } });
    expect(decided).toEqual([]);
  });

  it('a refusal (not an approver) is told only to them, as an ephemeral where they clicked', async () => {
    const { rec } = await submit({
      reason: 'no',
      decide: async () => ({ ok: false, code: 'not-an-approver', request: sampleRequest(0) }) as never,
    });
    expect(rec.calls).toContainEqual(
      expect.objectContaining({
        kind: 'slack',
        method: 'chat.postEphemeral',
        args: expect.objectContaining({ channel: 'CAPPROVE', user: 'UAPPROVER' }),
      }),
    );
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/^Only the approvers of acme can approve or deny/)]);
  });

  it('a failure on our side: logged as an error and told privately, never thrown', async () => {
    const { rec } = await submit({
      reason: 'no',
      decide: async () => {
        throw new Error('database is locked');
      },
    });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'error', msg: 'deny with a reason failed' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/went wrong on our side/)]);
  });
});
