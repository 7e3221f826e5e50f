/**
 * Many-orgs benchmark (issues 16 and 26): one `org=*` run over 200 orgs, each its own simulated Genesys Cloud
 * with the per-token rate limit on (300 requests a minute, as Genesys documents) and an injected round-trip
 * time R. The simulators run in worker threads (bench/sim-pool.ts): Genesys' servers are remote in production,
 * and their CPU is not sr-check's. One row runs them in the checker's thread, as this bench did before, for
 * comparison in the same run.
 *
 * The ideal: with every Genesys call taking R and no CPU, one cold org takes `rounds` × R (rounds: the
 * sequential round trips of a cold verdict, measured below), and `concurrency` orgs run at once in waves, so
 * ideal = ceil(orgs / concurrency) × rounds × R. Goal (issue 26): wall ≤ 1.3 × ideal at concurrency 32.
 */
import { availableParallelism } from 'node:os';
import { buildMatrix } from '../src/compare/matrix';
import { runManyOrgs } from '../src/compare/many-orgs';
import type { AppConfig, OrgConfig } from '../src/config/types';
import { orgConfigForSimulator } from '../src/demo';
import { createLogger } from '../src/log';
import { createServices } from '../src/services';
import { renderMatrixMessage } from '../src/slack/blocks/matrix';
import { startSimulator, type RunningSimulator } from '../src/sim';
import type { BenchResult } from './result';
import { startSimulatorPool, threadCpuMs, type Served, type SimulatorPool } from './sim-pool';

const logger = createLogger({ level: 'silent' });
const LATENCY_MS = 25;
const ORGS = 200;
const LIMIT = { requests: 300, windowSeconds: 60 };
const GOAL = { concurrency: 32, ratio: 1.3 };
/** Long enough that a cold verdict's CPU (tens of ms, more under load) cannot add a round of its own. */
const PROBE_LATENCY_MS = 500;
const SIM_WORKERS = 2;
const CORES = availableParallelism();

function configFor(orgs: OrgConfig[]): AppConfig {
  return { orgs: new Map(orgs.map((o) => [o.name, o])), allowedChannels: [], source: 'bench' };
}

interface Where {
  label: string;
  sims: RunningSimulator[];
  served(): Promise<Served[]>;
}

async function oneRun(
  where: Where,
  concurrency: number,
  baseMs: number,
  rounds: number,
): Promise<BenchResult['rows'][number]> {
  const orgs = where.sims.map((sim, i) => orgConfigForSimulator(sim, `org-${i}`));
  const services = createServices({
    config: configFor(orgs),
    logger,
    clientOptions: { ratePerMinute: LIMIT.requests, rateWindowMs: LIMIT.windowSeconds * 1000 },
  });
  const before = await where.served();
  const cpuBefore = threadCpuMs();
  const processCpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await runManyOrgs(
    {
      diagnose: services.diagnoser.diagnose.bind(services.diagnoser),
      orgNames: () => orgs.map((o) => o.name),
      canSee: () => true,
      concurrency,
    },
    { orgs: '*', request: { interaction: where.sims[0]!.scenario.checker.interaction, fresh: false } },
  );
  const wallMs = performance.now() - started;
  const cpuAfter = threadCpuMs();
  const processCpu = process.cpuUsage(processCpuBefore);
  const processCpuMs = (processCpu.user + processCpu.system) / 1000;
  const message = renderMatrixMessage(buildMatrix(result));
  await services.close();
  const after = await where.served();
  const requests = after.reduce((n, s, i) => n + s.requests - before[i]!.requests, 0);
  const tooMany = after.reduce((n, s, i) => n + s.tooMany - before[i]!.tooMany, 0);
  const unknown = result.runs.filter((r) => r.kind === 'verdict' && r.verdict.overall === 'unknown').length;
  const idealMs = Math.ceil(ORGS / concurrency) * rounds * LATENCY_MS;
  const ratio = wallMs / idealMs;
  const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return {
    measure: `${ORGS} orgs, org=*, concurrency ${concurrency}, ${where.label}`,
    'wall time / R': +(wallMs / LATENCY_MS).toFixed(1),
    'ideal / R': +(idealMs / LATENCY_MS).toFixed(1),
    'wall / ideal': +ratio.toFixed(2),
    goal: concurrency === GOAL.concurrency ? `≤ ${GOAL.ratio}×: ${ratio <= GOAL.ratio ? 'met' : 'missed'}` : '(none)',
    'checker thread CPU / R': cpuMs === undefined ? 'n/a' : +(cpuMs / LATENCY_MS).toFixed(1),
    'all threads CPU / R': +(processCpuMs / LATENCY_MS).toFixed(1),
    'CPU floor / ideal': +(processCpuMs / CORES / idealMs).toFixed(2),
    'wall / cold verdict': +(wallMs / baseMs).toFixed(1),
    'requests / org': +(requests / ORGS).toFixed(2),
    '429 answered': tooMany,
    'verdicts pass': result.summary.pass,
    'verdicts unknown': unknown,
    'verdicts other': result.runs.length - result.summary.pass - unknown,
    'Slack blocks (page 1)': `${message.blocks.length} of 50, ${message.pageCount} page(s)`,
  };
}

