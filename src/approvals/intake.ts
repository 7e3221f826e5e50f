/**
 * Intake of fix requests: the org must allow fixes, the request's bounds must make sense, the target is read now and
 * the plan pinned to it (fixes/plan.ts), reviewed server-side whatever the button asked for (fixes/fix-review.ts),
 * and only one open request per change may stand (a claim across replicas settles a double click).
 */
import type { OrgConfig } from '../config/types';
import { LIVE_FIX_REFUSED, liveFixAllowed } from '../fixes/as-code/policy';
import type { FixApiSource } from '../fixes/apis';
import { FixExecutor } from '../fixes/executor';
import { reviewFix } from '../fixes/fix-review';
import { changeKey, planFix, type TargetSnapshot } from '../fixes/plan';
import { HOUR_MS, type ApprovalContext } from './ledger';
import type { ApprovalRequest, ApprovalState, FixRequestInput, RequestFixOutcome } from './types';
import { ENABLE_FIXES_HINT } from './wording';

const MAX_EXPIRY_HOURS = 24 * 7;
const MAX_TTL_HOURS = 24 * 90;
/** Requests in these states still stand to make their change: a second request for the same change is refused. */
const OPEN_STATES: ApprovalState[] = ['pending', 'approved', 'applying'];
/** Two requestFix calls for one change at the same moment (a double click): the first holds this claim meanwhile. */
const REQUEST_CLAIM_SECONDS = 30;

export class Intake {
  constructor(
    private readonly ctx: ApprovalContext,
    /** Expires a pending request found past its expiry (decisions.ts); false when it was no longer pending. */
    private readonly expire: (request: ApprovalRequest) => Promise<boolean>,
  ) {}

  async requestFix(input: FixRequestInput): Promise<RequestFixOutcome> {
    const checked = this.requestable(input);
    if (!checked.ok) return checked;
    const { org, apis, expiresInHours } = checked;

    // One open request per change: "Grant" and "Grant for 8 h" (or a double click) must not both stand, or the
    // time-bound one could later revoke what the permanent one was meant to keep.
    const key = changeKey(input.fix);
    const open = await this.openRequestFor(org.name, key);
    if (open) return duplicate(open);

    // Plan time: read the target now (read-only client) and pin the plan to what it shows.
    let snapshot: TargetSnapshot = { kind: 'none' };
    if (input.fix.kind !== 'refresh-credentials') {
      const read = await new FixExecutor(apis, this.ctx.now).readTarget(input.fix.target, 'reader');
      if (!read.ok)
        return { ok: false, code: 'unreadable', message: `Could not read the target to plan the fix: ${read.reason}` };
      snapshot = read.snapshot;
    }
    // Server-side, whatever the button asked for: configured operations only, never an administration role or
    // scope; what it reads (every permission the role carries, names) goes into the plan (fixes/fix-review.ts).
    const review = await reviewFix(org, input.fix, input.verdictRef.check, apis.reader);
    if (!review.ok) return { ok: false, code: review.code, message: review.message };
    const planned = planFix(org, input.fix, snapshot, review.context);
    if (!planned.ok) return { ok: false, code: planned.code, message: planned.message };

    // Two calls at the same moment both pass the test above: the claim (across replicas) lets one through.
    const claimKey = `approvals:request:${org.name}:${key}`;
    if (!(await this.ctx.store.claim(claimKey, REQUEST_CLAIM_SECONDS))) {
      const justMade = await this.openRequestFor(org.name, key);
      if (justMade) return duplicate(justMade);
      return {
        ok: false,
        code: 'duplicate-request',
        message: 'A request for the same change is being made right now; if it does not appear, try again in a minute.',
      };
    }
    const raced = await this.openRequestFor(org.name, key);
    if (raced) {
      // The open request guards duplicates itself; holding the claim would refuse a repeat after it is denied.
      await this.ctx.store.releaseClaim(claimKey);
      return duplicate(raced);
    }

    const now = this.ctx.now();
    const request: ApprovalRequest = {
      id: this.ctx.newId(),
      org: org.name,
      state: 'pending',
      requesterSlackId: input.requesterSlackId,
      plan: planned.plan,
      verdictRef: input.verdictRef,
      ...(input.thread ? { thread: input.thread } : {}),
      createdAt: now,
      expiresAt: now + expiresInHours * HOUR_MS,
      updatedAt: now,
      ...(input.ttlHours !== undefined ? { ttlHours: input.ttlHours } : {}),
    };
    try {
      await this.ctx.store.createApproval(request);
    } finally {
      // Stored (the open-request test guards duplicates from now on) or not stored at all: either way the claim's
      // work is done, so a repeat after a deny or a failure is not refused as "being made right now".
      await this.ctx.store.releaseClaim(claimKey);
    }
    await this.ctx.ledger.audit(request, 'requested', input.requesterSlackId, {
      before: planned.plan.kind === 'refresh-credentials' ? undefined : planned.plan.before,
      after: planned.plan.kind === 'refresh-credentials' ? undefined : planned.plan.after,
      result: 'pending',
    });
    this.ctx.logger.info({ org: org.name, approvalId: request.id, fix: planned.plan.kind }, 'fix requested');
    return { ok: true, request };
  }

