/**
 * Wiring shared by the CLI and the Slack app: one Genesys client per org and credential kind
 * (diagnostic, fixer or probe), made on first use and kept for the process, and the Diagnoser over them.
 */
import type { Logger } from 'pino';
import { loadCatalog, type Catalog } from './catalog/catalog';
import type { AppConfig, ClientCredentials, OrgConfig } from './config/types';
import { Diagnoser } from './diagnosis/diagnose';
import type { GenesysApi } from './genesys/api';
import type { CheckMetrics } from './metrics';
import type { ProbeSlotStore } from './diagnosis/probe/slots';
import { createGenesysClient, type GenesysClient, type GenesysClientOptions } from './genesys/client';

/** diagnostic (read-only), fixer (applies approved fixes), probe (the target integration's own client, for the read-only probe). */
export type CredentialKind = 'diagnostic' | 'fixer' | 'probe';

/** What the surfaces ask of the Diagnoser (in this thread, or in the check thread: src/check-thread/). */
export type CheckDiagnoser = Pick<Diagnoser, 'diagnose' | 'rolesFor' | 'proposableRoles'>;

export interface Services {
  config: AppConfig;
  catalog: Catalog;
  diagnoser: CheckDiagnoser;
  logger: Logger;
  /** The org's Genesys client for these credentials; undefined when the org has none of that kind. */
  genesys(org: OrgConfig, kind: CredentialKind): GenesysApi | undefined;
  /** Stops every client's timers (caches) so the process can exit. */
  close(): Promise<void>;
  /**
   * Resolves once a check can start without loading anything first (the check thread has built its clients);
   * absent where nothing needs waiting for. The app waits for it before Slack's listener starts.
   */
  ready?(): Promise<void>;
}

export interface ServiceOptions {
  config: AppConfig;
  logger: Logger;
  catalog?: Catalog;
  now?: () => number;
  /** Prometheus metrics shared by the clients and the diagnoser (the app serves them on /metrics). */
  metrics?: CheckMetrics;
  /** The shared store's probe slots: one probe per org per interval across replicas (none: per process). */
  probeSlots?: ProbeSlotStore;
  /** Client tuning (tests and benchmarks shorten budgets). */
  clientOptions?: Partial<
    Pick<GenesysClientOptions, 'timeoutMs' | 'retry' | 'ratePerMinute' | 'rateWindowMs' | 'cacheTtlSeconds'>
  >;
}

/** The org's credentials of that kind (undefined: the org has none, so no client of that kind). */
export function credentialsFor(org: OrgConfig, kind: CredentialKind): ClientCredentials | undefined {
  return kind === 'diagnostic' ? org.diagnostic : kind === 'fixer' ? org.fixer : org.probe;
}

export function createServices(options: ServiceOptions): Services {
  const catalog = options.catalog ?? loadCatalog();
  const clients = new Map<string, GenesysClient>();

  const genesys = (org: OrgConfig, kind: CredentialKind): GenesysApi | undefined => {
    const credentials = credentialsFor(org, kind);
    if (!credentials) return undefined;
    const key = `${org.name}/${kind}`;
    let client = clients.get(key);
    if (!client) {
      client = createGenesysClient({
        apiBaseUrl: org.apiBaseUrl,
        loginBaseUrl: org.loginBaseUrl,
        credentials,
        logger: options.logger,
        label: `${org.name}/${kind}`,
        org: org.name,
        now: options.now,
        metrics: options.metrics,
        ...options.clientOptions,
      });
      clients.set(key, client);
    }
    return client;
  };

  /**
   * The read-only probe gets a client of its own each time (the Diagnoser closes it): its token is minted for
   * the one read and revoked after it, no retry sends the read twice, and a token refresh of the same client
   * (a fix) can never swap the token under it. The shared `probe` client above serves those refreshes.
   */
  const probeClient = (org: OrgConfig): GenesysClient | undefined =>
    org.probe
      ? createGenesysClient({
          apiBaseUrl: org.apiBaseUrl,
          loginBaseUrl: org.loginBaseUrl,
          credentials: org.probe,
          logger: options.logger,
          label: `${org.name}/probe`,
          org: org.name,
          now: options.now,
          metrics: options.metrics,
          ...options.clientOptions,
          retry: { ...options.clientOptions?.retry, retries: 0 },
          cacheTtlSeconds: 0,
        })
      : undefined;

  const diagnoser = new Diagnoser({
    config: options.config,
    catalog,
    logger: options.logger,
    now: options.now,
    metrics: options.metrics,
    diagnosticApi: (org) => genesys(org, 'diagnostic')!,
    probeApi: (org) => probeClient(org),
    ...(options.probeSlots ? { probeSlots: options.probeSlots } : {}),
  });
  const close = async () => {
    await Promise.all([...clients.values()].map((client) => client.close()));
    clients.clear();
  };
  return { config: options.config, catalog, diagnoser, logger: options.logger, genesys, close };
}
