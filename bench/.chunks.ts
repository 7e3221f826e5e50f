import { orgConfigForSimulator } from '../src/demo';
import { createLogger } from '../src/log';
import { createServices } from '../src/services';
import { startSimulator } from '../src/sim';
import { runChecks } from '../src/diagnosis/checks';
import { catalogPermissions } from '../src/diagnosis/role-evaluation';
import { renderVerdictMessage } from '../src/slack/blocks/verdict';
async function main() {
  const sim = await startSimulator({ scenario: process.argv[2] ?? 'cc-no-role', latencyMs: 0 });
  const org = orgConfigForSimulator(sim, 'acme');
  const services = createServices({ config: { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'x' }, logger: createLogger({ level: 'silent' }), clientOptions: { ratePerMinute: 1e9 } });
  const o = await services.diagnoser.diagnose({ org: 'acme', interaction: sim.scenario.checker.interaction, fresh: false });
  if (!o.ok) throw new Error(o.message);
  const all = catalogPermissions(services.catalog.all());
  const time = (label: string, f: () => unknown) => { for (let i = 0; i < 20; i++) f(); const ts: number[] = []; for (let i = 0; i < 50; i++) { const t = performance.now(); f(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(label.padEnd(20), 'median', ts[25]!.toFixed(2), 'max', ts[49]!.toFixed(2)); };
  time('runChecks', () => runChecks(o.facts, { allPermissions: all }));
  time('renderVerdictMessage', () => (renderVerdictMessage as any)(o.verdict, { requestKey: 'k', fixButtons: true, request: { org: 'acme' } }));
  for (let i = 0; i < 15; i++) { const t = performance.now(); await services.diagnoser.diagnose({ org: 'acme', interaction: sim.scenario.checker.interaction, fresh: false }); console.log('diagnose warm', (performance.now() - t).toFixed(1)); }
  await services.close(); await sim.close();
}
void main();
