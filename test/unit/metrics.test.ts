import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ENDPOINTS, Metrics, endpointLabel, metricsHandler, metricsRoute, statusClass } from '../../src/metrics';

/** The value of one sample line, e.g. `sr_check_checks_total{verdict="fail"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Metrics', () => {
  it('counts checks by verdict and observes their duration', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.recordCheck('fail', 0.3);
    metrics.recordCheck('fail', 1.5);
    metrics.recordCheck('pass', 0.04);
    const text = await metrics.scrape();
    expect(sample(text, 'sr_check_checks_total{verdict="fail"}')).toBe(2);
    expect(sample(text, 'sr_check_checks_total{verdict="pass"}')).toBe(1);
    expect(sample(text, 'sr_check_check_duration_seconds_count{verdict="fail"}')).toBe(2);
    expect(sample(text, 'sr_check_check_duration_seconds_sum{verdict="fail"}')).toBeCloseTo(1.8);
    expect(sample(text, 'sr_check_check_duration_seconds_bucket{le="0.5",verdict="fail"}')).toBe(1);
    expect(sample(text, 'sr_check_check_duration_seconds_bucket{le="2",verdict="fail"}')).toBe(2);
    expect(sample(text, 'sr_check_check_duration_seconds_bucket{le="0.05",verdict="pass"}')).toBe(1);
  });

  it('counts Genesys calls by template and status class, and 429s separately', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const template = '/api/v2/conversations/{conversationId}/recordings';
    metrics.recordGenesysCall('GET', template, 200);
    metrics.recordGenesysCall('get', template, 204);
    metrics.recordGenesysCall('GET', template, 429);
    metrics.recordGenesysCall('GET', template, 'error');
    metrics.recordGenesysCall('PUT', '/api/v2/oauth/clients/{clientId}', 503);
    metrics.recordGenesysRetry('rate-limited');
    metrics.recordGenesysRetry('server-error');
    metrics.recordGenesysRetry('server-error');
    const text = await metrics.scrape();
    const endpoint = `GET ${template}`;
    expect(sample(text, `sr_check_genesys_requests_total{endpoint="${endpoint}",status_class="2xx"}`)).toBe(2);
    expect(sample(text, `sr_check_genesys_requests_total{endpoint="${endpoint}",status_class="4xx"}`)).toBe(1);
    expect(sample(text, `sr_check_genesys_requests_total{endpoint="${endpoint}",status_class="error"}`)).toBe(1);
    expect(
      sample(
        text,
        'sr_check_genesys_requests_total{endpoint="PUT /api/v2/oauth/clients/{clientId}",status_class="5xx"}',
      ),
    ).toBe(1);
    expect(sample(text, 'sr_check_genesys_rate_limited_total')).toBe(1);
    expect(sample(text, 'sr_check_genesys_retries_total{reason="rate-limited"}')).toBe(1);
    expect(sample(text, 'sr_check_genesys_retries_total{reason="server-error"}')).toBe(2);
  });

  it('never puts a concrete path or an id into a label', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.recordGenesysCall('GET', '/api/v2/conversations/3f1c0a52-8d2e-4c1b-9a57-0e5d3b7c9f21/recordings', 200);
    metrics.recordGenesysCall('GET', '/api/v2/tokens/12345', 200);
    metrics.recordGenesysCall('BREW', '/api/v2/tokens/me', 200);
    const text = await metrics.scrape();
    expect(text).not.toContain('3f1c0a52');
    expect(text).not.toContain('12345');
    expect(sample(text, 'sr_check_genesys_requests_total{endpoint="other",status_class="2xx"}')).toBe(3);
  });

  it('keeps other labels to fixed lists', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.recordCheck('U0ALICE0001 broke it', 1);
    metrics.recordApproval('approved');
    metrics.recordApproval('approved');
    metrics.recordApproval('whatever');
    metrics.recordPasteDetection('genesys-403');
    metrics.recordPasteDetection('none');
    metrics.recordGenesysRetry('because');
    const text = await metrics.scrape();
    expect(text).not.toContain('U0ALICE0001');
    expect(sample(text, 'sr_check_checks_total{verdict="other"}')).toBe(1);
    expect(sample(text, 'sr_check_approvals_total{state="approved"}')).toBe(2);
    expect(sample(text, 'sr_check_approvals_total{state="other"}')).toBe(1);
    expect(sample(text, 'sr_check_paste_detections_total{result="genesys-403"}')).toBe(1);
    expect(sample(text, 'sr_check_paste_detections_total{result="none"}')).toBe(1);
    expect(sample(text, 'sr_check_genesys_retries_total{reason="other"}')).toBe(1);
  });

  it('caps the number of distinct endpoints', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const words = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => String.fromCharCode(113 + Number(d)));
    for (let i = 0; i < MAX_ENDPOINTS + 20; i++) metrics.recordGenesysCall('GET', `/api/v2/x${words(i)}`, 200);
    const text = await metrics.scrape();
    const series = text.split('\n').filter((l) => l.startsWith('sr_check_genesys_requests_total{'));
    expect(series).toHaveLength(MAX_ENDPOINTS + 1);
    expect(sample(text, 'sr_check_genesys_requests_total{endpoint="other",status_class="2xx"}')).toBe(20);
  });

  it("observes propagation times by outcome on the schedule's buckets, and ignores nonsense", async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.recordPropagation('passed', 0);
    metrics.recordPropagation('passed', 120);
    metrics.recordPropagation('gave-up', 600);
    metrics.recordPropagation('sideways', 30);
    metrics.recordPropagation('passed', -1);
    metrics.recordPropagation('passed', Number.NaN);
    const text = await metrics.scrape();
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="passed"}')).toBe(2);
    expect(sample(text, 'sr_check_propagation_seconds_sum{outcome="passed"}')).toBe(120);
    expect(sample(text, 'sr_check_propagation_seconds_bucket{le="0",outcome="passed"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_bucket{le="60",outcome="passed"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_bucket{le="120",outcome="passed"}')).toBe(2);
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="gave-up"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="other"}')).toBe(1);
  });

  it('has its own registry, so two instances do not collide', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.recordCheck('pass', 0.1);
    expect(sample(await a.scrape(), 'sr_check_checks_total{verdict="pass"}')).toBe(1);
    expect(sample(await b.scrape(), 'sr_check_checks_total{verdict="pass"}')).toBeUndefined();
    // Default process metrics are there unless turned off.
    expect(await a.scrape()).toContain('process_resident_memory_bytes');
    expect(await new Metrics({ defaultMetrics: false }).scrape()).not.toContain('process_resident_memory_bytes');
  });

  it('labels helpers', () => {
    expect(statusClass(404)).toBe('4xx');
    expect(statusClass('error')).toBe('error');
    expect(statusClass(99)).toBe('other');
    expect(
      endpointLabel('delete', '/api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}'),
    ).toBe('DELETE /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}');
    expect(endpointLabel('GET', '/api/v2/authorization/roles?pageSize=100&pageNumber=2')).toBe(
      'GET /api/v2/authorization/roles',
    );
    expect(endpointLabel('GET', 'api/v2/tokens/me')).toBe('other');
  });
});

describe('metricsHandler', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('serves the Prometheus text format over HTTP', async () => {
    const metrics = new Metrics();
    metrics.recordCheck('unknown', 2);
    const route = metricsRoute(metrics);
    expect(route.path).toBe('/metrics');
    server = createServer(metricsHandler(metrics));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/metrics`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      }).on('error', reject);
    });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.body).toContain('# TYPE sr_check_checks_total counter');
    expect(answer.body).toContain('# TYPE sr_check_check_duration_seconds histogram');
    expect(sample(answer.body, 'sr_check_checks_total{verdict="unknown"}')).toBe(1);
    expect(answer.body).toContain('sr_check_nodejs_eventloop_lag_seconds');
  });
});

describe('the org label', () => {
  it('takes the configured orgs only (anything else is other), on checks and Genesys calls', async () => {
    const metrics = new Metrics({ defaultMetrics: false, orgs: ['acme', 'globex'] });
    metrics.recordCheck('fail', 0.1, 'acme');
    metrics.recordCheck('pass', 0.1, 'not-configured');
    metrics.recordGenesysCall('GET', '/api/v2/tokens/me', 200, 'globex');
    metrics.recordGenesysCall('GET', '/api/v2/tokens/me', 200, 'someone-elses');
    const text = await metrics.scrape();
    expect(sample(text, 'sr_check_checks_total{verdict="fail",org="acme"}')).toBe(1);
    expect(sample(text, 'sr_check_checks_total{verdict="pass",org="other"}')).toBe(1);
    expect(
      sample(text, 'sr_check_genesys_requests_total{endpoint="GET /api/v2/tokens/me",status_class="2xx",org="globex"}'),
    ).toBe(1);
    expect(
      sample(text, 'sr_check_genesys_requests_total{endpoint="GET /api/v2/tokens/me",status_class="2xx",org="other"}'),
    ).toBe(1);
    expect(text).not.toContain('not-configured');
    expect(text).not.toContain('someone-elses');
  });

  it('every metric, the process ones too, is named sr_check_…', async () => {
    const text = await new Metrics().scrape();
    const names = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]!);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !n.startsWith('sr_check_'))).toEqual([]);
  });

  it('observes how long approval requests wait for their decision', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.recordApproval('requested', 0);
    metrics.recordApproval('approved', 120);
    metrics.recordApproval('expired', 86_000);
    metrics.recordApproval('applied', 130);
    const text = await metrics.scrape();
    expect(sample(text, 'sr_check_approval_wait_seconds_count{outcome="approved"}')).toBe(1);
    expect(sample(text, 'sr_check_approval_wait_seconds_bucket{le="300",outcome="approved"}')).toBe(1);
    expect(sample(text, 'sr_check_approval_wait_seconds_count{outcome="expired"}')).toBe(1);
    expect(text).not.toContain('outcome="applied"');
    expect(text).not.toContain('outcome="requested"');
  });
});
