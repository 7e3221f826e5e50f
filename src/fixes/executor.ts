/**
 * Reads a fix's target and applies the change with the org's FIXER credentials. Every write goes through
 * `apis.fixer`; `apis.reader` (the read-only diagnostic client) is used only to read a user's grants, which
 * needs authorization:grant:view that a fixer role need not hold, and the role a grant gives (read again before
 * the grant, as the request's review read it: see fix-review.ts). Refreshing a managed client's token uses
 * that client's own credentials, since revoking a token is done with the token itself (DELETE /tokens/me).
 */
import type { GenesysApi } from '../genesys/api';
import { describeError } from '../genesys/result';
import { roleChangedSinceRequest } from './fix-review';
import { type RevocationGrant, revocationGrantLabel } from './types';
import {
  CHANGED_SINCE_CHECK,
  clientWithChange,
  compareTarget,
  grantsOf,
  holdsGrant,
  withRoleDivisions,
  type ApplyResult,
  type Comparison,
  type FixPlan,
  type TargetSnapshot,
} from './plan';
import type { FixTarget } from '../diagnosis/verdict';

export interface FixApis {
  /** The org's fixer client: every change is made with it. */
  fixer: GenesysApi;
  /** The org's diagnostic client: reads only. */
  reader: GenesysApi;
  /** The client of a managed credential (diagnostic, fixer, probe) by its client id, for token refreshes. */
  managed(clientId: string): GenesysApi | undefined;
}

export type Inspection = (Comparison & { snapshot: TargetSnapshot }) | { kind: 'unreadable'; reason: string };

export type RevokeResult = { ok: true; result: 'changed' | 'no-op'; detail: string } | { ok: false; reason: string };

export class FixExecutor {
  constructor(
    private readonly apis: FixApis,
    private readonly now: () => number = Date.now,
  ) {}

  /** The target as it is now. `via` picks the client that reads an OAuth client (planning reads with the diagnostic one). */
  async readTarget(
    target: FixTarget,
    via: 'fixer' | 'reader' = 'fixer',
  ): Promise<{ ok: true; snapshot: TargetSnapshot } | { ok: false; reason: string }> {
    if (target.kind === 'oauth-client') {
      const client = await this.apis[via].getOAuthClient(target.id, { fresh: true });
      if (!client.ok) return { ok: false, reason: `could not read the OAuth client: ${describeError(client.error)}` };
      return { ok: true, snapshot: { kind: 'oauth-client', client: client.value } };
    }
    // The fixer may lack authorization:grant:view; the diagnostic client has it by design.
    let subject = await this.apis.fixer.getSubject(target.id, { fresh: true });
    if (!subject.ok && subject.error.status === 403)
      subject = await this.apis.reader.getSubject(target.id, { fresh: true });
    if (!subject.ok) return { ok: false, reason: `could not read the user's grants: ${describeError(subject.error)}` };
    return { ok: true, snapshot: { kind: 'user', subjectId: target.id, grants: grantsOf(subject.value) } };
  }

  /** Reads the target and runs the plan's "already fixed" / "changed since plan" tests. */
  async inspect(plan: FixPlan): Promise<Inspection> {
    if (plan.kind === 'refresh-credentials') return { kind: 'as-planned', snapshot: { kind: 'none' } };
    const read = await this.readTarget(plan.target);
    if (!read.ok) return { kind: 'unreadable', reason: read.reason };
    return { ...compareTarget(plan, read.snapshot), snapshot: read.snapshot };
  }

  /** Applies the plan once: read again, then no-op, refuse, or write. Never throws for API failures. */
  async apply(plan: FixPlan): Promise<ApplyResult> {
    if (plan.kind === 'refresh-credentials') return this.refresh(plan);
    const inspection = await this.inspect(plan);
    const at = this.now();
    if (inspection.kind === 'unreadable') return { status: 'failed', reason: inspection.reason, at };
    const before = currentValue(plan, inspection.snapshot);
    if (inspection.kind === 'done') {
      return {
        status: 'applied',
        result: 'no-op',
        detail: `Already fixed: ${plan.tests.alreadyFixed}.`,
        before,
        after: before,
        at,
      };
    }
    if (inspection.kind === 'changed')
      return { status: 'failed', reason: CHANGED_SINCE_CHECK, detail: inspection.detail, before, at };
    if (plan.kind === 'grant-role') {
      // The approver was shown the role's permissions as read at request time; the role may have changed since.
      const roleChanged = await roleChangedSinceRequest(this.apis.reader, plan.roleId, plan.permissionsAdded);
      if (roleChanged) return { status: 'failed', reason: roleChanged, before, at: this.now() };
    }

    if (inspection.snapshot.kind === 'oauth-client' && (plan.kind === 'grant-role' || plan.kind === 'add-scope')) {
      const next = clientWithChange(plan, inspection.snapshot.client);
      const put = await this.apis.fixer.putOAuthClient(next);
      if (!put.ok)
        return {
          status: 'failed',
          reason: `the change was refused: ${describeError(put.error)}`,
          before,
          at: this.now(),
        };
      const after = plan.kind === 'grant-role' ? (put.value.roleDivisions ?? []) : (put.value.scope ?? []);
      const landed =
        plan.kind === 'grant-role'
          ? holdsGrant(put.value.roleDivisions ?? [], plan.roleId, plan.divisionId)
          : (put.value.scope ?? []).includes(plan.scope);
      if (!landed)
        return {
          status: 'failed',
          reason: 'Genesys accepted the change but the client does not show it',
          before,
          at: this.now(),
        };
      return { status: 'applied', result: 'changed', detail: plan.summary, before, after, at: this.now() };
    }
    if (inspection.snapshot.kind === 'user' && plan.kind === 'grant-role') {
      const granted = await this.apis.fixer.grantSubjectRole(plan.target.id, plan.divisionId, plan.roleId);
      if (!granted.ok)
        return {
          status: 'failed',
          reason: `the grant was refused: ${describeError(granted.error)}`,
          before,
          at: this.now(),
        };
      // The POST answers with no body: read the user's grants again to confirm the grant landed.
      // A failed read proves nothing either way: the grant was accepted, so it counts as made (a time bound is then
      // still scheduled; revoking a grant that is not there is a no-op), with the doubt stated.
      const reread = await this.readTarget(plan.target);
      if (!reread.ok) {
        const detail = `${plan.summary} (accepted, but not confirmed: ${reread.reason})`;
        return { status: 'applied', result: 'changed', detail, before, after: undefined, at: this.now() };
      }
      const after = reread.snapshot.kind === 'user' ? reread.snapshot.grants : [];
      if (!holdsGrant(after, plan.roleId, plan.divisionId)) {
        return {
          status: 'failed',
          reason: "Genesys accepted the grant but the user's grants do not show it",
          before,
          at: this.now(),
        };
      }
      return { status: 'applied', result: 'changed', detail: plan.summary, before, after, at: this.now() };
    }
    return { status: 'failed', reason: `cannot apply ${plan.kind} to a ${plan.target.kind}`, at };
  }

