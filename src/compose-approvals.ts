/**
 * The domain (src/compose.ts) and, given a store, the approval service over it: what the app (src/index.ts) and
 * the Slack test harness build. Apart from compose.ts so that the CLI, whose checks never approve a fix, does not
 * load the approval modules at every start (issue 26).
 */
import { APPROVER_GROUP_MAX_AGE_MS } from './approvals/approvers';
import type { ApprovalServiceStore } from './approvals/ports';
import { ApprovalService } from './approvals/service';
import { createThreadedServices } from './check-thread/host';
import { compose, type Composition, type CompositionOptions } from './compose';

export interface ApprovalCompositionOptions extends CompositionOptions {
  /** Approvals of fixes: the shared store, who is in a Slack user group, and the approval side's clock. */
  approvals?: {
    store: ApprovalServiceStore;
    /** Members of a Slack user group (usergroups.users.list), however old the caller allows. */
    userGroupMembers?: (group: string, maxAgeMs: number) => Promise<string[]>;
    now?: () => number;
  };
  /**
   * Run the checks (the Diagnoser and every Genesys client) in a worker thread of their own, so they never
   * delay Slack's acknowledgements (src/check-thread/). The checks' clock is then real time (`now` is refused).
   */
  checkThread?: boolean;
}

export interface ApprovalComposition extends Composition {
  /** Present when `approvals` was given. */
  approvals?: ApprovalService;
}

export function composeWithApprovals(options: ApprovalCompositionOptions): ApprovalComposition {
  const { approvals: wanted, checkThread, ...domainOptions } = options;
  if (checkThread && domainOptions.now) throw new Error('checks in their own thread run on real time: no `now`');
  const domain = compose({
    ...domainOptions,
    ...(checkThread
      ? {
          services: createThreadedServices({
            config: options.config,
            logger: options.logger,
            ...(options.metrics ? { metrics: options.metrics } : {}),
            ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
            ...(options.probeSlots ? { probeSlots: options.probeSlots } : {}),
          }),
        }
      : {}),
  });
  const members = wanted?.userGroupMembers;
  const approvals = wanted
    ? new ApprovalService({
        store: wanted.store,
        config: options.config,
        diagnoser: domain.services.diagnoser,
        apis: domain.apis,
        ...(members ? { resolveUserGroup: (group: string) => members(group, APPROVER_GROUP_MAX_AGE_MS) } : {}),
        logger: options.logger,
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...(wanted.now ? { now: wanted.now } : {}),
      })
    : undefined;
  return { ...domain, ...(approvals ? { approvals } : {}) };
}