/** `times` cold single-org verdicts (new clients, no token) against one simulator in a worker, with R = latencyMs. */
async function coldVerdictsMs(latencyMs: number, times: number): Promise<number[]> {
  const pool = await startSimulatorPool(1, { scenario: 'healthy', latencyMs, rateLimit: LIMIT }, 1);
  const sim = pool.sims[0]!;
  const durations: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const services = createServices({ config: configFor([orgConfigForSimulator(sim, 'base')]), logger });
      const outcome = await services.diagnoser.diagnose({
        org: 'base',
        interaction: sim.scenario.checker.interaction,
        fresh: false,
      });
      await services.close();
      if (!outcome.ok) throw new Error(outcome.message);
      durations.push(outcome.verdict.durationMs);
    }
  } finally {
    await pool.close();
  }
  return durations.sort((a, b) => a - b);
}

async function inThread(): Promise<Where & { close(): Promise<void> }> {
  const sims: RunningSimulator[] = [];
  for (let i = 0; i < ORGS; i++)
    sims.push(await startSimulator({ scenario: 'healthy', latencyMs: LATENCY_MS, rateLimit: LIMIT }));
  return {
    label: 'simulators in the checker thread (as before)',
    sims,
    served: async () =>
      sims.map((s) => ({ requests: s.requests.length, tooMany: s.requests.filter((r) => r.status === 429).length })),
    close: async () => void (await Promise.all(sims.map((s) => s.close()))),
  };
}

export async function run(): Promise<BenchResult> {
  // Rounds of a cold verdict: with R long against its CPU, the verdict takes rounds × R plus a little.
  const probe = await coldVerdictsMs(PROBE_LATENCY_MS, 1);
  const rounds = Math.max(1, Math.floor(probe[0]! / PROBE_LATENCY_MS));
  const baseMs = (await coldVerdictsMs(LATENCY_MS, 5))[2]!;
  const rows = [];
  let pool: SimulatorPool | undefined;
  try {
    pool = await startSimulatorPool(
      ORGS,
      { scenario: 'healthy', latencyMs: LATENCY_MS, rateLimit: LIMIT },
      SIM_WORKERS,
    );
    const where = { label: `simulators in ${SIM_WORKERS} worker threads`, sims: pool.sims, served: pool.served };
    for (const concurrency of [8, 32]) rows.push(await oneRun(where, concurrency, baseMs, rounds));
  } finally {
    await pool?.close();
  }
  const old = await inThread();
  try {
    rows.push(await oneRun(old, GOAL.concurrency, baseMs, rounds));
  } finally {
    await old.close();
  }
  return {
    name: 'many-orgs',
    rows,
    notes: [
      `R = ${LATENCY_MS} ms per Genesys request. Each org: its own simulator, its own Genesys client and token, per-token limit 300 requests/min; every run starts cold (new clients, no token).`,
      `ideal = ceil(orgs / concurrency) × rounds × R, rounds = ${rounds} (one cold verdict at R = ${PROBE_LATENCY_MS} ms took ${(probe[0]! / PROBE_LATENCY_MS).toFixed(2)} R). Goal (issue 26): wall ≤ ${GOAL.ratio} × ideal at concurrency ${GOAL.concurrency}.`,
      `cold verdict (the diagnosis benchmark's baseline, median of 5, simulator in a worker): ${(baseMs / LATENCY_MS).toFixed(2)} R.`,
      'checker thread CPU: the CPU time of the thread running sr-check during the run (Linux schedstat); with the simulators in that thread it includes theirs.',
      `all threads CPU: the whole process during the run (process.cpuUsage): the checker, the simulators' workers and V8's helper threads. CPU floor = that / ${CORES} cores: the wall no scheduling could beat on this machine, every thread packed perfectly. A floor above the goal's ratio means the goal cannot be met here by scheduling alone; the CPU itself, sr-check's or the simulators', must shrink.`,
    ],
  };
}
