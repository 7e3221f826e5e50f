/** `apiCalls` in a verdict counts that verdict's requests only, even when many checks share a client at once. */
import { afterAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { createLogger } from '../../src/log';
import { createServices } from '../../src/services';
import { startSimulator, type RunningSimulator } from '../../src/sim';

let sim: RunningSimulator | undefined;
afterAll(async () => sim?.close());

describe('apiCalls per verdict', () => {
  it("is 9 cold (the org's assignable permissions are read with the first round) and 4 warm, also with 12 checks of one org running at once", async () => {
    sim = await startSimulator({ scenario: 'healthy', latencyMs: 5 });
    const org = orgConfigForSimulator(sim, 'acme');
    const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
    const services = createServices({ config, logger: createLogger({ level: 'warn' }) });
    const request = { org: 'acme', interaction: sim.scenario.checker.interaction, fresh: false };
    try {
      const cold = await services.diagnoser.diagnose(request);
      expect(cold.ok && cold.verdict.apiCalls).toBe(9);
      const before = sim.requests.length;
      const warm = await Promise.all(Array.from({ length: 12 }, () => services.diagnoser.diagnose(request)));
      const counts = warm.map((o) => (o.ok ? o.verdict.apiCalls : -1));
      expect(counts).toEqual(Array(12).fill(4));
      // The parts add up to what the simulator actually served.
      expect(counts.reduce((a, b) => a + b, 0)).toBe(sim.requests.length - before);
    } finally {
      await services.close();
    }
  });
});
