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
    h = await startSlackHarness({ orgs: [acme.org], metrics: new Metrics({ defaultMetrics: false, orgs: ['acme'] }) });
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
    // Every metric is sr_check_…; checks and Genesys calls carry the configured org.
    expect(text).toMatch(/sr_check_checks_total\{verdict="fail",org="acme"\} 1/);
    expect(text).toMatch(
      /sr_check_genesys_requests_total\{endpoint="GET \/api\/v2\/oauth\/clients\/\{clientId\}",status_class="2xx",org="acme"\} 1/,
    );
    for (const name of text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]!))
      expect(name).toMatch(/^sr_check_/);
    expect(text).toMatch(/sr_check_check_duration_seconds_count\{verdict="fail"\} 1/);
    for (const id of [sim.scenario.checker.target.client!, sim.scenario.checker.interaction!])
      expect(text).not.toContain(id);
  });
});
