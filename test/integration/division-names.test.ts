/** GET /api/v2/authorization/divisions/{divisionId}: the client reads each division's name from the simulator. */
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import { createGenesysClient } from '../../src/genesys/client';
import { createLogger } from '../../src/log';
import { startSimulator, type RunningSimulator } from '../../src/sim';

const sims: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

describe('getDivision against the simulator', () => {
  it('names every division of the org (not only home), and answers not found for an unknown id', async () => {
    const sim = await startSimulator({ scenario: 'cc-no-role' });
    sims.push(sim);
    const checker = sim.scenario.checker;
    const client = createGenesysClient({
      apiBaseUrl: sim.apiBaseUrl,
      loginBaseUrl: sim.loginBaseUrl,
      credentials: {
        clientId: checker.diagnosticClientId,
        clientSecret: new Secret(sim.scenario.oauthClients.find((c) => c.id === checker.diagnosticClientId)!.secret),
      },
      logger: createLogger({ level: 'warn' }),
      label: 'divisions',
    });
    try {
      const divisions = sim.scenario.divisions;
      expect(divisions.length).toBeGreaterThan(0);
      for (const division of divisions) {
        const read = await client.getDivision(division.id);
        expect(read.ok && read.value.name, division.id).toBe(division.name);
      }
      const unknown = await client.getDivision('00000000-0000-4000-8000-000000000000');
      expect(unknown).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
      const home = await client.getHomeDivision();
      expect(home.ok).toBe(true);
    } finally {
      await client.close();
    }
  });
});
