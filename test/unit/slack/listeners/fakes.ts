/**
 * Fakes for calling a listener directly (no Bolt, no HTTP): a ListenerContext over in-memory parts, and the
 * arguments Bolt would pass, each recording into one ordered list so a test can say "ack came first".
 * The e2e suite (test/e2e/) keeps testing the same listeners on the wire.
 */
import type { ListenerContext } from '../../../../src/slack/listener-context';
import type { RequestStore, StoredCheck } from '../../../../src/slack/stores/request-store';
import { ChannelAccess } from '../../../../src/slack/access';
import type { AppConfig, OrgConfig } from '../../../../src/config/types';
import { loadCatalog } from '../../../../src/catalog/catalog';
import type { PasteDecisionDeps } from '../../../../src/slack/listeners/messages/paste-decision';

export type Call =
  | { kind: 'ack'; payload?: unknown }
  | { kind: 'respond'; payload: Record<string, unknown> }
  | { kind: 'slack'; method: string; args: Record<string, unknown> }
  | { kind: 'log'; level: string; msg: string };

export interface Recorder {
  calls: Call[];
  /** The texts answered privately (respond with response_type ephemeral, or chat.postEphemeral). */
  privateTexts(): string[];
}

export function recorder(): Recorder {
  const calls: Call[] = [];
  return {
    calls,
    privateTexts: () =>
      calls.flatMap((c) => {
        if (c.kind === 'respond' && c.payload.response_type === 'ephemeral') return [String(c.payload.text)];
        if (c.kind === 'slack' && c.method === 'chat.postEphemeral') return [String(c.args.text)];
        return [];
      }),
  };
}

const org = (name: string, channels: string[]): OrgConfig =>
  ({
    name,
    region: 'us-east-1',
    apiBaseUrl: 'https://api.example.invalid',
    loginBaseUrl: 'https://login.example.invalid',
    diagnostic: { clientId: 'diag', clientSecret: { reveal: () => 'x' } },
    channels,
  }) as unknown as OrgConfig;

/** Org `acme`, allowed in channel CACME only (or in `channels`). */
export function fakeAccess(channels: string[] = ['CACME']): ChannelAccess {
  const config: AppConfig = { orgs: new Map([['acme', org('acme', channels)]]), allowedChannels: [], source: 'test' };
  return new ChannelAccess(config, false);
}

export function fakeRequests(stored: Record<string, StoredCheck> = {}, failing = false): RequestStore {
  return {
    put: async () => 'unused',
    get: async (id) => {
      if (failing) throw new Error('database is locked');
      return stored[id];
    },
  };
}

export function fakeLogger(rec: Recorder) {
  const log =
    (level: string) =>
    (_obj: unknown, msg?: string): void => {
      rec.calls.push({ kind: 'log', level, msg: msg ?? '' });
    };
  const logger = {
    warn: log('warn'),
    error: log('error'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

/** A context whose in-flight tracker just runs the work; parts a test needs are passed in. */
export function fakeContext(rec: Recorder, parts: Partial<ListenerContext> = {}): ListenerContext {
  return {
    access: fakeAccess(),
    requests: fakeRequests(),
    inFlight: { run: async <T>(work: () => Promise<T>) => work() },
    logger: fakeLogger(rec),
    ...parts,
  } as unknown as ListenerContext;
}

/**
 * ack, respond and a Web API client whose methods record their call (or throw `failing[method]`); a method
 * answers `answers[method]` when given (e.g. users.conversations' channel list).
 */
export function boltArgs(
  rec: Recorder,
  failing: Record<string, Error> = {},
  answers: Record<string, Record<string, unknown>> = {},
) {
  const method =
    (name: string) =>
    async (args: Record<string, unknown>): Promise<Record<string, unknown>> => {
      rec.calls.push({ kind: 'slack', method: name, args });
      const error = failing[name];
      if (error) throw error;
      return { ok: true, ts: '1712345678.000200', ...answers[name] };
    };
  return {
    ack: async (payload?: unknown) => {
      rec.calls.push({ kind: 'ack', ...(payload === undefined ? {} : { payload }) });
    },
    respond: async (payload: Record<string, unknown>) => {
      rec.calls.push({ kind: 'respond', payload });
      if (failing.respond) throw failing.respond;
    },
    client: {
      views: { open: method('views.open'), publish: method('views.publish') },
      users: { conversations: method('users.conversations') },
      chat: {
        postEphemeral: method('chat.postEphemeral'),
        postMessage: method('chat.postMessage'),
        update: method('chat.update'),
      },
    },
  };
}

/** A block_actions body for a verdict button clicked by UCLICKER in `channel`. */
export function buttonBody(channel: string, value: string, actionId = 'details') {
  const action = { type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1.1' };
  const body = {
    type: 'block_actions',
    user: { id: 'UCLICKER' },
    channel: { id: channel },
    trigger_id: 'trigger-1',
    message: { ts: '1712345678.000100' },
    actions: [action],
  };
  return { body, action };
}

export function storedCheck(overrides: Partial<StoredCheck> = {}): StoredCheck {
  return {
    request: { org: 'acme', op: 'GET /api/v2/users' } as StoredCheck['request'],
    channelId: 'CACME',
    userId: 'UASKER',
    fixes: [],
    createdAt: 0,
    ...overrides,
  };
}

/** What the paste listeners decide with: org `acme` (us-east-1) in channel CACME, the real catalog. */
export function fakePasteDeps(): PasteDecisionDeps {
  const acme = { ...org('acme', ['CACME']), approvers: { users: [] }, operations: [] } as OrgConfig;
  const config: AppConfig = { orgs: new Map([['acme', acme]]), allowedChannels: [], source: 'test' };
  return { access: new ChannelAccess(config, false), config, catalog: loadCatalog() };
}

/** A verdict publisher whose storeCheck records the request behind a button (or throws `failing`). */
export function fakeVerdicts(rec: Recorder, failing?: Error): ListenerContext['verdicts'] {
  let n = 0;
  return {
    storeCheck: async (args: Record<string, unknown>) => {
      rec.calls.push({ kind: 'slack', method: '(storeCheck)', args });
      if (failing) throw failing;
      n += 1;
      return `req_stored_${n}`;
    },
  } as unknown as ListenerContext['verdicts'];
}

/** An idempotency store: keys in `taken` are already claimed; `failing` makes every claim throw. Claims are recorded. */
export function fakeIdempotency(
  rec: Recorder,
  options: { taken?: string[]; failing?: Error } = {},
): ListenerContext['idempotency'] {
  const taken = new Set(options.taken ?? []);
  return {
    claim: async (key: string, ttlSeconds: number) => {
      rec.calls.push({ kind: 'slack', method: '(claim)', args: { key, ttlSeconds } });
      if (options.failing) throw options.failing;
      if (taken.has(key)) return false;
      taken.add(key);
      return true;
    },
  } as ListenerContext['idempotency'];
}
