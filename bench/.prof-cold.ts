import { orgConfigForSimulator } from '../src/demo';
import { createLogger } from '../src/log';
import { createServices } from '../src/services';
import { startSimulator } from '../src/sim';
async function main() {
  const R = 25;
  const sim = await startSimulator({ scenario: 'healthy', latencyMs: R });
  const org = orgConfigForSimulator(sim, 'acme');
  const interaction = sim.scenario.checker.interaction;
  const cold: number[] = []; const warm: number[] = [];
  for (let round = 0; round < Number(process.argv[2] ?? 30); round++) {
    const services = createServices({ config: { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'x' }, logger: createLogger({ level: 'silent' }) });
    for (const b of [cold, warm]) { const o = await services.diagnoser.diagnose({ org: 'acme', interaction, fresh: false }); if (!o.ok) throw new Error(); b.push(o.verdict.durationMs / R); }
    await services.close();
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log('cold R', med(cold), 'warm R', med(warm));
  await sim.close();
}
void main();
