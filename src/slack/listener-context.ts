/** What every listener works with; built once by createSlackApp. */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';
import type { ChannelAccess } from './access';
import type { ApprovalFlow } from './approval-flow';
import type { UserWatches } from './user-watches';
import type { CheckRunner } from './check-runner';
import type { InFlight } from './in-flight';
import type { IdempotencyStore } from './stores/idempotency-store';
import type { RequestStore } from './stores/request-store';
import type { VerdictPublisher } from './verdict-publisher';

export interface ListenerContext {
  access: ChannelAccess;
  runner: CheckRunner;
  requests: RequestStore;
  idempotency: IdempotencyStore;
  inFlight: InFlight;
  logger: Logger;
  /** Stores the requests behind buttons, renders and posts verdicts, records last verdicts (verdict-publisher.ts). */
  verdicts: VerdictPublisher;
  /** The shared store, when there is one. */
  store?: Store;
  /** Prometheus metrics, when the app serves them. */
  metrics?: Metrics;
  /** Fixes with approval; absent when the app runs without a store (fix buttons then only explain). */
  approvals?: ApprovalFlow;
  /** `/sr-check … watch`: the watches running, their clock and sleep (user-watches.ts). */
  watches?: UserWatches;
}
