/**
 * The live probe: the curl test, done safely. With the org's optional `probe` credentials (the target
 * integration's own client id and secret) it gets a fresh token as the integration does (a client of its
 * own, so nothing cached and nothing shared), sends each read of the request ONCE (GET only, never a write;
 * no retry, no second token), and revokes that token at once (`DELETE /api/v2/tokens/me`), whatever the
 * reads answered. A random conversation id is used when none is named: a 404 then proves the permission gate
 * passed, a 403 that it did not. The secret stays inside the Genesys client (which scrubs it and the token
 * from any answer that echoes them); nothing here logs or returns either.
 *
 * At most one probe per org per PROBE_INTERVAL_MS. Within that window a check of the same reads is answered
 * with the last probe's answers and their age, rather than "skipped": the propagation watch re-checks 15 s
 * after a fix, and a probe that went from "refused" to "skipped" would end that watch with a pass no one
 * observed. Other reads within the window are skipped, saying when the next probe may run.
 * With a shared store (`slots`, probe-slots.ts) the limit holds across replicas: the probing replica takes the org's
 * slot and records its answer there, and the others read it. A store that fails leaves the in-process limit.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { OrgConfig } from '../../config/types';
import type { GenesysApi } from '../../genesys/api';
import type { CallCounter } from '../../genesys/call-counter';
import { safeCorrelationId } from '../../genesys/redact';
import { describeError, type GenesysError } from '../../genesys/result';
import type { CheckMetrics } from '../../metrics';
import { predictCall } from '../checks/role';
import { probeCheck, type ProbeContext } from '../checks/probe';
import { PROPAGATION_MS } from '../checks/token';
import { isUserContextGrant } from '../checks/identity';
import type { Facts } from '../facts';
import type { CheckResult } from '../verdict';
import type { ProbeSlotStore } from './slots';

/** At most one probe per org in this many ms. */
export const PROBE_INTERVAL_MS = 30_000;
/** A probe sends at most this many reads (the shipped operation sets have one or two). */
export const MAX_PROBE_READS = 5;

export type { ProbeAnswer, ProbeCall, ProbeObservation, SentObservation } from './types';
import type { ProbeCall, ProbeObservation, SentObservation, ProbeAnswer } from './types';

/** The Genesys client the probe sends with: a fresh one per probe, closed after. */
export type ProbeClient = Pick<GenesysApi, 'ensureToken' | 'request' | 'revokeOwnToken'> & { close?(): Promise<void> };

/**
 * The reads to send: every GET of the request (at most MAX_PROBE_READS), with the named conversation or
 * recording, or random ids where nothing is named. Never a write: other methods are left out.
 */
export function probeCalls(
  facts: Pick<Facts, 'operations' | 'interactionId' | 'recordingId'>,
  random: () => string = randomUUID,
): ProbeCall[] {
  return facts.operations
    .filter((op) => op.method === 'GET')
    .slice(0, MAX_PROBE_READS)
    .map((operation) => {
      const randomIds: string[] = [];
      const path = operation.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const named =
          name === 'conversationId' ? facts.interactionId : name === 'recordingId' ? facts.recordingId : undefined;
        if (named) return encodeURIComponent(named);
        randomIds.push(name);
        return random();
      });
      return { operation, path, randomIds };
    });
}

/** Which answers a later check may reuse: the same reads of the same ids (random ids are all alike). */
function callKey(clientId: string, calls: ProbeCall[]): string {
  const reads = calls.map((call) => {
    const random = new Set(call.randomIds);
    const concrete = call.path.split('/');
    const ids = call.operation.template
      .split('/')
      .map((s, i) => (/^\{(.+)\}$/.test(s) ? (random.has(s.slice(1, -1)) ? '{random}' : concrete[i]) : s));
    return `${call.operation.method} ${ids.join('/')}`;
  });
  return `${clientId.toLowerCase()} ${reads.join(' ')}`;
}

/** Why an error says nothing about the permission gate, in one line (never the token or secret: the client scrubbed them). */
function inconclusiveReason(error: GenesysError): string {
  switch (error.kind) {
    case 'timeout':
      return `no answer in time (${error.message})`;
    case 'network':
      return error.message;
    case 'rate-limited': {
      const contextId = safeCorrelationId(error.contextId, []);
      return `Genesys answered 429 (rate limited${contextId ? `, contextId ${contextId}` : ''})`;
    }
    default:
      if (error.status === 401) return `the fresh probe token was refused (${describeError(error)})`;
      return describeError(error);
  }
}

/**
 * One read, once (no retry, no second token); a 4xx other than 401 and 429 speaks for the permission gate.
 * The verdict reports a correlation id only if it looks like one: the client masked what it knows, and a proxy
 * may quote anything else there.
 */
