/**
 * A fake Slack Web API on loopback (node:http) for end-to-end tests: answers the methods sr-check uses,
 * serves response_url paths, and records every call so tests can await what the app sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedCall {
  /** Order across API calls and response_url posts (and anything else the test records). */
  seq: number;
  kind: 'api' | 'response_url';
  /** Web API method (`chat.postMessage`) or the response_url path. */
  method: string;
  args: Record<string, unknown>;
  /** Whether the request carried the expected bot token (the value is never stored). */
  authorized: boolean;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
  /** Matched `hold` when it arrived: recorded but never answered (Slack never confirmed it). */
  held?: boolean;
  /** performance.now() when the call arrived (benchmarks measure command → verdict with it). */
  at: number;
}

export interface FakeSlackOptions {
  /** The bot token the app should send (Bearer). */
  botToken: string;
  botUserId?: string;
  botId?: string;
  /** Channels where chat.postMessage answers `not_in_channel`. */
  notInChannel?: string[];
  /** Members of user groups for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
  /** Channels for conversations.list (paged by `limit`/`cursor` as Slack does); `is_member`: the bot is in it. */
  channels?: Array<{ id: string; name: string; is_private?: boolean; is_member?: boolean }>;
  /** User groups for usergroups.list. */
  userGroupList?: Array<{ id: string; handle: string; name: string }>;
  /** Users for users.info: id → display name (others answer user_not_found). */
  users?: Record<string, string>;
  /** Methods that answer `missing_scope` with this `needed` scope (an app installed without it). */
  missingScopes?: Record<string, string>;
  /** Methods that answer with this HTTP status and no body (Slack's API down); `Retry-After` with 429. */
  httpFailures?: Record<string, number>;
  /** The `Retry-After` (seconds) of an httpFailures 429. Default 1. */
  retryAfterSeconds?: number;
  /**
   * chat.postMessage posts (the message is kept and shows in conversations.history) but the answer is lost:
   * this HTTP status instead of the answer (a 5xx after Slack accepted the post).
   */
  postedButFailing?: number;
  /** chat.postMessage posts at once but answers only after this many ms (longer than the client's timeout). */
  postAnswerDelayMs?: number;
}

/** A message the fake holds, as conversations.history and conversations.replies show it. */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: unknown;
}

