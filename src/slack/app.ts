/**
 * createSlackApp: the Bolt app with sr-check's listeners, health routes and stores, over the parts the
 * composition root built (src/index.ts; the end-to-end harness composes the same way): services, store, the
 * approval service. The Bolt receiver is built explicitly: HTTPReceiver serves only /slack/events (signed
 * requests, timestamps checked both ways: slack-request-age.ts); in Socket Mode (app-level token) a
 * SocketModeReceiver takes the events. /healthz, /readyz and /metrics always get a listener of their own
 * (the probes port, METRICS_PORT in production: health-routes.ts), never the public one: the one the composition
 * root started before Slack auth (start's `probes`), or one started here.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type AppOptions } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalService } from '../approvals/service';
import { loadCatalog } from '../catalog/catalog';
import type { Secret } from '../config/secret';
import type { Services } from '../services';
import type { DetailsCap, Store } from '../store/types';
import { ChannelAccess } from './access';
import { managedAsCode } from '../fixes/as-code/policy';
import { managedClientIds } from '../fixes/plan';
import { ApprovalFlow } from './approval-flow';
import { createBoltLogger } from './bolt-logger';
import { createCheckRunner, type CheckRunner } from './check-runner';
import { limitConcurrentChecks } from './check-limiter';
import { UserWatches, type UserWatchSettings } from './user-watches';
import type { Sleep } from '../watch/user-watch';
import { healthRoutes, serveRoutes, type ProbesListener, type Readiness } from './health-routes';
import { refuseFutureDated } from './request-age';
import { metricsRoute, type Metrics } from '../metrics';
import { InFlight } from './in-flight';
import type { ListenerContext } from './listener-context';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerEvents } from './listeners/events';
import { registerMessages } from './listeners/messages';
import { registerShortcuts } from './listeners/shortcuts';
import { registerViews } from './listeners/views';
import { dedupeDeliveries } from './listeners/middleware/dedupe';
import { MemoryIdempotencyStore, type IdempotencyStore } from './stores/idempotency-store';
import { MemoryRequestStore, type RequestStore } from './stores/request-store';
import { DeferredRequestStore } from './stores/deferred-request-store';
import { SharedIdempotencyStore, SharedRequestStore } from './stores/shared-stores';
import { VerdictPublisher } from './verdict-publisher';
import { SLACK_CLIENT_BOUNDS } from './web-api-bounds';

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
  /**
   * Web API client tuning, e.g. `{ retryConfig: { retries: 0 } }` in tests (429s are still waited out within the
   * bounds by SLACK_CLIENT_BOUNDS.fetch unless `fetch` is replaced too: web-api-bounds.ts).
   */
  clientOptions?: Pick<
    NonNullable<AppOptions['clientOptions']>,
    'retryConfig' | 'timeout' | 'rejectRateLimitedCalls' | 'fetch'
  >;
  /** Extra readiness condition for /readyz (the store answers a cheap query), with a reason when not ready. */
  isReady?: () => Readiness | Promise<Readiness>;
  /** How long verdict buttons keep working. Default 7 days. */
  requestTtlSeconds?: number;
  /** Verdict Details each person keeps, in the shared or the in-memory store (oldest dropped first). Default DEFAULT_DETAILS_CAP. */
  detailsCap?: DetailsCap;
  /** Checks running at once (more wait; see check-limiter.ts). Default 8. */
  maxConcurrentChecks?: number;
  /**
   * The shared store (SQLite or PostgreSQL): idempotency keys and button requests live there unless
   * `idempotency`/`requests` are given, so retries and clicks work across replicas; App Home's last verdicts too.
   */
  store?: Store;
  /** Prometheus metrics: served on /metrics and recorded by the paste listener and approvals. */
  metrics?: Metrics;
  /**
   * Fixes with approval (needs `store`): the approval service the composition root built (src/index.ts), and the
   * Slack side's tuning. Without it fix buttons only explain that fixes need approval.
   */
  approvals?: {
    service: ApprovalService;
    /** The approval side's clock (tests move it to expire requests). */
    now?: () => number;
    /** A request lapses after this many hours without a decision. Default 24. */
    requestExpiryHours?: number;
    /** Waits between propagation re-checks after a fix (tests move `now` with it). Default a timer. */
    sleep?: Sleep;
    /** How often a notification lease is renewed while Slack is told (tests shorten it). Default NOTIFY_HEARTBEAT_MS (lease-heartbeat.ts). */
    leaseHeartbeatMs?: number;
  };
  /** `/sr-check … watch`: clock, sleep and bounds of user watches (tests inject the clock). */
  watch?: UserWatchSettings;
}

