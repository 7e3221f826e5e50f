/**
 * Services whose checks run in a worker thread (worker.ts): the Slack app's composition (compose-approvals.ts),
 * so its event loop stays free for Slack's acknowledgements while checks gather and judge (issue 26). The
 * Diagnoser and every Genesys client here are stand-ins that send each call to that one thread, where each
 * org's clients live once: the fixes' calls (fixer writes, diagnostic reads, token refreshes) share the
 * limiter and token cache of the checks' calls, as they do in one thread. A CallCounter cannot cross threads:
 * the thread counts a call's requests and the answer adds them to the caller's counter.
 * The thread starts with the services; if it dies (a bug), every waiting call is rejected and the next call
 * starts a new one.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino, { type DestinationStream } from 'pino';
import { loadCatalog } from '../catalog/catalog';
import type { OrgConfig } from '../config/types';
import type { GenesysApi } from '../genesys/api';
import type { CallCounter } from '../genesys/call-counter';
import { serializeError } from '../log';
import type { Metrics } from '../metrics';
import type { ProbeSlotStore } from '../diagnosis/probe/slots';
import {
  type CheckDiagnoser,
  type CredentialKind,
  credentialsFor,
  type ServiceOptions,
  type Services,
} from '../services';
import {
  type CheckThreadData,
  type DiagnoserMethod,
  type FromThread,
  type GenesysMethod,
  portableConfig,
  type ToThread,
} from './protocol';

/** Every method a client stand-in sends (a missing one is a type error). */
const GENESYS_METHODS: Record<GenesysMethod, true> = {
  ensureToken: true,
  getTokenInfo: true,
  revokeOwnToken: true,
  revokeUserTokens: true,
  getOAuthClient: true,
  putOAuthClient: true,
  getOAuthAuthorization: true,
  getRole: true,
  listRoles: true,
  getSubject: true,
  grantSubjectRole: true,
  revokeSubjectRole: true,
  getHomeDivision: true,
  getDivision: true,
  listAssignablePermissions: true,
  getProducts: true,
  getRecordingSettings: true,
  getConversation: true,
  getConversationRecordings: true,
  request: true,
};

/**
 * The thread's clock is real time (a caller's `now` cannot cross) and it loads its own catalog (the shipped one),
 * so neither is offered.
 */
export type CheckThreadOptions = Omit<ServiceOptions, 'now' | 'metrics' | 'catalog'> & {
  metrics?: Metrics;
  /** Another worker file (tests: one that stops mid-call); the thread's own worker.ts when absent. */
  entry?: string;
};

/** How long close() waits for the thread to close its clients before it stops the thread anyway. */
const CLOSE_WAIT_MS = 10_000;

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  counter?: CallCounter;
  /** The thread's client's own callCount after the call. */
  onClientCalls?: (callCount: number) => void;
}