export interface FakeSlack {
  /** Web API base URL ending in `/` (for clientOptions.slackApiUrl / SLACK_API_URL). */
  apiUrl: string;
  /** A fresh response_url for one command or action payload. */
  responseUrl(): string;
  calls: CapturedCall[];
  /** Every message chat.postMessage posted (whether or not its answer reached the app). */
  messages: FakeMessage[];
  /** Calls of one Web API method (or all response_url posts with method 'response_url'). */
  callsOf(method: string): CapturedCall[];
  /** Waits (polling, bounded) until a captured call satisfies `match`; fails with what was captured. */
  waitForCall(
    match: (call: CapturedCall) => boolean,
    options?: { timeoutMs?: number; description?: string },
  ): Promise<CapturedCall>;
  nextSeq(): number;
  /** The channels each user is in, for users.conversations (mutable; a user not listed is in none). */
  userChannels: Record<string, string[]>;
  /**
   * Calls this matches are recorded (`held: true`) and never answered, so the app hangs on them (restart
   * tests kill it there). Settable at any time; released connections are dropped at close().
   */
  hold?: (method: string, args: Record<string, unknown>) => boolean;
  /**
   * Calls this answers a promise for are recorded at once and answered (as usual) only when it settles: a Slack
   * that is slow to answer, e.g. auth.test held while a test looks at start-up. Settable at any time.
   */
  gate?: (method: string, args: Record<string, unknown>) => Promise<unknown> | undefined;
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const calls: CapturedCall[] = [];
  const messages: FakeMessage[] = [];
  let seq = 0;
  // Slack's ts is the post's time in seconds (conversations.history's `oldest` compares with it); unique per post.
  let ts = Math.floor(Date.now() / 1000);
  let responseUrls = 0;
  const userChannels: Record<string, string[]> = {};
  const notInChannel = new Set(options.notInChannel ?? []);
  const botUserId = options.botUserId ?? 'UBOTFAKE1';
  const botId = options.botId ?? 'BBOTFAKE1';

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let call: CapturedCall | undefined;
    const answer = (status: number, body: unknown) => {
      if (call) call.response = body as Record<string, unknown>;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/response/')) {
      calls.push({
        seq: ++seq,
        kind: 'response_url',
        method: 'response_url',
        args: { ...(parseJson(raw) as object), path: url.pathname },
        authorized: true,
        at: performance.now(),
      });
      answer(200, { ok: true });
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const authorized = req.headers.authorization === `Bearer ${options.botToken}` || args.token === options.botToken;
    delete args.token;
    call = { seq: ++seq, kind: 'api', method, args, authorized, at: performance.now() };
    if (fake.hold?.(method, args)) {
      call.held = true;
      calls.push(call);
      return;
    }
    calls.push(call);
    const gate = fake.gate?.(method, args);
    if (gate) await gate.catch(() => undefined);
    const failure = options.httpFailures?.[method];
    if (failure) {
      res.writeHead(failure, failure === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {});
      res.end();
      return;
    }
    if (!authorized) return answer(200, { ok: false, error: 'invalid_auth' });
    const needed = options.missingScopes?.[method];
    if (needed) return answer(200, { ok: false, error: 'missing_scope', needed, provided: 'commands,chat:write' });
    switch (method) {
      case 'auth.test':
        return answer(200, {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'sr-check',
          team_id: 'TFAKE',
          user_id: botUserId,
          bot_id: botId,
        });
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (notInChannel.has(channel)) return answer(200, { ok: false, error: 'not_in_channel' });
        ts += 1;
        messages.push({
          channel,
          ts: `${ts}.000100`,
          text: String(args.text ?? ''),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.metadata ? { metadata: args.metadata } : {}),
        });
        if (options.postedButFailing) {
          res.writeHead(options.postedButFailing);
          res.end();
          return;
        }
        if (options.postAnswerDelayMs) await new Promise((r) => setTimeout(r, options.postAnswerDelayMs));
        if (res.destroyed) return; // the client gave up waiting
        return answer(200, { ok: true, channel, ts: `${ts}.000100`, message: { text: args.text, ts: `${ts}.000100` } });
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = String(args.channel ?? '');
        const oldest = Number(args.oldest ?? 0) || 0;
        const limit = Number(args.limit ?? 100) || 100;
        const withMetadata = String(args.include_all_metadata) === 'true';
        const thread = method === 'conversations.replies' ? String(args.ts ?? '') : undefined;
        const shown = messages
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
          .filter((m) => (thread === undefined ? !m.thread_ts : m.ts === thread || m.thread_ts === thread))
          .reverse()
          .slice(0, limit)
          .map(({ channel: _c, metadata, ...m }) => ({ ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return answer(200, { ok: true, messages: shown, has_more: false });
      }
      case 'chat.postEphemeral':
        ts += 1;
        return answer(200, { ok: true, message_ts: `${ts}.000200` });
      case 'chat.update':
        return answer(200, { ok: true, channel: args.channel, ts: args.ts, text: args.text });
      case 'views.publish':
        return answer(200, {
          ok: true,
          view: { id: 'VFAKE1', ...(typeof args.view === 'object' ? (args.view as object) : {}) },
        });
      case 'views.open':
      case 'views.push':
        // Slack refuses a modal without the click's trigger_id.
        if (!args.trigger_id) return answer(200, { ok: false, error: 'invalid_trigger_id' });
        return answer(200, {
          ok: true,
          view: { id: `VFAKE${seq}`, ...(typeof args.view === 'object' ? (args.view as object) : {}) },
        });
      case 'views.update':
        return answer(200, {
          ok: true,
          view: {
            id: String(args.view_id ?? 'VFAKE1'),
            ...(typeof args.view === 'object' ? (args.view as object) : {}),
          },
        });
      case 'conversations.open':
        return answer(200, {
          ok: true,
          channel: {
            id: `D${String(args.users ?? 'X')
              .replace(/[^A-Z0-9]/g, '')
              .slice(0, 10)}`,
          },
        });
      case 'usergroups.users.list': {
        const users = options.userGroups?.[String(args.usergroup ?? '')];
        return answer(200, users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' });
      }
      case 'conversations.list': {
        const all = options.channels ?? [];
        const start = Number(args.cursor ?? 0) || 0;
        const limit = Number(args.limit ?? 100) || 100;
        const next = start + limit < all.length ? String(start + limit) : '';
        return answer(200, {
          ok: true,
          channels: all.slice(start, start + limit),
          response_metadata: { next_cursor: next },
        });
      }
      case 'users.conversations':
        return answer(200, {
          ok: true,
          channels: (userChannels[String(args.user ?? '')] ?? []).map((id) => ({ id })),
          response_metadata: { next_cursor: '' },
        });
      case 'usergroups.list':
        return answer(200, { ok: true, usergroups: options.userGroupList ?? [] });
      case 'users.info': {
        const id = String(args.user ?? '');
        const name = options.users?.[id];
        return answer(
          200,
          name
            ? { ok: true, user: { id, name: name.toLowerCase(), real_name: name, profile: { display_name: name } } }
            : { ok: false, error: 'user_not_found' },
        );
      }
      default:
        return answer(200, { ok: false, error: 'unknown_method' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/${++responseUrls}`,
    calls,
    messages,
    callsOf: (method) => calls.filter((c) => c.method === method),
    nextSeq: () => ++seq,
    userChannels,
    async waitForCall(match, { timeoutMs = 10_000, description = 'a matching call' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.seq} ${c.method}`).join(', ') || 'none';
          throw new Error(`fake Slack: timed out waiting for ${description}; captured: ${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

/** The Web API client sends form bodies with nested values (blocks) as JSON strings, or JSON bodies. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return (parseJson(raw) as Record<string, unknown>) ?? {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? parseJson(value) : value;
  }
  return args;
}
