/** /metrics end to end: a slash command and a pasted error show up in the Prometheus text, with bounded labels. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics';
import type { RunningSimulator } from '../../src/sim';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { simulatedOrg } from './helpers';

describe('/metrics', () => {
  let h: SlackHarness;
  let sim: RunningSimulator;
  beforeAll(async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sim = acme.sim;
    h = await startSlackHarness({ orgs: [acme.org], metrics: new Metrics({ defaultMetrics: false }) });
  });
  afterAll(async () => {
    await h.close();
    await sim.close();
  });

  it('counts checks by verdict and Genesys calls by endpoint template, never by concrete id', async () => {
    await h.command('org=acme', { channel: 'CACME' });
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME', {
      description: 'the verdict',
    });
    const scrape = await fetch(`${h.probesUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await scrape.text();
    expect(text).toMatch(/checks_total\{verdict="fail"\} 1/);
    expect(text).toMatch(
      /genesys_requests_total\{[^}]*endpoint="GET \/api\/v2\/oauth\/clients\/\{clientId\}"[^}]*\} 1/,
    );
    expect(text).toMatch(/check_duration_seconds_count\{verdict="fail"\} 1/);
    for (const id of [sim.scenario.checker.target.client!, sim.scenario.checker.interaction!])
      expect(text).not.toContain(id);
  });
});