async function read(api: ProbeClient, call: ProbeCall, counter: CallCounter | undefined): Promise<ProbeAnswer> {
  const answer = await api.request('GET', call.path, { once: true, template: call.operation.template, counter });
  if (answer.ok) {
    const contextId = safeCorrelationId(answer.contextId, []);
    return { kind: 'answered', call, status: answer.status, ...(contextId ? { contextId } : {}) };
  }
  const error = answer.error;
  if (error.kind === 'http' && error.status !== undefined && error.status < 500 && error.status !== 401) {
    const contextId = safeCorrelationId(error.contextId, []);
    return {
      kind: 'answered',
      call,
      status: error.status,
      ...(error.code ? { code: error.code } : {}),
      ...(error.message ? { message: error.message } : {}),
      ...(contextId ? { contextId } : {}),
    };
  }
  return {
    kind: 'inconclusive',
    call,
    reason: inconclusiveReason(error),
    ...(error.status ? { status: error.status } : {}),
  };
}

/**
 * Sends the probe's reads with a fresh token of the probe client and revokes that token whatever happens.
 * Only GETs are ever sent (the type of `request` allows no write; the check below is for a caller's mistake).
 */
export async function sendProbe(api: ProbeClient, calls: ProbeCall[], counter?: CallCounter): Promise<SentObservation> {
  if (calls.length === 0 || calls.some((call) => call.operation.method !== 'GET'))
    throw new Error('the probe only sends reads');
  const token = await api.ensureToken({ counter });
  if (!token.ok) {
    const status = token.error.status;
    const reason = `the probe credentials got no token (${describeError(token.error)})`;
    return {
      kind: 'sent',
      reads: calls.map((call) => ({ kind: 'inconclusive', call, reason, ...(status ? { status } : {}) })),
      revoked: 'no-token',
    };
  }
  let reads: ProbeAnswer[] = [];
  let revoked: true | string = 'not attempted';
  try {
    reads = await Promise.all(calls.map((call) => read(api, call, counter)));
  } finally {
    // The token was minted for these reads: revoke it whatever they answered (or threw).
    const result = await api.revokeOwnToken({ counter }).catch(() => undefined);
    revoked = result?.ok ? true : result ? describeError(result.error) : 'the revocation threw';
  }
  return { kind: 'sent', reads, revoked };
}

/** What a probe slot gave: this process's own answer (fresh), or the org's last probe, made `at`, by another replica. */
interface Observed {
  at: number;
  fresh: boolean;
  observation: SentObservation | { kind: 'rate-limited' } | { kind: 'not-configured' };
}

interface LastProbe {
  at: number;
  key: string;
  observed: Promise<Observed>;
}

export interface ProbeRunnerDeps {
  now: () => number;
  /** A fresh client of the org's probe credentials (closed after the probe); undefined when it has none. */
  client?: (org: OrgConfig) => ProbeClient | undefined;
  intervalMs?: number;
  metrics?: CheckMetrics;
  logger?: Logger;
  /** The shared store's probe slots: the limit across replicas. None: this process's own limit only. */
  slots?: ProbeSlotStore;
}

/** The probe check of one verdict, and the per-org limit (in memory: one entry per configured org). */
export class ProbeRunner {
  private readonly last = new Map<string, LastProbe>();
  private readonly intervalMs: number;

  constructor(private readonly deps: ProbeRunnerDeps) {
    this.intervalMs = deps.intervalMs ?? PROBE_INTERVAL_MS;
  }

  /**
   * The probe check for these facts. Sends nothing (and makes no client) unless it is to probe; what it sends is
   * counted on `counter` (a probe another check started, and this one reuses, counts there).
   */
  async check(org: OrgConfig, facts: Facts, counter?: CallCounter): Promise<CheckResult> {
    const observation = await this.observe(org, facts, counter);
    const context: ProbeContext = {
      predict: (operation) => predictCall(facts, operation),
      intervalSeconds: Math.round(this.intervalMs / 1000),
      ...recentEdit(facts),
    };
    const check = probeCheck(observation, context);
    // Counted once per read Genesys was really asked (a reused answer is not a new one).
    if (observation.kind === 'sent' && !observation.earlier) {
      for (const read of check.probe?.reads ?? []) this.deps.metrics?.recordProbe(read.agreement);
      this.deps.logger?.info(
        {
          org: org.name,
          reads: check.probe?.reads.map((r) => ({ status: r.status, agreement: r.agreement })),
          tokenRevoked: check.probe?.tokenRevoked,
        },
        'probe answered',
      );
    }
    return check;
  }

