/**
 * `npm start`, and the composition root: the environment is read here (planStartup; nothing else reads
 * process.env). Load the Slack settings and the orgs config (every problem listed at once, then exit 2),
 * start the probes listener on METRICS_PORT (default 9090; /healthz answers from here on, /readyz 503 with what
 * start-up waits for, /metrics), confirm the bot token with auth.test before Slack's listener starts (a token Slack
 * refuses: "cannot start", probes closed, exit 2), open the shared store (SQLite, or PostgreSQL; see store/open.ts),
 * build the domain (compose-approvals.ts: services, fix clients, the approval service asking Slack user groups
 * about approvers) and the Slack app over it, start it, then the approval upkeep (approvals/upkeep.ts: reconcile,
 * outbox, propagation watches, time-bound revocations, the periodic pass). /healthz, /readyz and /metrics stay
 * apart from PORT's /slack/events; once the app listens /readyz answers ready only while the store answers a cheap
 * query. On SIGTERM/SIGINT: stop accepting, finish in-flight work (watches stop: user watches say so, propagation
 * watches stay in the store), stop the timers, close the store, exit.
 */
import type { Logger } from 'pino';
import { startApprovalUpkeep } from './approvals/upkeep';
import { composeWithApprovals } from './compose-approvals';
import { formatConfigIssues, type ConfigIssue } from './config/issues';
import { loadConfig } from './config/load-config';
import { loadSlackSettings } from './config/slack-settings';
import { readStartupEnv } from './config/startup-env';
import type { AppConfig } from './config/types';
import { DEMO_ORG } from './demo';
import { createLogger } from './log';
import { Metrics, metricsRoute } from './metrics';
import { createSlackApp, createSlackWebClient } from './slack/app';
import { listenProbes, startingRoutes } from './slack/health-routes';
import { confirmSlackAuth } from './slack/slack-auth';
import { createScheduledChecks } from './slack/scheduled-checks';
import { UserGroupMembers } from './slack/user-groups';
import { openStore } from './store/open';
import type { Store } from './store/types';

export const EXIT_CONFIG_ERROR = 2;
export { DEFAULT_METRICS_PORT } from './config/startup-env';
const DRAIN_MS = 25_000;
export interface StartupPlan {
  ok: true;
  settings: Extract<ReturnType<typeof loadSlackSettings>, { ok: true }>['settings'];
  config: AppConfig;
  demoEnabled: boolean;
  /** METRICS_PORT: /healthz, /readyz and /metrics (never on PORT, Slack's public listener). */
  metricsPort: number;
  /** LOG_LEVEL and LOG_PRETTY=1. */
  log: { level?: string; pretty: boolean };
  /** SR_CHECK_CHECK_THREAD: the checks in a worker thread of their own (default on; 0 keeps them here). */
  checkThread: boolean;
}

/**
 * Settings and config from the environment, or every problem found. Reads files; starts nothing. This and
 * openStore (given the same `env`) are the only readers of the environment: nothing else looks at process.env.
 */