  /** The org exists, has fixer credentials and approvers, and the request's bounds and target make sense. */
  private requestable(
    input: FixRequestInput,
  ):
    | { ok: true; org: OrgConfig; apis: NonNullable<ReturnType<FixApiSource['forOrg']>>; expiresInHours: number }
    | Extract<RequestFixOutcome, { ok: false }> {
    const org = this.ctx.config.orgs.get(input.org);
    if (!org) return { ok: false, code: 'unknown-org', message: `Unknown org "${input.org}".` };
    const apis = this.ctx.apis.forOrg(org);
    if (!org.fixer || !apis) {
      return {
        ok: false,
        code: 'fixes-disabled',
        message: `Fixes are not enabled for ${org.name}. ${ENABLE_FIXES_HINT}`,
      };
    }
    if (!liveFixAllowed(org, input.fix)) return { ok: false, code: 'fixes-disabled', message: LIVE_FIX_REFUSED };
    if (org.approvers.users.length === 0 && !org.approvers.userGroup) {
      return {
        ok: false,
        code: 'no-approvers',
        message: `${org.name} has no approvers, so nobody could approve a fix. ${ENABLE_FIXES_HINT}`,
      };
    }
    const expiresInHours = input.expiresInHours ?? 24;
    if (!(expiresInHours > 0 && expiresInHours <= MAX_EXPIRY_HOURS)) {
      return {
        ok: false,
        code: 'invalid-request',
        message: `A request must expire within 0–${MAX_EXPIRY_HOURS} hours.`,
      };
    }
    if (input.ttlHours !== undefined) {
      if (input.fix.kind !== 'grant-role')
        return { ok: false, code: 'invalid-request', message: 'Only role grants can be time-bound.' };
      if (!(input.ttlHours > 0 && input.ttlHours <= MAX_TTL_HOURS)) {
        return {
          ok: false,
          code: 'invalid-request',
          message: `A time bound must be between 0 and ${MAX_TTL_HOURS} hours.`,
        };
      }
    }
    if (input.fix.kind === 'add-scope' && input.fix.target.kind !== 'oauth-client') {
      return { ok: false, code: 'invalid-request', message: 'Scopes belong to OAuth clients.' };
    }
    return { ok: true, org, apis, expiresInHours };
  }

  /** Open requests (pending, approved, applying) for this change; a pending one past its expiry is expired instead. */
  private async openRequestFor(org: string, key: string): Promise<ApprovalRequest | undefined> {
    for (const request of await this.ctx.store.listApprovals({ org, states: OPEN_STATES })) {
      if (changeKey(request.plan) !== key) continue;
      if (request.state === 'pending' && request.expiresAt <= this.ctx.now()) {
        await this.expire(request);
        continue;
      }
      return request;
    }
    return undefined;
  }
}

function duplicate(existing: ApprovalRequest): RequestFixOutcome {
  const bound = existing.ttlHours !== undefined ? `time-bound (${existing.ttlHours} h)` : 'permanent';
  return {
    ok: false,
    code: 'duplicate-request',
    message:
      `A ${bound} request for the same change is already ${existing.state} (request ${existing.id}, made by Slack user ${existing.requesterSlackId}): ` +
      `${existing.plan.summary}. Approve or deny that one; a new request can be made once it is decided.`,
  };
}
