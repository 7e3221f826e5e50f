/**
 * The check thread: every Genesys client of the app and the Diagnoser over them (createServices, as in one
 * thread), so gathering, judging and the clients' own work (limiter, HTTP, parsing) never hold up the app's
 * event loop, where Slack's acknowledgements are due in 3 s. Each org's limiter and token cache live here
 * only: the app thread's clients are stand-ins that send their calls here (host.ts). Logs, metrics and the
 * store's probe slots go back to the app thread, which owns the logger, the registry and the store.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProbeSlotStore } from '../diagnosis/probe/slots';
import { newCallCounter } from '../genesys/call-counter';
import { createLogger, serializeError } from '../log';
import type { CheckMetrics } from '../metrics';
import { createServices } from '../services';
import {
  type CheckThreadData,
  configFromPortable,
  type FromThread,
  type MetricsMethod,
  type SlotMethod,
  type ToThread,
} from './protocol';

/**
 * How much lower than the app thread (whose nice value the thread starts with): CFS then gives the app thread
 * ~9 of every 10 contended slices.
 */
const CHECK_THREAD_NICE = 10;
const MAX_NICE = 19;
lowerThisThreadsPriority();

const port = parentPort;
if (!port) throw new Error('src/check-thread/worker.ts runs only as a worker thread (host.ts starts it)');
const data = workerData as CheckThreadData;
const post = (message: FromThread) => port.postMessage(message);

const logger = createLogger({
  level: data.log.level,
  ...(data.log.name ? { name: data.log.name } : {}),
  destination: { write: (line: string) => post({ type: 'log', line }) },
});

const forwardMetric =
  (method: MetricsMethod) =>
  (...args: unknown[]) =>
    post({ type: 'metric', method, args });
const metrics: CheckMetrics = {
  recordCheck: forwardMetric('recordCheck'),
  recordGenesysCall: forwardMetric('recordGenesysCall'),
  recordGenesysRetry: forwardMetric('recordGenesysRetry'),
  recordProbe: forwardMetric('recordProbe'),
};

const slotAnswers = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let lastSlotAsk = 0;
const askSlot =
  (method: SlotMethod) =>
  (...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++lastSlotAsk;
      slotAnswers.set(id, { resolve, reject });
      post({ type: 'slot', id, method, args });
    });
const probeSlots = {
  claimProbeSlot: askSlot('claimProbeSlot'),
  recordProbeAnswer: askSlot('recordProbeAnswer'),
  releaseProbeSlot: askSlot('releaseProbeSlot'),
} as ProbeSlotStore;

const config = configFromPortable(data.config);
const services = createServices({
  config,
  logger,
  ...(data.metrics ? { metrics } : {}),
  ...(data.probeSlots ? { probeSlots } : {}),
  ...(data.clientOptions ? { clientOptions: data.clientOptions } : {}),
});

post({ type: 'ready' });

type Work = () => Promise<{ value: unknown; calls?: number; clientCalls?: number }>;

async function reply(id: number, work: Work): Promise<void> {
  try {
    const { value, calls, clientCalls } = await work();
    post({
      type: 'reply',
      id,
      ok: true,
      value,
      ...(calls !== undefined ? { calls } : {}),
      ...(clientCalls !== undefined ? { clientCalls } : {}),
    });
  } catch (error) {
    // A bug, not an API failure (those are values): its message, scrubbed as a log line is.
    post({ type: 'reply', id, ok: false, message: serializeError(error).message });
  }
}

function genesysCall(message: Extract<ToThread, { type: 'genesys' }>): Work {
  return async () => {
    const org = config.orgs.get(message.org);
    const api = org ? services.genesys(org, message.kind) : undefined;
    if (!api) throw new Error(`the check thread has no ${message.kind} client for org "${message.org}"`);
    const args = message.args;
    const counter = message.countedArg === undefined ? undefined : newCallCounter();
    if (counter && message.countedArg !== undefined)
      args[message.countedArg] = { ...(args[message.countedArg] as object), counter };
    const method = api[message.method] as (...args: unknown[]) => Promise<unknown>;
    const value = await method.apply(api, args);
    return { value, clientCalls: api.callCount, ...(counter ? { calls: counter.calls } : {}) };
  };
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'diagnoser': {
      const method = services.diagnoser[message.method] as (...args: unknown[]) => Promise<unknown>;
      void reply(message.id, async () => ({ value: await method.apply(services.diagnoser, message.args) }));
      return;
    }
    case 'genesys':
      void reply(message.id, genesysCall(message));
      return;
    case 'slot-answer': {
      const waiting = slotAnswers.get(message.id);
      slotAnswers.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.message));
      return;
    }
    case 'close':
      void services.close().finally(() => {
        post({ type: 'closed' });
        port.close();
      });
      return;
  }
});

/**
 * Checks are background work; acknowledgements are due in 3 s. Where the cores are all busy, the scheduler
 * should run the app's thread first: this thread lowers its own priority (its nice value +10). On Linux the nice
 * value is per thread, and `setPriority` given a thread's id sets that thread's. Elsewhere, or where it is
 * refused, the thread runs at the process's priority: nothing else changes.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0)
      setPriority(threadId, Math.min(MAX_NICE, getPriority(threadId) + CHECK_THREAD_NICE));
  } catch {
    // Not Linux, or not allowed: the priority stays as it is.
  }
}
