/** The fix buttons (Grant…, Grant for 8 h), called directly with a fake approval flow. */
import { describe, expect, it } from 'vitest';
import type { ApprovalFlow } from '../../../../../src/slack/approval-flow';
import { encodeValue } from '../../../../../src/slack/button-values';
import { fixButton } from '../../../../../src/slack/listeners/actions/fix';
import { sampleRequest } from '../../../../support/store';
import { grantFix } from '../../../../support/verdict-fixtures';
import { boltArgs, buttonBody, fakeContext, fakeRequests, recorder, storedCheck } from '../fakes';

const ID = 'req_fix_0001';
type RequestFix = ApprovalFlow['requestFix'];

async function click(options: { timed?: boolean; f?: number; requestFix?: RequestFix; noApprovals?: boolean }) {
  const rec = recorder();
  const asked: Array<Parameters<RequestFix>[0]> = [];
  const requestFix: RequestFix = async (input) => {
    asked.push(input);
    if (options.requestFix) return options.requestFix(input);
    const request = sampleRequest(Date.now(), { ...(input.ttlHours ? { ttlHours: input.ttlHours } : {}) });
    return { ok: true, request, delivered: 2, notified: [], threadPosted: true } as never;
  };
  const ctx = fakeContext(rec, {
    requests: fakeRequests({ [ID]: storedCheck({ fixes: [grantFix(0)] }) }),
    ...(options.noApprovals ? {} : { approvals: { requestFix } as unknown as ApprovalFlow }),
  });
  const value = options.timed
    ? encodeValue({ r: ID, f: options.f ?? 0, h: 8 })
    : encodeValue({ r: ID, f: options.f ?? 0 });
  const { body, action } = buttonBody('CACME', value, options.timed ? 'fix-timed:0' : 'fix:0');
  await fixButton(ctx, options.timed === true)({ ...boltArgs(rec), body, action } as never);
  return { rec, asked };
}

describe('fix button (listener)', () => {
  it('acks first, asks for the fix as the clicker in the verdict thread, and tells only the clicker', async () => {
    const { rec, asked } = await click({});
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(asked).toEqual([
      expect.objectContaining({ requester: 'UCLICKER', thread: { channel: 'CACME', ts: '1712345678.000100' } }),
    ]);
    expect(asked[0]).not.toHaveProperty('ttlHours');
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/^Fix requested and sent to 2 approver message\(s\)/)]);
  });

  it('the time-bound twin asks for 8 h', async () => {
    const { rec, asked } = await click({ timed: true });
    expect(asked[0]).toMatchObject({ ttlHours: 8 });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/revoked automatically after 8 h/)]);
  });

  it('without approvals configured: explains that fixes need approval, nothing asked', async () => {
    const { rec } = await click({ noApprovals: true });
    expect(rec.privateTexts()).toEqual([
      expect.stringMatching(/approvals are not enabled yet, so nothing was changed/),
    ]);
  });

  it('a fix index the verdict does not have: "expired", nothing asked', async () => {
    const { rec, asked } = await click({ f: 5 });
    expect(asked).toEqual([]);
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/expired or is no longer known/)]);
  });

  it('a refusal is told to the clicker with its reason', async () => {
    const { rec } = await click({
      requestFix: async () => ({ ok: false, code: 'already-fixed', message: 'The role is already granted.' }) as never,
    });
    expect(rec.privateTexts()).toEqual([
      expect.stringMatching(/^Nothing to request; .*The role is already granted\./s),
    ]);
  });

  it('a failure on our side: logged as an error, one private "nothing was changed", never thrown', async () => {
    const { rec } = await click({
      requestFix: async () => {
        throw new Error('database is locked');
      },
    });
    expect(rec.calls).toContainEqual({ kind: 'log', level: 'error', msg: 'fix request failed' });
    expect(rec.privateTexts()).toEqual([expect.stringMatching(/went wrong on our side .*nothing was changed/)]);
  });
});