  private async observe(org: OrgConfig, facts: Facts, counter: CallCounter | undefined): Promise<ProbeObservation> {
    const probe = org.probe;
    if (!probe || !this.deps.client) return { kind: 'not-configured' };
    const identity = facts.identity;
    if (identity.kind !== 'oauth-client' || identity.clientId?.toLowerCase() !== probe.clientId.toLowerCase()) {
      const who =
        identity.kind === 'user'
          ? `user ${identity.userId ?? '(unnamed)'}`
          : `client ${identity.clientId ?? '(unnamed)'}`;
      return { kind: 'other-identity', probeClientId: probe.clientId, identity: who };
    }
    if (facts.client?.ok && isUserContextGrant(facts.client.value.authorizedGrantType)) {
      return { kind: 'user-context', clientId: probe.clientId, grantType: facts.client.value.authorizedGrantType };
    }
    const calls = probeCalls(facts);
    if (calls.length === 0) return { kind: 'no-read' };

    const now = this.deps.now();
    const key = callKey(probe.clientId, calls);
    const last = this.last.get(org.name);
    if (last && now - last.at < this.intervalMs) {
      if (last.key !== key) return { kind: 'rate-limited', retryInSeconds: this.nextInSeconds(last.at, now) };
      return this.reuse(await last.observed, now);
    }
    // Taken before the first await, so a concurrent check of the same org waits for this answer.
    const entry: LastProbe = { at: now, key, observed: this.probeOnce(org, calls, key, now, counter) };
    this.last.set(org.name, entry);
    try {
      const observed = await entry.observed;
      // Another replica's probe: this process waits out the same interval, from when that probe was made.
      entry.at = observed.at;
      if (observed.observation.kind === 'not-configured') this.last.delete(org.name);
      const { observation } = observed;
      return observed.fresh && observation.kind !== 'rate-limited' ? observation : this.reuse(observed, now);
    } catch (thrown) {
      // A bug, not an answer: let the next check probe again.
      if (this.last.get(org.name) === entry) this.last.delete(org.name);
      throw thrown;
    }
  }

  /** One probe, unless another replica holds the org's shared slot (then its answer, or how long to wait). */
  private async probeOnce(
    org: OrgConfig,
    calls: ProbeCall[],
    key: string,
    now: number,
    counter: CallCounter | undefined,
  ): Promise<Observed> {
    const holder = await this.claimSlot(org.name, key, now);
    if (typeof holder !== 'string' && holder !== undefined) return holder;
    const client = this.deps.client?.(org);
    if (!client) {
      if (holder) await this.releaseSlot(org.name, holder);
      return { at: now, fresh: true, observation: { kind: 'not-configured' } };
    }
    let sent: SentObservation;
    try {
      sent = await sendProbe(client, calls, counter).finally(() => client.close?.());
    } catch (thrown) {
      if (holder) await this.releaseSlot(org.name, holder);
      throw thrown;
    }
    if (holder) {
      await this.deps.slots?.recordProbeAnswer(org.name, holder, sent).catch((error: unknown) => {
        this.deps.logger?.warn({ org: org.name, err: error }, 'could not share the probe answer through the store');
      });
    }
    return { at: now, fresh: true, observation: sent };
  }

  /**
   * The org's shared slot: the holder id when this process took it (or undefined with no store, or when the store
   * failed: the in-process limit then stands alone), else what the replica holding it observed.
   */
  private async claimSlot(org: string, key: string, now: number): Promise<string | undefined | Observed> {
    const slots = this.deps.slots;
    if (!slots) return undefined;
    const holder = randomUUID();
    let claim: Awaited<ReturnType<ProbeSlotStore['claimProbeSlot']>>;
    try {
      claim = await slots.claimProbeSlot(org, key, holder, now, this.intervalMs);
    } catch (error) {
      this.deps.logger?.warn(
        { org, err: error },
        'the shared probe limit could not be read; this replica limits alone',
      );
      return undefined;
    }
    if (claim.claimed) return holder;
    const slot = claim.slot;
    // Released between the claim and the read (a failed probe): wait a second rather than race for it.
    if (!slot) return { at: now - this.intervalMs + 1000, fresh: false, observation: { kind: 'rate-limited' } };
    const reusable = slot.key === key && slot.answer;
    return { at: slot.at, fresh: false, observation: reusable ? slot.answer! : { kind: 'rate-limited' } };
  }

  private async releaseSlot(org: string, holder: string): Promise<void> {
    await this.deps.slots?.releaseProbeSlot(org, holder).catch(() => undefined);
  }

  /** A probe made `observed.at`: its answer with its age, or (other reads, or still running elsewhere) how long to wait. */
  private reuse(observed: Observed, now: number): ProbeObservation {
    const nextInSeconds = this.nextInSeconds(observed.at, now);
    const { observation } = observed;
    if (observation.kind === 'not-configured') return observation;
    if (observation.kind !== 'sent') return { kind: 'rate-limited', retryInSeconds: nextInSeconds };
    return {
      ...observation,
      earlier: { ageSeconds: Math.max(0, Math.round((now - observed.at) / 1000)), nextInSeconds },
    };
  }

  private nextInSeconds(at: number, now: number): number {
    return Math.max(1, Math.ceil((at + this.intervalMs - now) / 1000));
  }
}

/** The client was edited within Genesys's documented propagation time: a contradiction may be that, not the model. */
function recentEdit(facts: Facts): { editedMsAgo?: number } {
  if (!facts.client?.ok) return {};
  const modified = Date.parse(facts.client.value.dateModified ?? '');
  if (Number.isNaN(modified)) return {};
  const ago = facts.now - modified;
  return ago < PROPAGATION_MS ? { editedMsAgo: Math.max(0, ago) } : {};
}
