/**
 * End-to-end harness: the real Slack app (createSlackApp, Bolt's HTTP receiver) on a free loopback port,
 * a fake Slack Web API on another, and requests signed the way Slack signs them (v0 HMAC-SHA256 over
 * `v0:{timestamp}:{raw body}`): commands and interactivity form-encoded, events as JSON.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { Secret } from '../../src/config/secret';
import { createLogger } from '../../src/log';
import type { Sleep } from '../../src/watch/user-watch';
import type { Metrics } from '../../src/metrics';
import { composeWithApprovals } from '../../src/compose-approvals';
import type { Services } from '../../src/services';
import type { Store } from '../../src/store/types';
import { createSlackApp, createSlackWebClient, type SlackApp, type SlackAppDeps } from '../../src/slack/app';
import { UserGroupMembers } from '../../src/slack/user-groups';
import type { CheckRunner } from '../../src/slack/check-runner';
import type { IdempotencyStore } from '../../src/slack/stores/idempotency-store';
import { startFakeSlack, type FakeSlack } from './fake-slack';

/** Test secrets carry the leak canary: the suite fails if either appears in any log line. */
export const TEST_SIGNING_SECRET = 'LEAKCANARY-signing-secret-8f742231b1';
export const TEST_BOT_TOKEN = 'xoxb-LEAKCANARY-test';
export const BOT_USER_ID = 'UBOTSRCHK';
export const BOT_ID = 'BBOTSRCHK';

export interface HarnessOptions {
  orgs?: OrgConfig[];
  allowedChannels?: string[];
  demoEnabled?: boolean;
  /** Channels where the bot is not a member (chat.postMessage → not_in_channel). */
  notInChannel?: string[];
  /** Web API client tuning; default no retries. `{}` runs with the production bounds (SLACK_CLIENT_BOUNDS). */
  slackClientOptions?: SlackAppDeps['clientOptions'];
  /** Wraps the default check runner (to gate or count checks). */
  wrapRunner?: (runner: CheckRunner) => CheckRunner;
  /** Logger level for the app (default: the test default, debug). */
  logLevel?: string;
  /** Genesys client tuning (benchmarks raise the rate limit). */
  genesysClientOptions?: { timeoutMs?: number; ratePerMinute?: number };
  /** The shared store (idempotency, button requests, approvals); the test owns it and closes it. */
  store?: Store;
  /** The checks' clock (the token check measures "the last five minutes" with it); real time when absent. */
  now?: () => number;
  /** Fixes with approval over `store`; `now` is the approval side's clock, `sleep` its wait between propagation re-checks. */
  fixes?: { now?: () => number; sleep?: Sleep; leaseHeartbeatMs?: number };
  /** `/sr-check … watch`: clock, sleep and bounds of user watches. */
  watch?: SlackAppDeps['watch'];
  /** Share one fake Slack between harnesses (two replicas of one workspace); not closed by close(). */
  fake?: FakeSlack;
  /** Members of user groups the fake Slack answers for usergroups.users.list (mutable). */
  userGroups?: Record<string, string[]>;
  /** Web API methods the fake Slack answers with this HTTP status (mutable: a Slack outage and its end). */
  httpFailures?: Record<string, number>;
  /** Web API methods the fake Slack answers with missing_scope, naming this scope (an app installed without it). */
  missingScopes?: Record<string, string>;
  /** Prometheus metrics shared by the services and the app (served on /metrics). */
  metrics?: Metrics;
  /** The checks in a worker thread of their own, as the app runs them (src/check-thread/); `now` is then refused. */
  checkThread?: boolean;
  /** Replaces the app's idempotency store (e.g. one whose claims hang or fail). */
  idempotency?: IdempotencyStore;
  /** Verdict Details each person keeps in `store`. */
  detailsCap?: SlackAppDeps['detailsCap'];
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** JSON body when there is one. */
  json: any;
  /** Position in the fake Slack's sequence when the answer arrived. */
  seq: number;
}

