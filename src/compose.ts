/**
 * The one composition of the domain: the services (Genesys clients per org and credential kind, the Diagnoser)
 * and the fix clients. The app (src/index.ts), the CLI's check (one-shot and --watch) and the Slack test harness
 * all build through here, then put their own surface on top; the app and the harness add the approval service
 * over it (src/compose-approvals.ts), which the CLI, whose checks never approve, then does not load.
 */
import type { Logger } from 'pino';
import type { AppConfig } from './config/types';
import { fixApisFromServices, type FixApiSource } from './fixes/apis';
import type { Metrics } from './metrics';
import type { ProbeSlotStore } from './diagnosis/probe/slots';
import { createServices, type ServiceOptions, type Services } from './services';

export interface CompositionOptions {
  config: AppConfig;
  logger: Logger;
  metrics?: Metrics;
  /** The checks' clock (real time when absent). */
  now?: () => number;
  /** Genesys client tuning (tests and benchmarks). */
  clientOptions?: ServiceOptions['clientOptions'];
  /** Where replicas share the probe's per-org limit (the store); each process keeps its own when absent. */
  probeSlots?: ProbeSlotStore;
  /**
   * Services already built over the same options (the app's, whose checks run in a thread of their own:
   * compose-approvals.ts); built here in this thread when absent.
   */
  services?: Services;
}

export interface Composition {
  services: Services;
  apis: FixApiSource;
  /** Stops every Genesys client's timers (the fix clients' too); the store is the caller's to close. */
  close(): Promise<void>;
}

export function compose(options: CompositionOptions): Composition {
  const services =
    options.services ??
    createServices({
      config: options.config,
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...(options.probeSlots ? { probeSlots: options.probeSlots } : {}),
    });
  const apis = fixApisFromServices(services);
  return {
    services,
    apis,
    async close() {
      await apis.close();
      await services.close();
    },
  };
}
