/**
 * What the read-only probe sent and what Genesys answered: the records the probe runner (runner.ts) produces and
 * the probe check (checks/probe.ts) judges. Their own file so that check does not import the runner.
 */
import type { Operation } from '../../catalog/catalog';

export interface ProbeCall {
  operation: Operation;
  /** The concrete path sent (named ids, or random ones). */
  path: string;
  /** Path parameters nothing named, filled with random UUIDs: a 404 then means "passed the permission gate". */
  randomIds: string[];
}

/** What Genesys answered to one of the probe's reads. */
export type ProbeAnswer =
  | { kind: 'answered'; call: ProbeCall; status: number; code?: string; message?: string; contextId?: string }
  /** No HTTP answer that speaks for the permission gate (timeout, network, no token, 401, 429, 5xx). */
  | { kind: 'inconclusive'; call: ProbeCall; reason: string; status?: number };

/**
 * One sent probe: every read's answer, and `revoked`: true, why the probe token could not be revoked, or
 * `no-token` when none was minted.
 */
export interface SentObservation {
  kind: 'sent';
  reads: ProbeAnswer[];
  revoked: true | string;
  /** The answers of a probe sent `ageSeconds` ago for the same reads (within the interval). */
  earlier?: { ageSeconds: number; nextInSeconds: number };
}

export type ProbeObservation =
  | { kind: 'not-configured' }
  /** The probe client is another identity than the one under diagnosis: its answer would say nothing about it. */
  | { kind: 'other-identity'; probeClientId: string; identity: string }
  /** The client under diagnosis signs users in: its tokens act as a user, not as the client. */
  | { kind: 'user-context'; clientId: string; grantType: string }
  | { kind: 'no-read' }
  | { kind: 'rate-limited'; retryInSeconds: number }
  | SentObservation;
