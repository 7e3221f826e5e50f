/**
 * The messages between the app's thread and the check thread (host.ts ↔ worker.ts), and the config as it
 * crosses: structured clone keeps plain data, Maps and Errors, but not a class, so each `Secret` travels as its
 * value and is wrapped again on the other side. Both ends are sr-check's own code in one process: the types are
 * the contract, no schema is checked here (every outside input was validated before it reached either thread).
 */
import type { AppConfig, OrgConfig } from '../config/types';
import { Secret } from '../config/secret';
import type { CheckMetrics } from '../metrics';
import type { ProbeSlotStore } from '../diagnosis/probe/slots';
import type { CredentialKind, ServiceOptions, Services } from '../services';
import type { GenesysApi } from '../genesys/api';

export type GenesysMethod = Exclude<keyof GenesysApi, 'callCount'>;
export type DiagnoserMethod = keyof Services['diagnoser'];
export type MetricsMethod = keyof CheckMetrics;
export type SlotMethod = keyof ProbeSlotStore;

/** What the check thread starts with (workerData). */
export interface CheckThreadData {
  config: PortableConfig;
  clientOptions?: ServiceOptions['clientOptions'];
  /** The app logger's level and name: the thread's lines are written by the app's logger (see host.ts). */
  log: { level: string; name?: string };
  /** Whether the app records metrics (the thread forwards each record) and shares probe slots (asked back). */
  metrics: boolean;
  probeSlots: boolean;
}

/** App thread → check thread. */
export type ToThread =
  | { type: 'diagnoser'; id: number; method: DiagnoserMethod; args: unknown[] }
  /**
   * A call of one org's client. `countedArg`: the index of the options argument whose CallCounter stayed behind
   * (a counter cannot cross); the reply says how many requests the call sent, and the app thread adds them.
   */
  | {
      type: 'genesys';
      id: number;
      org: string;
      kind: CredentialKind;
      method: GenesysMethod;
      args: unknown[];
      countedArg?: number;
    }
  | { type: 'slot-answer'; id: number; ok: true; value: unknown }
  | { type: 'slot-answer'; id: number; ok: false; message: string }
  | { type: 'close' };

/** Check thread → app thread. */
export type FromThread =
  /** `calls`: the requests of a counted call; `clientCalls`: the thread's client's callCount after a client call. */
  | { type: 'reply'; id: number; ok: true; value: unknown; calls?: number; clientCalls?: number }
  | { type: 'reply'; id: number; ok: false; message: string }
  | { type: 'log'; line: string }
  | { type: 'metric'; method: MetricsMethod; args: unknown[] }
  | { type: 'slot'; id: number; method: SlotMethod; args: unknown[] }
  /** The thread built its services: a check starts without loading anything. */
  | { type: 'ready' }
  | { type: 'closed' };

/** An org whose credentials carry their secret as `S`: `Secret` in the config, its value while crossing. */
type OrgWithSecrets<S> = Omit<OrgConfig, 'diagnostic' | 'fixer' | 'probe'> & {
  diagnostic: { clientId: string; clientSecret: S };
  fixer?: { clientId: string; clientSecret: S };
  probe?: { clientId: string; clientSecret: S };
};

/** The same org with each of its (up to three) secrets turned by `turn`. */
function withSecrets<A, B>(org: OrgWithSecrets<A>, turn: (secret: A) => B): OrgWithSecrets<B> {
  const { diagnostic, fixer, probe, ...rest } = org;
  const credentials = (c: { clientId: string; clientSecret: A }) => ({
    clientId: c.clientId,
    clientSecret: turn(c.clientSecret),
  });
  return {
    ...rest,
    diagnostic: credentials(diagnostic),
    ...(fixer ? { fixer: credentials(fixer) } : {}),
    ...(probe ? { probe: credentials(probe) } : {}),
  };
}

export interface PortableConfig {
  orgs: OrgWithSecrets<string>[];
  allowedChannels: string[];
  source: string;
}

export function portableConfig(config: AppConfig): PortableConfig {
  return {
    orgs: [...config.orgs.values()].map((org) => withSecrets(org, (secret: Secret) => secret.reveal())),
    allowedChannels: config.allowedChannels,
    source: config.source,
  };
}

export function configFromPortable(portable: PortableConfig): AppConfig {
  return {
    orgs: new Map(portable.orgs.map((org) => [org.name, withSecrets(org, (value) => new Secret(value))])),
    allowedChannels: portable.allowedChannels,
    source: portable.source,
  };
}
