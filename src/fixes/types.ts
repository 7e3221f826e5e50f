/**
 * The records of time-bound grants (a revocation scheduled for each, kept in the store) and the Slack thread a
 * fix came from. Domain types: the store depends on them (store/types.ts), they depend on nothing there.
 */
import type { FixTarget } from '../diagnosis/verdict';

/** Slack thread the request came from; the post-fix verdict and revocation notices go there. */
export interface ThreadRef {
  channel: string;
  ts: string;
}

/** A role grant to take back at `dueAt` (time-bound fixes). */
export interface RevocationGrant {
  target: FixTarget;
  targetName?: string;
  roleId: string;
  roleName?: string;
  divisionId: string;
  divisionName?: string;
}

/** How people read a time-bound grant: names where sr-check has them (rows stored before names were kept have ids). */
export function revocationGrantLabel(grant: RevocationGrant): string {
  const role = grant.roleName ? `role "${grant.roleName}"` : `role ${grant.roleId}`;
  const division = grant.divisionName ? `division "${grant.divisionName}"` : `division ${grant.divisionId}`;
  const kind = grant.target.kind === 'user' ? 'user' : 'OAuth client';
  const target = grant.targetName ? `${kind} "${grant.targetName}"` : `${kind} ${grant.target.id}`;
  return `${role} in ${division} from ${target}`;
}

export const REVOCATION_STATES = ['scheduled', 'running', 'done', 'failed'] as const;
export type RevocationState = (typeof REVOCATION_STATES)[number];

export interface ScheduledRevocation {
  id: string;
  requestId: string;
  org: string;
  grant: RevocationGrant;
  thread?: ThreadRef;
  dueAt: number;
  state: RevocationState;
  /** While `running`: the claim lapses at this time (a replica that died mid-way is retried). */
  leaseUntil?: number;
  detail?: string;
  createdAt: number;
}

export type NewRevocation = Pick<ScheduledRevocation, 'id' | 'requestId' | 'org' | 'grant' | 'thread' | 'dueAt'>;
