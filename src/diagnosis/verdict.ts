/** The verdict: what every surface shows (Block Kit, terminal, `--json`). Its JSON shape is documented in the README. */
import type { RoleDivision } from '../genesys/models';
import type { IdentityKind } from './facts';

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'unknown', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const CHECK_IDS = ['credentials', 'scope', 'role', 'feature', 'interaction', 'token', 'probe'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface FixTarget {
  kind: IdentityKind;
  id: string;
}

/** A proposed change, as data: what it would change, before → after. Executing it needs approval. */
export type FixProposal =
  | {
      kind: 'grant-role';
      target: FixTarget;
      roleId: string;
      roleName: string;
      divisionId: string;
      divisionName?: string;
      /** The missing permission this role carries. */
      permission: string;
      /** How many permissions the role carries beyond the missing one (least privilege: fewest wins). */
      extraPermissions: number;
      before: RoleDivision[];
      after: RoleDivision[];
      /**
       * The grant fixes only some calls: the others need permissions no role can grant (the org's licence
       * lacks them). Absent: it fixes every refused call.
       */
      partial?: { notFixed: string[] };
      /**
       * Whether sr-check's fixer client holds the role it would hand out (a grant to an OAuth client only; the
       * Terraform provider: "The roles must also already be assigned to the OAuth Client used by Terraform").
       * `no`: sr-check cannot apply it; `other-division`: held elsewhere, whether that suffices is unconfirmed;
       * `unknown`: the fixer's roles could not be read. Absent: no fixer configured, or the target is a user.
       */
      fixer?: { holds: 'yes' | 'other-division' | 'no' | 'unknown'; note: string };
    }
  | { kind: 'add-scope'; target: FixTarget; scope: string; before: string[]; after: string[] }
  | { kind: 'refresh-credentials'; target: FixTarget; reason: string };

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  summary: string;
  evidence: string[];
  fixes: FixProposal[];
  /** Permissions this check found missing (the role check fills it). */
  missingPermissions?: string[];
  /** The probe check only: what Genesys answered to the read sent as the integration. */
  probe?: ProbeReport;
}

/** How a probe's real answer compares with the role check's prediction (the metric's label too). */
export type ProbeAgreement = 'agree' | 'disagree' | 'inconclusive';

/** What the probe sent and what Genesys answered (the token and secret never appear; see diagnosis/probe/runner.ts). */
export interface ProbeReport {
  /** Each read sent as the integration, in the request's order. */
  reads: ProbeRead[];
  /** `disagree` when any read contradicts the prediction; else `inconclusive` when any read could not be compared; else `agree`. */
  agreement: ProbeAgreement;
  tokenRevoked: boolean;
  /** The answers are a recent probe's (at most one probe per org per interval). */
  answeredSecondsAgo?: number;
  /** An answer contradicts the prediction: the model is wrong for this org (the verdict's `modelDisagreement`). */
  disagreement?: string;
}

export interface ProbeRead {
  /** `GET /api/v2/...` as sent, with the named or random ids. */
  call: string;
  /** Path parameters filled with random UUIDs (a 404 then means the permission gate passed). */
  randomIds?: string[];
  /** HTTP status, when Genesys answered. */
  status?: number;
  code?: string;
  message?: string;
  contextId?: string;
  /** The role check's judgement of this read; absent when it could not tell. */
  prediction?: 'allowed' | 'refused';
  /** `inconclusive`: no answer that speaks for the gate, no prediction, or the client changed too recently to tell. */
  agreement: ProbeAgreement;
}

export interface Verdict {
  org: string;
  identity: { kind: IdentityKind; id: string; name?: string };
  operations: Array<{ method: string; path: string }>;
  overall: Exclude<CheckStatus, 'skipped'>;
  checks: CheckResult[];
  missingPermissions: string[];
  /** The probe's real answer contradicts the model for this org (see the probe check). */
  modelDisagreement?: string;
  apiCalls: number;
  durationMs: number;
}

/** fail beats unknown beats warn beats pass; skipped checks do not count. */
export function overallStatus(checks: CheckResult[]): Verdict['overall'] {
  const statuses = new Set(checks.map((c) => c.status));
  if (statuses.has('fail')) return 'fail';
  if (statuses.has('unknown')) return 'unknown';
  if (statuses.has('warn')) return 'warn';
  return 'pass';
}

export function result(
  id: CheckId,
  status: CheckStatus,
  summary: string,
  evidence: string[] = [],
  fixes: FixProposal[] = [],
): CheckResult {
  return { id, status, summary, evidence, fixes };
}

/** Every fix the verdict's checks propose, in check order: what the verdict's fix buttons index into. */
export function verdictFixes(verdict: Verdict): FixProposal[] {
  return verdict.checks.flatMap((check) => check.fixes);
}