  /** Takes back a time-bound grant. Idempotent: a grant already gone is a no-op. */
  async revokeGrant(grant: RevocationGrant): Promise<RevokeResult> {
    const read = await this.readTarget(grant.target);
    if (!read.ok) return { ok: false, reason: read.reason };
    const snapshot = read.snapshot;
    const label = revocationGrantLabel(grant);
    if (snapshot.kind === 'oauth-client') {
      const current = snapshot.client.roleDivisions ?? [];
      if (!holdsGrant(current, grant.roleId, grant.divisionId))
        return { ok: true, result: 'no-op', detail: `${label} was already gone` };
      const remaining = current.filter((rd) => !(rd.roleId === grant.roleId && rd.divisionId === grant.divisionId));
      const put = await this.apis.fixer.putOAuthClient(withRoleDivisions(snapshot.client, remaining));
      if (!put.ok) return { ok: false, reason: `the revocation was refused: ${describeError(put.error)}` };
      return { ok: true, result: 'changed', detail: `revoked ${label}` };
    }
    if (snapshot.kind === 'user') {
      if (!holdsGrant(snapshot.grants, grant.roleId, grant.divisionId))
        return { ok: true, result: 'no-op', detail: `${label} was already gone` };
      const revoked = await this.apis.fixer.revokeSubjectRole(grant.target.id, grant.divisionId, grant.roleId);
      if (!revoked.ok) return { ok: false, reason: `the revocation was refused: ${describeError(revoked.error)}` };
      return { ok: true, result: 'changed', detail: `revoked ${label}` };
    }
    return { ok: false, reason: 'nothing to revoke' };
  }

  private async refresh(plan: Extract<FixPlan, { kind: 'refresh-credentials' }>): Promise<ApplyResult> {
    if (plan.method === 'user-tokens') {
      const revoked = await this.apis.fixer.revokeUserTokens(plan.target.id);
      if (!revoked.ok)
        return {
          status: 'failed',
          reason: `revoking the user's tokens was refused: ${describeError(revoked.error)}`,
          at: this.now(),
        };
      return {
        status: 'applied',
        result: 'changed',
        detail: `Revoked every token of user ${plan.target.id}`,
        at: this.now(),
      };
    }
    const api = this.apis.managed(plan.target.id);
    if (!api)
      return { status: 'failed', reason: `sr-check holds no credentials for client ${plan.target.id}`, at: this.now() };
    const old = await api.ensureToken();
    const before = old.ok ? { tokenIssuedAt: new Date(old.value.issuedAt).toISOString() } : undefined;
    const revoked = await api.revokeOwnToken();
    if (!revoked.ok)
      return {
        status: 'failed',
        reason: `revoking the cached token failed: ${describeError(revoked.error)}`,
        before,
        at: this.now(),
      };
    const minted = await api.ensureToken();
    if (!minted.ok)
      return {
        status: 'failed',
        reason: `minting a new token failed: ${describeError(minted.error)}`,
        before,
        at: this.now(),
      };
    // tokens/me proves the new token works and belongs to the client we meant.
    const info = await api.getTokenInfo({ fresh: true });
    if (!info.ok)
      return {
        status: 'failed',
        reason: `the new token does not work: ${describeError(info.error)}`,
        before,
        at: this.now(),
      };
    if (info.value.OAuthClient && info.value.OAuthClient.id !== plan.target.id) {
      return {
        status: 'failed',
        reason: `the new token belongs to client ${info.value.OAuthClient.id}, not ${plan.target.id}`,
        before,
        at: this.now(),
      };
    }
    const after = {
      tokenIssuedAt: new Date(minted.value.issuedAt).toISOString(),
      roleDivisions: info.value.OAuthClient?.roleDivisions ?? [],
    };
    return {
      status: 'applied',
      result: 'changed',
      detail: 'Revoked the cached token and minted a new one (verified with tokens/me)',
      before,
      after,
      at: this.now(),
    };
  }
}

function currentValue(plan: FixPlan, snapshot: TargetSnapshot): unknown {
  if (snapshot.kind === 'oauth-client')
    return plan.kind === 'add-scope' ? (snapshot.client.scope ?? []) : (snapshot.client.roleDivisions ?? []);
  if (snapshot.kind === 'user') return snapshot.grants;
  return undefined;
}
