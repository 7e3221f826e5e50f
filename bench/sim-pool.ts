/**
 * Simulated Genesys Clouds in worker threads, for benchmarks of sr-check's side only. In production Genesys'
 * servers are remote: their CPU is not sr-check's. With the simulators in the checker's own thread, a bench of
 * many orgs measured the simulators' JSON serialising and HTTP serving as much as the checker (about a third of
 * the thread's CPU in the 200-org run). Each worker runs its share of the simulators on its own event loop.
 * (The workers load TypeScript through tsx, as `npm run bench` runs under tsx.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadScenario, type RunningSimulator, type StartSimulatorOptions } from '../src/sim';

const POOL_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { startSimulator } = require(workerData.simModule);
(async () => {
  const sims = [];
  for (let i = 0; i < workerData.count; i++) sims.push(await startSimulator(workerData.options));
  parentPort.postMessage(sims.map((s) => ({ apiBaseUrl: s.apiBaseUrl, loginBaseUrl: s.loginBaseUrl })));
  parentPort.on('message', async (message) => {
    if (message === 'served') {
      parentPort.postMessage(sims.map((s) => ({ requests: s.requests.length, tooMany: s.requests.filter((r) => r.status === 429).length })));
    } else if (message === 'close') {
      await Promise.all(sims.map((s) => s.close()));
      process.exit(0);
    }
  });
})();
`;

/** What each simulator has served so far. */
export interface Served {
  requests: number;
  /** 429 answers. */
  tooMany: number;
}

export interface SimulatorPool {
  /** Enough of a RunningSimulator for orgConfigForSimulator: the URLs and the scenario. */
  sims: RunningSimulator[];
  served(): Promise<Served[]>;
  close(): Promise<void>;
}

function ask<T>(worker: Worker, message?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    if (message !== undefined) worker.postMessage(message);
  });
}

/** `count` simulators of one scenario, spread over `workers` worker threads. */
export async function startSimulatorPool(
  count: number,
  options: StartSimulatorOptions & { scenario: string },
  workers: number,
): Promise<SimulatorPool> {
  const scenario = loadScenario(options.scenario);
  const simModule = join(__dirname, '..', 'src', 'sim');
  const shares = Array.from({ length: workers }, (_, i) => Math.floor(count / workers) + (i < count % workers ? 1 : 0));
  const threads = shares.map(
    (share) =>
      new Worker(POOL_WORKER, {
        eval: true,
        execArgv: ['--require', 'tsx/cjs'],
        workerData: { simModule, options, count: share },
      }),
  );
  const urls = (
    await Promise.all(threads.map((t) => ask<Array<{ apiBaseUrl: string; loginBaseUrl: string }>>(t)))
  ).flat();
  return {
    sims: urls.map((u) => ({ ...u, scenario }) as RunningSimulator),
    served: async () => (await Promise.all(threads.map((t) => ask<Served[]>(t, 'served')))).flat(),
    close: async () => {
      await Promise.all(
        threads.map((t) => {
          const exited = new Promise((resolve) => t.once('exit', resolve));
          t.postMessage('close');
          return exited;
        }),
      );
    },
  };
}

/**
 * CPU time this thread has run, in ms (Linux: /proc/thread-self/schedstat, nanoseconds); undefined elsewhere.
 * process.cpuUsage() would count the simulators' worker threads too.
 */
export function threadCpuMs(): number | undefined {
  try {
    // A synchronous read runs on this thread, so thread-self is this thread.
    const text = readFileSync('/proc/thread-self/schedstat', 'utf8');
    return Number(text.split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}