export function planStartup(env: NodeJS.ProcessEnv): StartupPlan | { ok: false; errors: ConfigIssue[] } {
  const errors: ConfigIssue[] = [];
  const slack = loadSlackSettings(env);
  if (!slack.ok) errors.push(...slack.errors);

  // LOG_LEVEL, LOG_PRETTY, SR_CHECK_DEMO, METRICS_PORT (≠ PORT), the database URL: one zod schema, every problem.
  const startup = readStartupEnv(env, slack.ok ? slack.settings.port : undefined);
  if (!startup.ok) errors.push(...startup.errors);
  const demoEnabled = startup.ok ? startup.value.demoEnabled : env.SR_CHECK_DEMO?.trim() === '1';

  let config: AppConfig | undefined;
  const configPath = env.SR_CHECK_CONFIG?.trim();
  if (configPath) {
    const loaded = loadConfig(configPath, env);
    if (loaded.ok) config = loaded.config;
    else errors.push(...loaded.errors.map((e) => ({ ...e, path: e.path ? `${configPath}: ${e.path}` : configPath })));
  } else if (demoEnabled) {
    config = { orgs: new Map(), allowedChannels: [], source: '(none: demo only)' };
  } else {
    errors.push({
      path: 'SR_CHECK_CONFIG',
      message: 'is required (path of the orgs config file)',
      hint: 'or set SR_CHECK_DEMO=1 to run with only the simulated demo org',
    });
  }

  if (errors.length > 0 || !slack.ok || !config || !startup.ok) return { ok: false, errors };
  const { logLevel, logPretty, metricsPort, checkThread } = startup.value;
  return {
    ok: true,
    settings: slack.settings,
    config,
    demoEnabled,
    metricsPort,
    log: { ...(logLevel ? { level: logLevel } : {}), pretty: logPretty },
    checkThread,
  };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const plan = planStartup(env);
  if (!plan.ok) {
    process.stderr.write(
      `sr-check: cannot start, ${plan.errors.length} problem(s):\n${formatConfigIssues(plan.errors)}\n`,
    );
    process.exitCode = EXIT_CONFIG_ERROR;
    return;
  }
  const logger = createLogger({ ...plan.log, to: 'stdout' });
  // The org label takes the configured orgs' names (and the demo's), nothing else: bounded series.
  const metrics = new Metrics({ orgs: [...plan.config.orgs.keys(), ...(plan.demoEnabled ? [DEMO_ORG] : [])] });
  // First of all the probes: a slow auth.test or store must not look like a dead process to a liveness probe.
  let stage = 'confirming Slack auth (auth.test)';
  const probes = await listenProbes(
    startingRoutes(() => stage, [metricsRoute(metrics)]),
    plan.metricsPort,
  );
  let parts: ReturnType<typeof composeApp>;
  let port: number;
  let probesPort: number;
  try {
    const auth = await confirmSlackAuth(createSlackWebClient(plan.settings, logger));
    if (!auth.ok) {
      process.stderr.write(`sr-check: cannot start, 1 problem(s):\n${formatConfigIssues([auth.issue])}\n`);
      // A refused token is configuration (exit 2); Slack not answering may pass (exit 1, the orchestrator retries).
      process.exitCode = auth.refused ? EXIT_CONFIG_ERROR : 1;
      await probes.close();
      return;
    }
    stage = 'opening the store';
    const opened = await openStore(env);
    logger.info({ store: opened.kind, location: opened.location }, 'store opened');
    stage = 'starting the Slack app';
    parts = composeApp(plan, opened.store, logger, auth, metrics);
    // The first check must not pay for loading the check thread: Slack's requests come in once it is ready.
    await parts.services.ready?.();
    // From here on the probes listener serves the app's routes (ready while the store answers) and stops with it.
    ({ port, probesPort } = await parts.slackApp.start(plan.settings.port, { probes }));
  } catch (error) {
    await probes.close();
    throw error;
  }
  const flow = parts.slackApp.approvals;
  if (!flow) throw new Error('the Slack app was built without its approval flow');
  const upkeep = await startApprovalUpkeep({
    approvals: flow,
    store: parts.store,
    config: plan.config,
    apis: parts.domain.apis,
    logger,
  });
  // Orgs with a `schedule:`: one run per tick across replicas, status changes posted to the org's channels.
  const schedules = createScheduledChecks({
    config: plan.config,
    store: parts.store,
    diagnoser: parts.services.diagnoser,
    client: parts.slackApp.app.client,
    logger,
    metrics: parts.metrics.orgs,
  });
  schedules.start();
  logger.info(
    {
      port,
      metricsPort: probesPort,
      orgs: plan.config.orgs.size,
      demo: plan.demoEnabled,
      socketMode: plan.settings.socketMode,
    },
    'sr-check is running',
  );
  onSignals(async () => {
    const { drained } = await parts.slackApp.stop({ drainMs: DRAIN_MS });
    if (!drained) logger.warn('in-flight work did not finish in time');
    await schedules.stop();
    upkeep.stop();
    await parts.closeStore();
    logger.info('store closed');
    await parts.domain.close();
  }, logger);
}

/** Everything long-lived, built once: the domain (compose-approvals.ts) and the Slack app over it. */
function composeApp(
  plan: StartupPlan,
  store: Store,
  logger: Logger,
  bot: { botId: string; botUserId: string },
  metrics: Metrics,
) {
  const userGroups = new UserGroupMembers(createSlackWebClient(plan.settings, logger));
  const domain = composeWithApprovals({
    config: plan.config,
    logger,
    metrics,
    // The probe's per-org limit is shared by the replicas through the store.
    probeSlots: store,
    // Checks gather and judge in their own thread, so acknowledgements never wait behind them (issue 26).
    checkThread: plan.checkThread,
    approvals: { store, userGroupMembers: (group, maxAgeMs) => userGroups.members(group, maxAgeMs) },
  });
  let storeOpen = true;
  const slackApp = createSlackApp({
    slack: plan.settings,
    services: domain.services,
    logger,
    demoEnabled: plan.demoEnabled,
    store,
    metrics,
    ...(domain.approvals ? { approvals: { service: domain.approvals } } : {}),
    // Confirmed at start (so Bolt does not call auth.test again, where a rejection would surface as a crash).
    botId: bot.botId,
    botUserId: bot.botUserId,
    // /readyz, once the app listens: the store is open and answers a cheap query (Slack auth was confirmed before).
    // ping throws when the store does not answer (the reason never carries the error's text); a hang times out.
    isReady: async () => {
      if (!storeOpen) return { reason: 'store closed' };
      return store.ping().then(
        () => true as const,
        () => ({ reason: 'the store does not answer' }),
      );
    },
  });
  const closeStore = async () => {
    storeOpen = false;
    await store.close();
  };
  return { store, domain, services: domain.services, slackApp, closeStore, metrics };
}

/** SIGTERM/SIGINT: `close` once, then exit 0 (1 when it failed). */
function onSignals(close: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`sr-check: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