export interface SendOptions {
  timestamp?: number;
  secret?: string;
  /** Omit the signature headers entirely. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export interface SlackHarness {
  baseUrl: string;
  /** The probes and /metrics listener (METRICS_PORT in production), apart from /slack/events. */
  probesUrl: string;
  fake: FakeSlack;
  slackApp: SlackApp;
  services: Services;
  command(
    text: string,
    options?: { channel?: string; user?: string; triggerId?: string } & SendOptions,
  ): Promise<HttpAnswer & { responseUrl: string }>;
  event(
    event: Record<string, unknown>,
    options?: { eventId?: string; retryNum?: number } & SendOptions,
  ): Promise<HttpAnswer & { eventId: string }>;
  action(payload: Record<string, unknown>, options?: SendOptions): Promise<HttpAnswer>;
  /** A signed (or deliberately mis-signed) POST of a raw body. */
  post(path: string, body: string, contentType: string, options?: SendOptions): Promise<HttpAnswer>;
  get(path: string): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const ownFake = !options.fake;
  const fake =
    options.fake ??
    (await startFakeSlack({
      botToken: TEST_BOT_TOKEN,
      botUserId: BOT_USER_ID,
      botId: BOT_ID,
      notInChannel: options.notInChannel,
      userGroups: options.userGroups,
      httpFailures: options.httpFailures,
      missingScopes: options.missingScopes,
    }));
  const logger = createLogger({ name: 'sr-check-e2e', ...(options.logLevel ? { level: options.logLevel } : {}) });
  const config: AppConfig = {
    orgs: new Map((options.orgs ?? []).map((org) => [org.name, org])),
    allowedChannels: options.allowedChannels ?? [],
    source: 'test',
  };
  const slack: SlackAppDeps['slack'] = {
    botToken: new Secret(TEST_BOT_TOKEN),
    signingSecret: new Secret(TEST_SIGNING_SECRET),
    socketMode: false,
    slackApiUrl: fake.apiUrl,
  };
  const clientOptions = options.slackClientOptions ?? { retryConfig: { retries: 0 } };
  if (options.fixes && !options.store) throw new Error('startSlackHarness: fixes need a store');
  // As src/index.ts composes it (compose-approvals.ts): the approval service over the store, its user groups asked of (the fake) Slack.
  const userGroups = new UserGroupMembers(createSlackWebClient(slack, logger, clientOptions));
  const domain = composeWithApprovals({
    config,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.checkThread ? { checkThread: true } : {}),
    clientOptions: { timeoutMs: 5000, retry: { retries: 0 }, ...options.genesysClientOptions },
    ...(options.fixes && options.store
      ? {
          approvals: {
            store: options.store,
            userGroupMembers: (group: string, maxAgeMs: number) => userGroups.members(group, maxAgeMs),
            ...(options.fixes.now ? { now: options.fixes.now } : {}),
          },
        }
      : {}),
  });
  const { services } = domain;
  const deps: SlackAppDeps = {
    slack,
    services,
    logger,
    demoEnabled: options.demoEnabled,
    botId: BOT_ID,
    botUserId: BOT_USER_ID,
    clientOptions,
  };
  if (options.store) deps.store = options.store;
  if (options.metrics) deps.metrics = options.metrics;
  if (options.idempotency) deps.idempotency = options.idempotency;
  if (options.fixes && domain.approvals) {
    deps.approvals = {
      service: domain.approvals,
      ...(options.fixes.now ? { now: options.fixes.now } : {}),
      ...(options.fixes.sleep ? { sleep: options.fixes.sleep } : {}),
      ...(options.fixes.leaseHeartbeatMs ? { leaseHeartbeatMs: options.fixes.leaseHeartbeatMs } : {}),
    };
  }
  if (options.watch) {
    deps.watch = options.watch;
  }
  if (options.detailsCap) deps.detailsCap = options.detailsCap;
  if (options.wrapRunner) {
    const { createCheckRunner } = await import('../../src/slack/check-runner');
    const { ChannelAccess } = await import('../../src/slack/access');
    const access = new ChannelAccess(config, options.demoEnabled === true);
    deps.runner = options.wrapRunner(createCheckRunner({ services, access, logger }));
  }
  const slackApp = createSlackApp(deps);
  // As src/index.ts: Slack's requests come in once the check thread (if any) is ready.
  await services.ready?.();
  const { port, probesPort } = await slackApp.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const probesUrl = `http://127.0.0.1:${probesPort}`;

  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    contentType: string | undefined,
    opts: SendOptions = {},
  ): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { ...(contentType ? { 'content-type': contentType } : {}) };
    if (method === 'POST' && !opts.unsigned) {
      const timestamp = opts.timestamp ?? nowSeconds();
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = signSlackRequest(opts.secret ?? TEST_SIGNING_SECRET, timestamp, body ?? '');
    }
    Object.assign(headers, opts.headers);
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const seq = fake.nextSeq();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, seq };
  };

  return {
    baseUrl,
    probesUrl,
    fake,
    slackApp,
    services,
    async command(text, { channel = 'CACME', user = 'UASKER1', triggerId = randomUUID(), ...opts } = {}) {
      const responseUrl = fake.responseUrl();
      const form = new URLSearchParams({
        token: 'deprecated-verification-token',
        team_id: 'TFAKE',
        team_domain: 'fake',
        channel_id: channel,
        channel_name: 'support',
        user_id: user,
        user_name: 'asker',
        command: '/sr-check',
        text,
        api_app_id: 'AFAKE',
        response_url: responseUrl,
        trigger_id: triggerId,
      }).toString();
      const answer = await send('POST', '/slack/events', form, 'application/x-www-form-urlencoded', opts);
      return { ...answer, responseUrl };
    },
    async event(event, { eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 12)}`, retryNum, ...opts } = {}) {
      const body = JSON.stringify({
        token: 'deprecated-verification-token',
        team_id: 'TFAKE',
        api_app_id: 'AFAKE',
        event,
        type: 'event_callback',
        event_id: eventId,
        event_time: nowSeconds(),
        authorizations: [{ team_id: 'TFAKE', user_id: BOT_USER_ID, is_bot: true }],
      });
      const headers = {
        ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
        ...opts.headers,
      };
      const answer = await send('POST', '/slack/events', body, 'application/json', { ...opts, headers });
      return { ...answer, eventId };
    },
    async action(payload, opts) {
      const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return send('POST', '/slack/events', form, 'application/x-www-form-urlencoded', opts);
    },
    post: (path, body, contentType, opts) => send('POST', path, body, contentType, opts),
    get: (path) => send('GET', path, undefined, undefined),
    async close() {
      await slackApp.stop({ drainMs: 10_000 });
      await domain.close();
      if (ownFake) await fake.close();
    },
  };
}

/** A block_actions payload for a button of a posted verdict message. */
export function buttonClick(options: {
  button: { action_id: string; value: string; block_id?: string };
  channel: string;
  user?: string;
  message?: { ts: string; thread_ts?: string };
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'TFAKE', domain: 'fake' },
    user: { id: options.user ?? 'UCLICKER', username: 'clicker', team_id: 'TFAKE' },
    api_app_id: 'AFAKE',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: options.message?.ts ?? '1.1',
      channel_id: options.channel,
      is_ephemeral: false,
    },
    trigger_id: randomUUID(),
    channel: { id: options.channel, name: 'support' },
    message: {
      type: 'message',
      ts: options.message?.ts ?? '1.1',
      ...(options.message?.thread_ts ? { thread_ts: options.message.thread_ts } : {}),
      text: 'verdict',
    },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.button.action_id,
        block_id: options.button.block_id ?? 'b',
        value: options.button.value,
        text: { type: 'plain_text', text: 'button' },
        action_ts: `${nowSeconds()}.000001`,
      },
    ],
  };
}

/** A modal's submission (view_submission), as Slack sends it: the view's callback id, metadata and input values. */
export function viewSubmission(options: {
  callbackId: string;
  privateMetadata: string;
  /** block_id → action_id → the input's value. */
  values: Record<string, Record<string, string>>;
  user?: string;
}): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(options.values).map(([block, actions]) => [
      block,
      Object.fromEntries(
        Object.entries(actions).map(([action, value]) => [action, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  return {
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'fake' },
    user: { id: options.user ?? 'UCLICKER', username: 'clicker', team_id: 'TFAKE' },
    api_app_id: 'AFAKE',
    token: 'deprecated-verification-token',
    trigger_id: randomUUID(),
    view: {
      id: 'VFAKESUBMIT',
      team_id: 'TFAKE',
      type: 'modal',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      state: { values },
      hash: 'h',
      blocks: [],
      title: { type: 'plain_text', text: 'modal' },
      app_id: 'AFAKE',
      bot_id: BOT_ID,
    },
    response_urls: [],
  };
}
