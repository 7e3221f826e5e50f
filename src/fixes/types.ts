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
  roleId: string;
  roleName?: string;
  divisionId: string;
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