export interface SlackApp {
  app: App;
  /**
   * Starts listening (port 0 = chosen by the OS): Slack's requests on `port` (HTTP mode), the probes and
   * /metrics on `probes` (a listener already running: it serves the app's routes from now on, and closes when the
   * app stops) or else on a listener of its own on `probesPort` (default 0). Resolves with the ports actually used
   * (`port` is 0 in Socket Mode).
   */
  start(
    port: number,
    options?: { probesPort?: number; probes?: ProbesListener },
  ): Promise<{ port: number; probesPort: number }>;
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
/** A channel's share of the queue: eight `org=*` commands' worth (each checks up to eight orgs at once). */
const DEFAULT_MAX_CHECKS_PER_CHANNEL = 64;
/** A person's share: four `org=*` commands' worth. */
const DEFAULT_MAX_CHECKS_PER_USER = 32;

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const logger = deps.logger.child({ component: 'slack' });
  const ctx = listenerContext(deps, logger);
  let state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
  let server: Server | undefined;
  let probes: Server | undefined;
  const isReady = () => state === 'running';
  const routes = [
    ...healthRoutes(async (): Promise<Readiness> => {
      if (state === 'created') return { reason: 'the Slack app is not listening yet' };
      if (state !== 'running') return { reason: 'shutting down' };
      return deps.isReady ? await deps.isReady() : true;
    }),
    ...(deps.metrics ? [metricsRoute(deps.metrics)] : []),
  ];
  const { app, receiver } = boltApp(deps);
  const approvals = deps.approvals ? approvalFlow(deps, deps.approvals, ctx, app) : undefined;
  if (approvals) ctx.approvals = approvals;

  app.use(dedupeDeliveries(ctx));
  registerCommands(app, ctx);
  registerEvents(app, ctx);
  registerMessages(app, ctx, { access: ctx.access, config: deps.services.config, catalog: loadCatalog() });
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerShortcuts(app, ctx, { access: ctx.access, config: deps.services.config, catalog: loadCatalog() });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  return {
    app,
    ...(approvals ? { approvals } : {}),
    get inFlight() {
      return ctx.inFlight.size;
    },
    isReady,
    async start(port, options = {}) {
      if (state !== 'created') throw new Error(`createSlackApp: cannot start when ${state}`);
      if (options.probes) {
        options.probes.serve(routes);
        probes = options.probes.server;
      } else probes = await serveRoutes(routes, options.probesPort ?? 0);
      if (receiver instanceof HTTPReceiver) server = await app.start(port);
      else await app.start();
      state = 'running';
      const actualPort = listeningPort(server, 0);
      const probesPort = listeningPort(probes, options.probesPort ?? 0);
      logger.info(
        { port: actualPort, probesPort, mode: deps.slack.socketMode ? 'socket' : 'http' },
        'slack app started',
      );
      return { port: actualPort, probesPort };
    },
    async stop(options = {}) {
      if (state !== 'running') return { drained: true };
      state = 'stopping';
      const drained = await drainAndClose({ app, server, probes, ctx, logger, drainMs: options.drainMs ?? 25_000 });
      state = 'stopped';
      return { drained };
    },
  };
}