export function createThreadedServices(options: CheckThreadOptions): Services {
  const catalog = loadCatalog();
  // Built at each start, not kept: it holds the secrets' values, which only the thread's Secrets should keep.
  const threadData = (): CheckThreadData => ({
    config: portableConfig(options.config),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    log: { level: options.logger.level, ...nameOf(options.logger) },
    metrics: options.metrics !== undefined,
    probeSlots: options.probeSlots !== undefined,
  });
  const logLines = (options.logger as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
  const waiting = new Map<number, Waiting>();
  let lastId = 0;
  let worker: Worker | undefined;
  /** Settles when the running thread has built its services, or has stopped trying. */
  let started: Promise<void> = Promise.resolve();
  let markStarted: () => void = () => undefined;
  let closing: Promise<void> | undefined;

  const settle = (id: number): Waiting | undefined => {
    const call = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker?.unref();
    return call;
  };

  /** A message from `from`: a log line or a metric that throws here is logged, never an uncaught exception. */
  const onMessage = (message: FromThread, from: Worker) => {
    try {
      switch (message.type) {
        case 'reply': {
          const call = settle(message.id);
          if (!call) return;
          if (!message.ok) return call.reject(new Error(message.message));
          if (call.counter && message.calls !== undefined) call.counter.calls += message.calls;
          if (message.clientCalls !== undefined) call.onClientCalls?.(message.clientCalls);
          return call.resolve(message.value);
        }
        case 'log':
          logLines?.write(message.line);
          return;
        case 'metric':
          (options.metrics?.[message.method] as ((...args: unknown[]) => void) | undefined)?.apply(
            options.metrics,
            message.args,
          );
          return;
        case 'slot':
          void answerSlot(from, message.id, message.method, message.args);
          return;
        case 'ready':
          if (from === worker) markStarted();
          return;
        case 'closed':
          // Its clients are closed: nothing left to finish.
          void from.terminate();
          return;
      }
    } catch (error) {
      options.logger.warn({ err: error, message: message.type }, 'could not take a message of the check thread');
    }
  };

  /** The store's answer goes back to the thread that asked, and only while it runs (a new one counts anew). */
  const answerSlot = async (from: Worker, id: number, method: keyof ProbeSlotStore, args: unknown[]) => {
    let answer: ToThread;
    try {
      const slots = options.probeSlots;
      if (!slots) throw new Error('no probe slot store');
      const value = await (slots[method] as (...a: unknown[]) => Promise<unknown>).apply(slots, args);
      answer = { type: 'slot-answer', id, ok: true, value };
    } catch (error) {
      answer = { type: 'slot-answer', id, ok: false, message: serializeError(error).message };
    }
    if (worker === from) from.postMessage(answer);
  };

  const start = (): Worker => {
    const file = options.entry ?? join(__dirname, `worker${extname(__filename)}`);
    // Under tsx or vitest (TypeScript sources) the thread loads them through tsx too; built, it runs dist's .js.
    const thread = new Worker(file, {
      workerData: threadData(),
      ...(__filename.endsWith('.ts') ? { execArgv: ['--require', 'tsx/cjs'] } : {}),
    });
    started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    thread.on('message', (message: FromThread) => onMessage(message, thread));
    thread.on('error', (error) => options.logger.error({ err: error }, 'the check thread failed'));
    thread.on('exit', (code) => {
      // A thread that never became ready must not leave ready() waiting.
      markStarted();
      if (worker === thread) worker = undefined;
      if (closing) return;
      options.logger.error({ code }, 'the check thread stopped; the next check starts a new one');
      for (const call of waiting.values()) call.reject(new Error('the check thread stopped before it answered'));
      waiting.clear();
    });
    thread.unref();
    return thread;
  };

  const send = (message: Extract<ToThread, { type: 'diagnoser' | 'genesys' }>, call: Waiting) => {
    if (closing) return call.reject(new Error('the checks are closed'));
    worker ??= start();
    if (waiting.size === 0) worker.ref();
    waiting.set(message.id, call);
    try {
      worker.postMessage(message);
    } catch {
      // An argument that cannot cross (a function, a class instance with private state): a bug of the caller.
      // Not the clone error's text: it quotes the value.
      settle(message.id);
      call.reject(new Error(`the check thread cannot take the arguments of ${message.method}: not plain data`));
    }
  };

  const askDiagnoser = (method: DiagnoserMethod, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) =>
      send({ type: 'diagnoser', id: ++lastId, method, args }, { resolve, reject }),
    );

  const diagnoser: CheckDiagnoser = {
    diagnose: (...args) => askDiagnoser('diagnose', args) as ReturnType<CheckDiagnoser['diagnose']>,
    rolesFor: (...args) => askDiagnoser('rolesFor', args) as ReturnType<CheckDiagnoser['rolesFor']>,
    proposableRoles: (...args) =>
      askDiagnoser('proposableRoles', args) as ReturnType<CheckDiagnoser['proposableRoles']>,
  };

  const standIn = (org: string, kind: CredentialKind): GenesysApi => {
    let callCount = 0;
    const client = {
      get callCount() {
        return callCount;
      },
    } as Record<GenesysMethod, (...args: unknown[]) => Promise<unknown>> & { readonly callCount: number };
    for (const method of Object.keys(GENESYS_METHODS) as GenesysMethod[]) {
      client[method] = (...args: unknown[]) =>
        new Promise<unknown>((resolve, reject) => {
          const countedArg = args.findIndex(hasCounter);
          const counter = countedArg >= 0 ? (args[countedArg] as { counter: CallCounter }).counter : undefined;
          const sent = counter
            ? args.map((arg, i) => (i === countedArg ? { ...(arg as object), counter: undefined } : arg))
            : args;
          send(
            { type: 'genesys', id: ++lastId, org, kind, method, args: sent, ...(counter ? { countedArg } : {}) },
            {
              resolve,
              reject,
              ...(counter ? { counter } : {}),
              onClientCalls: (count) => {
                callCount = count;
              },
            },
          );
        });
    }
    return client as unknown as GenesysApi;
  };

  const clients = new Map<string, GenesysApi>();
  const genesys = (org: OrgConfig, kind: CredentialKind): GenesysApi | undefined => {
    if (!credentialsFor(org, kind)) return undefined;
    const key = `${org.name}/${kind}`;
    let client = clients.get(key);
    if (!client) {
      client = standIn(org.name, kind);
      clients.set(key, client);
    }
    return client;
  };

  const close = async () => {
    if (closing) return closing;
    const running = worker;
    closing = (async () => {
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.ref();
      running.postMessage({ type: 'close' } satisfies ToThread);
      // A client that never finishes closing must not hold up the app's shutdown.
      const bound = setTimeout(() => void running.terminate(), CLOSE_WAIT_MS);
      await exited;
      clearTimeout(bound);
      for (const call of waiting.values()) call.reject(new Error('the checks were closed before they answered'));
      waiting.clear();
    })();
    return closing;
  };

  // Started now, not at the first check: loading the thread's modules takes longer than a warm check, and the
  // app starts its listener meanwhile. Unreferenced while idle, so it never keeps a process alive by itself.
  worker = start();
  const ready = () => started;
  return { config: options.config, catalog, diagnoser, logger: options.logger, genesys, close, ready };
}

function hasCounter(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { counter?: unknown }).counter !== undefined;
}

function nameOf(logger: ServiceOptions['logger']): { name?: string } {
  const name = (logger.bindings() as { name?: unknown }).name;
  return typeof name === 'string' ? { name } : {};
}
