/**
 * The simulated Genesys Cloud in its own worker thread, as the real one runs elsewhere: the app's thread then
 * carries only sr-check's own work, not the simulator's parsing, judging and answering of every request.
 * (The worker loads TypeScript through tsx, as `npm run bench` runs under tsx.)
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadScenario, type RunningSimulator, type StartSimulatorOptions } from '../src/sim';

const SIM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { startSimulator } = require(workerData.simModule);
startSimulator(workerData.options).then((sim) => {
  parentPort.postMessage({ apiBaseUrl: sim.apiBaseUrl, loginBaseUrl: sim.loginBaseUrl });
  parentPort.once('message', () => sim.close().then(() => process.exit(0)));
});
`;

/**
 * A simulator started in a worker. `sim` has the URLs and the scenario (what orgConfigForSimulator and the
 * request need), not the served-request log, which stays in the worker.
 */
export async function simulatorInWorker(
  options: StartSimulatorOptions & { scenario: string },
): Promise<{ sim: RunningSimulator; close: () => Promise<void> }> {
  const worker = new Worker(SIM_WORKER, {
    eval: true,
    execArgv: ['--require', 'tsx/cjs'],
    workerData: { simModule: join(__dirname, '..', 'src', 'sim'), options },
  });
  const urls = await new Promise<{ apiBaseUrl: string; loginBaseUrl: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const sim = { ...urls, scenario: loadScenario(options.scenario) } as RunningSimulator;
  const close = async () => {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  };
  return { sim, close };
}
