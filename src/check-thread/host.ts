/**
 * Services whose checks run in a worker thread (worker.ts): the Slack app's composition (compose-approvals.ts),
 * so its event loop stays free for Slack's acknowledgements while checks gather and judge (issue 26). The
 * Diagnoser and every Genesys client here are stand-ins that send each call to that one thread, where each
 * org's clients live once: the fixes' calls (fixer writes, diagnostic reads, token refreshes) share the
 * limiter and token cache of the checks' calls, as they do in one thread. A CallCounter cannot cross threads:
 * the thread counts a call's requests and the answer adds them to the caller's counter.
 * If the thread dies (a bug), every waiting call is rejected and the next call starts a new one.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino, { type DestinationStream } from 'pino';
import { loadCatalog } from '../catalog/catalog';
import type { OrgConfig } from '../config/types';
import type { GenesysApi } from '../genesys/api';
import type { CallCounter } from '../genesys/call-counter';
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

/** The thread's clock is real time: a caller's `now` cannot cross, so it is not offered. */
export type CheckThreadOptions = Omit<ServiceOptions, 'now' | 'metrics'> & { metrics?: Metrics };

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  counter?: CallCounter;
  onClientCalls?: (calls: number) => void;
}

export function createThreadedServices(options: CheckThreadOptions): Services {
  const catalog = options.catalog ?? loadCatalog();
  const data: CheckThreadData = {
    config: portableConfig(options.config),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    log: { level: options.logger.level, ...nameOf(options.logger) },
    metrics: options.metrics !== undefined,
    probeSlots: options.probeSlots !== undefined,
  };
  const logLines = (options.logger as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
  const waiting = new Map<number, Waiting>();
  let lastId = 0;
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;

  const onMessage = (message: FromThread) => {
    switch (message.type) {
      case 'reply': {
        const call = waiting.get(message.id);
        if (!call) return;
        waiting.delete(message.id);
        if (waiting.size === 0) worker?.unref();
        if (!message.ok) return call.reject(new Error(message.message));
        if (call.counter && message.calls !== undefined) call.counter.calls += message.calls;
        if (message.calls !== undefined) call.onClientCalls?.(message.calls);
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
        void answerSlot(message.id, message.method, message.args);
        return;
      case 'closed':
        // Its clients are closed: nothing left to finish.
        void worker?.terminate();
        return;
    }
  };

  const answerSlot = async (id: number, method: keyof ProbeSlotStore, args: unknown[]) => {
    try {
      const slots = options.probeSlots;
      if (!slots) throw new Error('no probe slot store');
      const value = await (slots[method] as (...a: unknown[]) => Promise<unknown>).apply(slots, args);
      worker?.postMessage({ type: 'slot-answer', id, ok: true, value } satisfies ToThread);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      worker?.postMessage({ type: 'slot-answer', id, ok: false, message } satisfies ToThread);
    }
  };

  const start = (): Worker => {
    const file = join(__dirname, `worker${extname(__filename)}`);
    // Under tsx or vitest (TypeScript sources) the thread loads them through tsx too; built, it runs dist's .js.
    const started = new Worker(file, {
      workerData: data,
      ...(file.endsWith('.ts') ? { execArgv: ['--require', 'tsx/cjs'] } : {}),
    });
    started.on('message', onMessage);
    started.on('error', (error) => options.logger.error({ err: error }, 'the check thread failed'));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (closing) return;
      options.logger.error({ code }, 'the check thread stopped; the next check starts a new one');
      for (const call of waiting.values()) call.reject(new Error('the check thread stopped before it answered'));
      waiting.clear();
    });
    started.unref();
    return started;
  };

  const send = (message: Extract<ToThread, { type: 'diagnoser' | 'genesys' }>, call: Waiting) => {
    if (closing) return call.reject(new Error('the checks are closed'));
    worker ??= start();
    if (waiting.size === 0) worker.ref();
    waiting.set(message.id, call);
    worker.postMessage(message);
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
              onClientCalls: (calls) => {
                callCount += calls;
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
    return client as unknown as GenesysApi;
  };

  const close = async () => {
    if (closing) return closing;
    const running = worker;
    closing = (async () => {
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.ref();
      running.postMessage({ type: 'close' } satisfies ToThread);
      await exited;
      for (const call of waiting.values()) call.reject(new Error('the checks were closed before they answered'));
      waiting.clear();
    })();
    return closing;
  };

  return { config: options.config, catalog, diagnoser, logger: options.logger, genesys, close };
}

function hasCounter(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { counter?: unknown }).counter !== undefined;
}

function nameOf(logger: ServiceOptions['logger']): { name?: string } {
  const name = (logger.bindings() as { name?: unknown }).name;
  return typeof name === 'string' ? { name } : {};
}
