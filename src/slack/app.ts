/**
 * createSlackApp: the Bolt app with sr-check's listeners, health routes and stores, used by `npm start`
 * (src/index.ts) and by the end-to-end tests. HTTP mode serves /slack/events, /healthz and /readyz;
 * Socket Mode (app-level token) serves the health routes on the same port.
 */
import type { Server } from 'node:http';
import { App, LogLevel, type AppOptions } from '@slack/bolt';
import type { Logger } from 'pino';
import { APPROVER_GROUP_MAX_AGE_MS } from '../approvals/approvers';
import { ApprovalService } from '../approvals/service';
import { loadCatalog } from '../catalog/catalog';
import type { Secret } from '../config/secret';
import type { FixApiSource } from '../fixes/apis';
import type { Services } from '../services';
import type { Store } from '../store/types';
import { ChannelAccess } from './access';
import { ApprovalFlow } from './approval-flow';
import { createBoltLogger } from './bolt-logger';
import { createCheckRunner, type CheckRunner } from './check-runner';
import { limitConcurrentChecks } from './check-limiter';
import { UserWatches, type UserWatchSettings } from './user-watches';
import type { Sleep } from '../cli/watch';
import { healthRoutes } from './health-routes';
import { metricsRoute, type Metrics } from '../metrics';
import { InFlight } from './in-flight';
import type { ListenerContext } from './listener-context';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerEvents } from './listeners/events';
import { registerMessages } from './listeners/messages';
import { dedupeDeliveries } from './listeners/middleware/dedupe';
import { MemoryIdempotencyStore, type IdempotencyStore } from './stores/idempotency-store';
import { MemoryRequestStore, type RequestStore } from './stores/request-store';
import { SharedIdempotencyStore, SharedRequestStore } from './stores/shared-stores';
import { UserGroupMembers } from './user-groups';
import { VerdictPublisher } from './verdict-publisher';

export interface SlackConnection {
  botToken: Secret;
  signingSecret?: Secret;
  appToken?: Secret;
  socketMode: boolean;
  /** Web API base URL ending in `/` (a fake Slack in tests). */
  slackApiUrl?: string;
}

export interface SlackAppDeps {
  slack: SlackConnection;
  services: Pick<Services, 'config' | 'diagnoser'>;
  logger: Logger;
  /** SR_CHECK_DEMO=1: the built-in simulated `demo` org answers in every channel. */
  demoEnabled?: boolean;
  idempotency?: IdempotencyStore;
  requests?: RequestStore;
  /** Replaces the default runner (tests gate or count checks with it). */
  runner?: CheckRunner;
  /** Known bot ids skip Bolt's auth.test at start (tests; or set them to avoid a start-up call). */
  botId?: string;
  botUserId?: string;
  /** Web API client tuning, e.g. `{ retryConfig: { retries: 0 } }` in tests. */
  clientOptions?: Pick<NonNullable<AppOptions['clientOptions']>, 'retryConfig' | 'timeout' | 'rejectRateLimitedCalls'>;
  /** Extra readiness condition (e.g. a database store is open). */
  isReady?: () => boolean;
  /** How long verdict buttons keep working. Default 7 days. */
  requestTtlSeconds?: number;
  /** Checks running at once (more wait; see check-limiter.ts). Default 8. */
  maxConcurrentChecks?: number;
  /**
   * The shared store (SQLite or PostgreSQL): idempotency keys and button requests live there unless
   * `idempotency`/`requests` are given, so retries and clicks work across replicas; App Home's last verdicts too.
   */
  store?: Store;
  /** Prometheus metrics: served on /metrics and recorded by the paste listener and approvals. */
  metrics?: Metrics;
  /** Fixes with approval (needs `store`): the org's fix clients, and optional tuning. */
  fixes?: {
    apis: FixApiSource;
    /** The approval side's clock (tests move it to expire requests). */
    now?: () => number;
    /** A request lapses after this many hours without a decision. Default 24. */
    requestExpiryHours?: number;
    /** Waits between propagation re-checks after a fix (tests move `now` with it). Default a timer. */
    sleep?: Sleep;
  };
  /** `/sr-check … watch`: clock, sleep and bounds of user watches (tests inject the clock). */
  watch?: UserWatchSettings;
}

export interface SlackApp {
  app: App;
  /** Starts listening (port 0 = chosen by the OS) and resolves with the port actually used. */
  start(port: number): Promise<{ port: number }>;
  /** Stops accepting requests, waits (up to drainMs) for in-flight checks to finish, then closes. */
  stop(options?: { drainMs?: number }): Promise<{ drained: boolean }>;
  isReady(): boolean;
  readonly inFlight: number;
  /** Fixes with approval (when `store` and `fixes` were given): reconcile, expiry and revocation notices use it. */
  readonly approvals?: ApprovalFlow;
}

