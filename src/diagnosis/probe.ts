/**
 * The live probe: the curl test, done safely. With the org's optional `probe` credentials (the target
 * integration's own client id and secret) it gets a token as the integration does, sends ONE read of the
 * request (GET only, never a write), and revokes the token at once (`DELETE /api/v2/tokens/me`). A random
 * conversation id is used when none is named: a 404 then proves the permission gate passed, a 403 that it
 * did not. The secret stays in the Genesys client; answers are scrubbed where errors are normalised.
 */
import { randomUUID } from 'node:crypto';
import type { Operation } from '../catalog/catalog';
import type { GenesysApi } from '../genesys/api';
import type { Facts } from './facts';

export type ProbeObservation =
  | { kind: 'not-configured' }
  /** The probe client is another identity than the one under diagnosis: its answer would say nothing. */
  | { kind: 'other-identity'; probeClientId: string }
  | { kind: 'no-read' }
  | { kind: 'rate-limited'; retryInSeconds: number }
  | { kind: 'answered'; call: ProbeCall; status: number; code?: string; message?: string; contextId?: string }
  /** No HTTP answer that speaks for the permission gate (timeout, network, login refused, 5xx, 429). */
  | { kind: 'inconclusive'; call: ProbeCall; reason: string; status?: number };

export interface ProbeCall {
  operation: Operation;
  path: string;
  /** Ids made up for the call (nothing named them): a 404 then means "passed the permission gate". */
  randomIds: string[];
}

/** The read to send: the first GET of the request, with the named conversation/recording or random ids. */
export function probeCall(facts: Pick<Facts, 'operations' | 'interactionId' | 'recordingId'>, random: () => string = randomUUID): ProbeCall | undefined {
  const operation = facts.operations.find((op) => op.method === 'GET');
  if (!operation) return undefined;
  const randomIds: string[] = [];
  const path = operation.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const named = name === 'conversationId' ? facts.interactionId : name === 'recordingId' ? facts.recordingId : undefined;
    if (named) return encodeURIComponent(named);
    randomIds.push(name);
    return random();
  });
  return { operation, path, randomIds };
}

/** Sends the probe's one read with a fresh token of the probe client and revokes that token whatever happens. */
export async function sendProbe(api: GenesysApi, call: ProbeCall): Promise<ProbeObservation> {
  api.dropToken();
  const token = await api.ensureToken();
  if (!token.ok) {
    const status = token.error.status;
    return { kind: 'inconclusive', call, reason: `the probe credentials got no token (${token.error.code ?? token.error.kind})`, ...(status ? { status } : {}) };
  }
  try {
    const answer = await api.request('GET', call.path);
    if (answer.ok) return { kind: 'answered', call, status: answer.status };
    const error = answer.error;
    if (error.kind === 'http' && error.status !== undefined && error.status < 500 && error.status !== 429 && error.status !== 401) {
      return {
        kind: 'answered',
        call,
        status: error.status,
        ...(error.code ? { code: error.code } : {}),
        ...(error.message ? { message: error.message } : {}),
        ...(error.contextId ? { contextId: error.contextId } : {}),
      };
    }
    const detail = `${error.kind}${error.status ? ` ${error.status}` : ''}${error.code ? ` ${error.code}` : ''}`;
    return { kind: 'inconclusive', call, reason: detail, ...(error.status ? { status: error.status } : {}) };
  } finally {
    // The token was minted for this one call: revoke it (best effort; the client drops it either way).
    await api.revokeOwnToken().catch(() => undefined);
  }
}
