/**
 * The one composition of the domain: the services (Genesys clients per org and credential kind, the Diagnoser),
 * the fix clients, and, given a store, the approval service over them. The app (src/index.ts), the CLI's check
 * (one-shot and --watch) and the Slack test harness all build through here, then put their own surface on top.
 */
import type { Logger } from 'pino';
import { APPROVER_GROUP_MAX_AGE_MS } from './approvals/approvers';
import type { ApprovalServiceStore } from './approvals/ports';
import { ApprovalService } from './approvals/service';
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
  /** Approvals of fixes: the shared store, who is in a Slack user group, and the approval side's clock. */
  approvals?: {
    store: ApprovalServiceStore;
    /** Members of a Slack user group (usergroups.users.list), however old the caller allows. */
    userGroupMembers?: (group: string, maxAgeMs: number) => Promise<string[]>;
    now?: () => number;
  };
}

export interface Composition {
  services: Services;
  apis: FixApiSource;
  /** Present when `approvals` was given. */
  approvals?: ApprovalService;
  /** Stops every Genesys client's timers (the fix clients' too); the store is the caller's to close. */
  close(): Promise<void>;
}

export function compose(options: CompositionOptions): Composition {
  const services = createServices({
    config: options.config,
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.probeSlots ? { probeSlots: options.probeSlots } : {}),
  });
  const apis = fixApisFromServices(services);
  const wanted = options.approvals;
  const members = wanted?.userGroupMembers;
  const approvals = wanted
    ? new ApprovalService({
        store: wanted.store,
        config: options.config,
        diagnoser: services.diagnoser,
        apis,
        ...(members ? { resolveUserGroup: (group: string) => members(group, APPROVER_GROUP_MAX_AGE_MS) } : {}),
        logger: options.logger,
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...(wanted.now ? { now: wanted.now } : {}),
      })
    : undefined;
  return {
    services,
    apis,
    ...(approvals ? { approvals } : {}),
    async close() {
      await apis.close();
      await services.close();
    },
  };
}