const DEFAULT_REQUEST_TTL_SECONDS = 7 * 24 * 3600;
const DEFAULT_MAX_CONCURRENT_CHECKS = 8;
const DEFAULT_MAX_WAITING_CHECKS = 500;

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const logger = deps.logger.child({ component: 'slack' });
  const access = new ChannelAccess(deps.services.config, deps.demoEnabled === true);
  const idempotency = deps.idempotency ?? (deps.store ? new SharedIdempotencyStore(deps.store) : new MemoryIdempotencyStore());
  const requests = deps.requests ?? (deps.store ? new SharedRequestStore(deps.store) : new MemoryRequestStore());
  const inFlight = new InFlight();
  const requestTtlSeconds = deps.requestTtlSeconds ?? DEFAULT_REQUEST_TTL_SECONDS;
  const verdicts = new VerdictPublisher({
    requests,
    requestTtlSeconds,
    ...(deps.store ? { store: deps.store } : {}),
    isUnrecorded: (org) => access.isBuiltInDemo(org),
    logger,
  });
  const ctx: ListenerContext = {
    ...(deps.store ? { store: deps.store } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    access,
    runner: limitConcurrentChecks(deps.runner ?? createCheckRunner({ services: deps.services, access, logger }), {
      maxRunning: deps.maxConcurrentChecks ?? DEFAULT_MAX_CONCURRENT_CHECKS,
      maxWaiting: DEFAULT_MAX_WAITING_CHECKS,
    }),
    requests,
    idempotency,
    inFlight,
    logger,
    verdicts,
    watches: new UserWatches(deps.watch),
  };

  let state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
  let server: Server | undefined;
  const isReady = () => state === 'running' && (deps.isReady?.() ?? true);

  const { slack } = deps;
  if (!slack.socketMode && !slack.signingSecret) throw new Error('createSlackApp: HTTP mode needs a signing secret');
  if (slack.socketMode && !slack.appToken) throw new Error('createSlackApp: Socket Mode needs an app-level token');
  const secrets = [slack.botToken, slack.signingSecret, slack.appToken].filter((s): s is Secret => s !== undefined).map((s) => s.reveal());

  const app = new App({
    token: slack.botToken.reveal(),
    ...(slack.socketMode
      ? { socketMode: true, appToken: slack.appToken!.reveal(), installerOptions: { port: 0 } }
      : { signingSecret: slack.signingSecret!.reveal() }),
    ...(deps.botId && deps.botUserId ? { botId: deps.botId, botUserId: deps.botUserId } : {}),
    customRoutes: [...healthRoutes(isReady), ...(deps.metrics ? [metricsRoute(deps.metrics)] : [])],
    processBeforeResponse: false,
    logger: createBoltLogger(deps.logger, secrets),
    logLevel: boltLevel(deps.logger.level),
    clientOptions: { ...(slack.slackApiUrl ? { slackApiUrl: slack.slackApiUrl } : {}), ...deps.clientOptions },
  });

  let approvals: ApprovalFlow | undefined;
  if (deps.fixes) {
    if (!deps.store) throw new Error('createSlackApp: fixes with approval need a store');
    const userGroups = new UserGroupMembers(app.client);
    const service = new ApprovalService({
      store: deps.store,
      config: deps.services.config,
      diagnoser: deps.services.diagnoser,
      apis: deps.fixes.apis,
      resolveUserGroup: (group) => userGroups.members(group, APPROVER_GROUP_MAX_AGE_MS),
      onTransition: (request) => approvals?.showProgress(request),
      logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.fixes.now ? { now: deps.fixes.now } : {}),
    });
    approvals = new ApprovalFlow({
      service,
      store: deps.store,
      config: deps.services.config,
      client: app.client,
      verdicts,
      logger,
      ...(deps.fixes.now ? { now: deps.fixes.now } : {}),
      ...(deps.fixes.requestExpiryHours !== undefined ? { requestExpiryHours: deps.fixes.requestExpiryHours } : {}),
      ...(deps.fixes.sleep ? { sleep: deps.fixes.sleep } : {}),
    });
    ctx.approvals = approvals;
  }

  app.use(dedupeDeliveries(ctx));
  registerCommands(app, ctx);
  registerEvents(app, ctx);
  registerMessages(app, ctx, { access, config: deps.services.config, catalog: loadCatalog() });
  registerActions(app, ctx);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  return {
    app,
    ...(approvals ? { approvals } : {}),
    get inFlight() {
      return inFlight.size;
    },
    isReady,
    async start(port) {
      if (state !== 'created') throw new Error(`createSlackApp: cannot start when ${state}`);
      if (slack.socketMode) {
        // Socket Mode: Bolt serves custom routes on installerOptions.port; set it before start.
        (app as unknown as { receiver: { httpServerPort?: number } }).receiver.httpServerPort = port;
      }
      const started = (await app.start(port)) as unknown;
      server = findServer(started, app);
      state = 'running';
      const address = server?.address();
      const actualPort = address && typeof address === 'object' ? address.port : port;
      logger.info({ port: actualPort, mode: slack.socketMode ? 'socket' : 'http' }, 'slack app started');
      return { port: actualPort };
    },
    async stop(options = {}) {
      if (state !== 'running') return { drained: true };
      state = 'stopping';
      logger.info({ inFlight: inFlight.size }, 'stopping: no new requests, finishing in-flight work');
      const closing = app.stop().catch((error: unknown) => logger.warn({ err: error }, 'receiver stop failed'));
      // Idle keep-alive sockets would hold server.close() open; in-flight work does not need them.
      server?.closeIdleConnections();
      // Watches end now: user watches with a closing line, propagation watches left in the store for whoever runs next.
      ctx.watches?.stop();
      const watchesStopped = approvals?.stopWatches();
      const drained = await inFlight.drain(options.drainMs ?? 25_000);
      await watchesStopped;
      server?.closeAllConnections();
      await closing;
      if (idempotency instanceof MemoryIdempotencyStore) idempotency.close();
      if (requests instanceof MemoryRequestStore) requests.close();
      state = 'stopped';
      logger.info({ drained }, 'slack app stopped');
      return { drained };
    },
  };
}

function boltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** HTTP mode: app.start resolves with the server. Socket Mode: the receiver keeps its health server. */
function findServer(started: unknown, app: App): Server | undefined {
  const isServer = (s: unknown): s is Server => !!s && typeof (s as Server).address === 'function' && typeof (s as Server).close === 'function';
  if (isServer(started)) return started;
  const receiver = (app as unknown as { receiver?: { httpServer?: unknown } }).receiver;
  return isServer(receiver?.httpServer) ? receiver.httpServer : undefined;
}
