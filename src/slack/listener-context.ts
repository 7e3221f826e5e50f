/** What every listener works with; built once by createSlackApp. */
import type { Logger } from 'pino';
import type { ChannelAccess } from './access';
import type { CheckRunner } from './check-runner';
import type { InFlight } from './in-flight';
import type { IdempotencyStore } from './stores/idempotency-store';
import type { RequestStore } from './stores/request-store';

export interface ListenerContext {
  access: ChannelAccess;
  runner: CheckRunner;
  requests: RequestStore;
  idempotency: IdempotencyStore;
  inFlight: InFlight;
  logger: Logger;
  /** How long a verdict's buttons keep working. */
  requestTtlSeconds: number;
}
