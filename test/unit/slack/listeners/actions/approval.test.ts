/** Approve / Deny buttons on an approval message, called directly with a fake approval flow. */
import { describe, expect, it } from 'vitest';
import type { ApprovalFlow } from '../../../../../src/slack/approval-flow';
import { approvalButton } from '../../../../../src/slack/listeners/actions/approval';
import { sampleRequest } from '../../../../support/store';
import { boltArgs, fakeContext, recorder } from '../fakes';

const REQUEST_ID = 'req-0002-abcdef';

function approvalBody(value: string) {
  const action = { type: 'button', action_id: 'approval:approve', block_id: 'b', value, action_ts: '1.1' };
  const body = {
    type: 'block_actions',
    user: { id: 'UAPPROVER' },
    channel: { id: 'CAPPROVE' },
    container: { type: 'message' },
    message: { ts: '1712345678.000300' },
    response_url: 'https://hooks.example.invalid/r',
    trigger_id: 'trigger-1',
    actions: [action],
  };
  return { body, action };
}

async function click(kind: 'approve' | 'deny', options: { value?: string; flow?: Partial<ApprovalFlow> } = {}) {
  const rec = recorder();
  const ctx = fakeContext(rec, { approvals: options.flow as ApprovalFlow });
  const { body, action } = approvalBody(options.value ?? REQUEST_ID);
  await approvalButton(ctx, kind)({ ...boltArgs(rec), body, action } as never);
  return rec;
}

describe('approval buttons (listener)', () => {
  it('approve: acks first, decides as the clicker on the clicked message, says nothing more on success', async () => {
    const decided: unknown[][] = [];
    const rec = await click('approve', {
      flow: {
        decide: async (...args: unknown[]) => {
          decided.push(args);
          return { ok: true, kind: 'applied', request: sampleRequest(0) } as never;
        },
      } as Partial<ApprovalFlow>,
    });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(decided).toEqual([['approve', REQUEST_ID, 'UAPPROVER', { channel: 'CAPPROVE', ts: '1712345678.000300' }]]);
    expect(rec.privateTexts()).toEqual([]);
  });

  it('a refusal (self-approval) is answered only to the clicker', async () => {
    const rec = await click('approve', {
      flow: { decide: async () => ({ ok: false, code: 'self-approval', request: sampleRequest(0) }) as never },
    });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/^You requested this fix, so another approver/)]);
  });

  it('an id that does not parse: "not known", nothing decided', async () => {
    const rec = await click('approve', {
      value: '<script>',
      flow: {
        decide: async () => {
          throw new Error('must not be called');
        },
      },
    });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/not known \(any more\)/)]);
  });

  it('deny: asks who may decide first, then opens the reason modal; nothing is decided yet', async () => {
    const rec = await click('deny', {
      flow: {
        service: { mayDecide: async () => ({ ok: true, request: sampleRequest(0) }) },
        decide: async () => {
          throw new Error('deny decides only when the modal is submitted');
        },
      } as unknown as Partial<ApprovalFlow>,
    });
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.calls).toContainEqual(
      expect.objectContaining({
        kind: 'slack',
        method: 'views.open',
        args: expect.objectContaining({ trigger_id: 'trigger-1' }),
      }),
    );
  });

  it('a failure on our side: logged as an error, told privately, never thrown', async () => {
    const rec = await click('approve', {
      flow: {
        decide: async () => {
          throw new Error('database is locked');
        },
      },
    });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'error', msg: 'approval decision failed' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/went wrong on our side/)]);
  });
});
