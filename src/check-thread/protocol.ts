/**
 * The messages between the app's thread and the check thread (host.ts ↔ worker.ts), and the config as it
 * crosses: structured clone keeps plain data, Maps and Errors, but not a class, so each `Secret` travels as its
 * value and is wrapped again on the other side. Both ends are sr-check's own code in one process: the types are
 * the contract, no schema is checked here (every outside input was validated before it reached either thread).
 */
import type { AppConfig, ClientCredentials, OrgConfig } from '../config/types';
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

interface PortableCredentials {
  clientId: string;
  clientSecret: string;
}

type PortableOrg = Omit<OrgConfig, 'diagnostic' | 'fixer' | 'probe'> & {
  diagnostic: PortableCredentials;
  fixer?: PortableCredentials;
  probe?: PortableCredentials;
};

export interface PortableConfig {
  orgs: PortableOrg[];
  allowedChannels: string[];
  source: string;
}

export function portableConfig(config: AppConfig): PortableConfig {
  const out = (c: ClientCredentials): PortableCredentials => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret.reveal(),
  });
  return {
    orgs: [...config.orgs.values()].map(({ diagnostic, fixer, probe, ...rest }) => ({
      ...rest,
      diagnostic: out(diagnostic),
      ...(fixer ? { fixer: out(fixer) } : {}),
      ...(probe ? { probe: out(probe) } : {}),
    })),
    allowedChannels: config.allowedChannels,
    source: config.source,
  };
}

export function configFromPortable(portable: PortableConfig): AppConfig {
  const back = (c: PortableCredentials): ClientCredentials => ({
    clientId: c.clientId,
    clientSecret: new Secret(c.clientSecret),
  });
  return {
    orgs: new Map(
      portable.orgs.map(({ diagnostic, fixer, probe, ...rest }) => [
        rest.name,
        {
          ...rest,
          diagnostic: back(diagnostic),
          ...(fixer ? { fixer: back(fixer) } : {}),
          ...(probe ? { probe: back(probe) } : {}),
        },
      ]),
    ),
    allowedChannels: portable.allowedChannels,
    source: portable.source,
  };
}
