/**
 * Many-orgs benchmark (issue 16): one `org=*` run over 200 orgs, each its own simulated Genesys Cloud with the
 * per-token rate limit on (300 requests a minute, as Genesys documents) and an injected round-trip time R.
 * Reports the wall time as multiples of R and of one cold single-org verdict measured in the same run (the
 * diagnosis benchmark's baseline), Genesys requests per org, 429s answered and verdicts that became `unknown`.
 */
import { buildMatrix } from '../src/compare/matrix';
import { runManyOrgs } from '../src/compare/many-orgs';
import type { AppConfig, OrgConfig } from '../src/config/types';
import { orgConfigForSimulator } from '../src/demo';
import { createLogger } from '../src/log';
import { createServices } from '../src/services';
import { renderMatrixMessage } from '../src/slack/blocks/matrix';
import { startSimulator, type RunningSimulator } from '../src/sim';
import type { BenchResult } from './result';

const logger = createLogger({ level: 'silent' });
const LATENCY_MS = 25;
const ORGS = 200;
const LIMIT = { requests: 300, windowSeconds: 60 };

function configFor(orgs: OrgConfig[]): AppConfig {
  return { orgs: new Map(orgs.map((o) => [o.name, o])), allowedChannels: [], source: 'bench' };
}

async function oneRun(
  sims: RunningSimulator[],
  concurrency: number,
  baseMs: number,
): Promise<BenchResult['rows'][number]> {
  const orgs = sims.map((sim, i) => orgConfigForSimulator(sim, `org-${i}`));
  const services = createServices({
    config: configFor(orgs),
    logger,
    clientOptions: { ratePerMinute: LIMIT.requests, rateWindowMs: LIMIT.windowSeconds * 1000 },
  });
  const before = sims.map((s) => s.requests.length);
  const started = performance.now();
  const result = await runManyOrgs(
    {
      diagnose: services.diagnoser.diagnose.bind(services.diagnoser),
      orgNames: () => orgs.map((o) => o.name),
      canSee: () => true,
      concurrency,
    },
    { orgs: '*', request: { interaction: sims[0]!.scenario.checker.interaction, fresh: false } },
  );
  const wallMs = performance.now() - started;
  const message = renderMatrixMessage(buildMatrix(result));
  await services.close();
  const served = sims.flatMap((s, i) => s.requests.slice(before[i]));
  const unknown = result.runs.filter((r) => r.kind === 'verdict' && r.verdict.overall === 'unknown').length;
  return {
    measure: `${ORGS} orgs, org=*, concurrency ${concurrency}`,
    'R (ms)': LATENCY_MS,
    'wall time / R': +(wallMs / LATENCY_MS).toFixed(1),
    'cold verdict / R (median of 5)': +(baseMs / LATENCY_MS).toFixed(2),
    'wall / cold verdict': +(wallMs / baseMs).toFixed(1),
    'requests / org': +(served.length / ORGS).toFixed(2),
    '429 answered': served.filter((r) => r.status === 429).length,
    'verdicts pass': result.summary.pass,
    'verdicts unknown': unknown,
    'verdicts other': result.runs.length - result.summary.pass - unknown,
    'Slack blocks (page 1)': `${message.blocks.length} of 50, ${message.pageCount} page(s)`,
  };
}

/** The baseline, same run: the median of 5 cold single-org verdicts (new clients, no token), R injected. */
async function coldVerdictMs(): Promise<number> {
  const sim = await startSimulator({ scenario: 'healthy', latencyMs: LATENCY_MS, rateLimit: LIMIT });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const services = createServices({ config: configFor([orgConfigForSimulator(sim, 'base')]), logger });
      const outcome = await services.diagnoser.diagnose({
        org: 'base',
        interaction: sim.scenario.checker.interaction,
        fresh: false,
      });
      await services.close();
      if (!outcome.ok) throw new Error(outcome.message);
      times.push(outcome.verdict.durationMs);
    }
  } finally {
    await sim.close();
  }
  return times.sort((a, b) => a - b)[2]!;
}

export async function run(): Promise<BenchResult> {
  const baseMs = await coldVerdictMs();
  const sims: RunningSimulator[] = [];
  for (let i = 0; i < ORGS; i++)
    sims.push(await startSimulator({ scenario: 'healthy', latencyMs: LATENCY_MS, rateLimit: LIMIT }));
  try {
    const rows = [];
    for (const concurrency of [8, 32]) rows.push(await oneRun(sims, concurrency, baseMs));
    return {
      name: 'many-orgs',
      rows,
      notes: [
        'Each org: its own simulator, its own Genesys client and token, per-token limit 300 requests/min; every run starts cold (new clients, no token).',
        'wall / cold verdict: the whole org=* run divided by the median cold single-org verdict measured in the same run (the baseline of the diagnosis benchmark) (ideal: orgs / concurrency).',
      ],
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}