/** What every listener works with: channel access, stores, the (concurrency-limited) runner, the verdict publisher. */
function listenerContext(deps: SlackAppDeps, logger: Logger): ListenerContext {
  const access = new ChannelAccess(deps.services.config, deps.demoEnabled === true);
  // A shared store's writes may wait on a lock: the verdict is posted first, its request stored when it can be.
  const requests =
    deps.requests ??
    (deps.store
      ? new DeferredRequestStore(new SharedRequestStore(deps.store, deps.detailsCap), logger)
      : new MemoryRequestStore(deps.detailsCap));
  const verdicts = new VerdictPublisher({
    requests,
    requestTtlSeconds: deps.requestTtlSeconds ?? DEFAULT_REQUEST_TTL_SECONDS,
    ...(deps.store ? { store: deps.store } : {}),
    isUnrecorded: (org) => access.isBuiltInDemo(org),
    managedClientIds: (org) => {
      const config = deps.services.config.orgs.get(org);
      return config ? managedClientIds(config) : [];
    },
    asCode: (org) => {
      const config = deps.services.config.orgs.get(org);
      return managedAsCode(config) ? { liveFixes: config?.liveFixes === true } : undefined;
    },
    logger,
  });
  return {
    ...(deps.store ? { store: deps.store } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    access,
    runner: limitConcurrentChecks(
      deps.runner ??
        createCheckRunner({ services: deps.services, access, logger, ...(deps.store ? { history: deps.store } : {}) }),
      {
        maxRunning: deps.maxConcurrentChecks ?? DEFAULT_MAX_CONCURRENT_CHECKS,
        maxWaiting: DEFAULT_MAX_WAITING_CHECKS,
        maxPerChannel: DEFAULT_MAX_CHECKS_PER_CHANNEL,
        maxPerUser: DEFAULT_MAX_CHECKS_PER_USER,
      },
    ),
    requests,
    idempotency:
      deps.idempotency ?? (deps.store ? new SharedIdempotencyStore(deps.store) : new MemoryIdempotencyStore()),
    inFlight: new InFlight(),
    logger,
    verdicts,
    watches: new UserWatches(deps.watch),
  };
}

/**
 * The Bolt app over a receiver built here, not by Bolt: HTTP mode serves events, actions and commands on
 * /slack/events only; Socket Mode takes events over a WebSocket.
 */
function boltApp(deps: SlackAppDeps): { app: App; receiver: HTTPReceiver | SocketModeReceiver } {
  const { slack } = deps;
  if (!slack.socketMode && !slack.signingSecret) throw new Error('createSlackApp: HTTP mode needs a signing secret');
  if (slack.socketMode && !slack.appToken) throw new Error('createSlackApp: Socket Mode needs an app-level token');
  const secrets = [slack.botToken, slack.signingSecret, slack.appToken]
    .filter((s): s is Secret => s !== undefined)
    .map((s) => s.reveal());
  const logger = createBoltLogger(deps.logger, secrets);
  const logLevel = boltLevel(deps.logger.level);
  const receiver = slack.socketMode
    ? new SocketModeReceiver({ appToken: slack.appToken!.reveal(), logger, logLevel })
    : new HTTPReceiver({
        signingSecret: slack.signingSecret!.reveal(),
        processBeforeResponse: false,
        logger,
        logLevel,
      });
  if (receiver instanceof HTTPReceiver)
    receiver.requestListener = refuseFutureDated(receiver.requestListener, deps.logger.child({ component: 'slack' }));
  const app = new App({
    token: slack.botToken.reveal(),
    receiver,
    ...(deps.botId && deps.botUserId ? { botId: deps.botId, botUserId: deps.botUserId } : {}),
    logger,
    logLevel,
    // Bolt's conversation store is a global middleware that looks up state for every request's conversation;
    // no listener of ours keeps conversation state (context.conversation / updateConversation), so it is off.
    convoStore: false,
    clientOptions: slackClientOptions(slack, deps.clientOptions),
  });
  return { app, receiver };
}

/** The Slack side of fixes with approval, subscribed to the service's transitions ("applying…"). */
function approvalFlow(
  deps: SlackAppDeps,
  approvals: NonNullable<SlackAppDeps['approvals']>,
  ctx: ListenerContext,
  app: App,
): ApprovalFlow {
  if (!deps.store) throw new Error('createSlackApp: fixes with approval need a store');
  const flow = new ApprovalFlow({
    service: approvals.service,
    store: deps.store,
    config: deps.services.config,
    client: app.client,
    verdicts: ctx.verdicts,
    logger: ctx.logger,
    ...(approvals.now ? { now: approvals.now } : {}),
    ...(approvals.requestExpiryHours !== undefined ? { requestExpiryHours: approvals.requestExpiryHours } : {}),
    ...(approvals.sleep ? { sleep: approvals.sleep } : {}),
    ...(approvals.leaseHeartbeatMs ? { leaseHeartbeatMs: approvals.leaseHeartbeatMs } : {}),
  });
  approvals.service.onTransition((request) => flow.showProgress(request));
  return flow;
}

/** Stops accepting, ends watches, waits for in-flight work (up to drainMs), then closes servers and memory stores. */
async function drainAndClose(input: {
  app: App;
  server: Server | undefined;
  probes: Server | undefined;
  ctx: ListenerContext;
  logger: Logger;
  drainMs: number;
}): Promise<boolean> {
  const { app, server, ctx, logger } = input;
  logger.info({ inFlight: ctx.inFlight.size }, 'stopping: no new requests, finishing in-flight work');
  const closing = app.stop().catch((error: unknown) => logger.warn({ err: error }, 'receiver stop failed'));
  // Idle keep-alive sockets would hold server.close() open; in-flight work does not need them.
  server?.closeIdleConnections();
  // Watches end now: user watches with a closing line, propagation watches left in the store for whoever runs next.
  ctx.watches?.stop();
  const watchesStopped = ctx.approvals?.stopWatches();
  const drained = await ctx.inFlight.drain(input.drainMs);
  await watchesStopped;
  // The probes answered until now (readiness said "not ready" as soon as stopping began).
  const routesClosed = closeServer(input.probes);
  input.probes?.closeAllConnections();
  server?.closeAllConnections();
  await closing;
  await routesClosed;
  if (ctx.idempotency instanceof MemoryIdempotencyStore) ctx.idempotency.close();
  if (ctx.requests instanceof MemoryRequestStore) ctx.requests.close();
  logger.info({ drained }, 'slack app stopped');
  return drained;
}

function boltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/**
 * A Web API client with the app's settings, for the composition root (src/index.ts): the approval service asks it
 * for user group members. Bolt's own client (app.client) serves the listeners.
 */
export function createSlackWebClient(
  slack: SlackConnection,
  logger: Logger,
  tuning: SlackAppDeps['clientOptions'] = {},
): webApi.WebClient {
  const secrets = [slack.botToken, slack.signingSecret, slack.appToken]
    .filter((s): s is Secret => s !== undefined)
    .map((s) => s.reveal());
  return new webApi.WebClient(slack.botToken.reveal(), {
    ...slackClientOptions(slack, tuning),
    logger: createBoltLogger(logger, secrets),
    logLevel: boltLevel(logger.level),
  });
}

/** The Web API client's settings, shared by Bolt's client and createSlackWebClient. */
export function slackClientOptions(
  slack: SlackConnection,
  tuning: SlackAppDeps['clientOptions'] = {},
): NonNullable<AppOptions['clientOptions']> {
  return { ...SLACK_CLIENT_BOUNDS, ...(slack.slackApiUrl ? { slackApiUrl: slack.slackApiUrl } : {}), ...tuning };
}

function listeningPort(server: Server | undefined, fallback: number): number {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : fallback;
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
