// temporary: many in-process checks against the simulator (no latency), for a CPU profile
import { orgConfigForSimulator } from '../src/demo';
import { createLogger } from '../src/log';
import { createServices } from '../src/services';
import { startSimulator } from '../src/sim';
async function main() {
  const sim = await startSimulator({ scenario: process.argv[2] ?? 'healthy', latencyMs: 0 });
  const org = orgConfigForSimulator(sim, 'acme');
  const interaction = sim.scenario.checker.interaction;
  const services = createServices({ config: { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'x' }, logger: createLogger({ level: 'silent' }), clientOptions: { ratePerMinute: 1e9 } });
  const t = performance.now();
  const n = Number(process.argv[3] ?? 200);
  for (let i = 0; i < n; i++) {
    const o = await services.diagnoser.diagnose({ org: 'acme', interaction, fresh: i % 2 === 0 });
    if (!o.ok) throw new Error(o.message);
  }
  console.log('ms/check', ((performance.now() - t) / n).toFixed(2));
  await services.close(); await sim.close();
}
void main();
