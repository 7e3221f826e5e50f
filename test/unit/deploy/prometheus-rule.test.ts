/** The example alerts in docs/deploy.md: a PrometheusRule whose expressions name only metrics sr-check exports. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Metrics } from '../../../src/metrics';

const deploy = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');
const ruleBlock = [...deploy.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
  .map((m) => m[1]!)
  .find((text) => text.includes('kind: PrometheusRule'));

describe('docs/deploy.md example alerts', () => {
  it('alert on check failures by org, approval latency and Genesys 429s, with metrics a scrape has', async () => {
    expect(ruleBlock).toBeDefined();
    const rule = parse(ruleBlock!) as {
      kind: string;
      spec: { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    };
    expect(rule.kind).toBe('PrometheusRule');
    const rules = rule.spec.groups.flatMap((g) => g.rules);
    const exprs = rules.map((r) => r.expr).join('\n');
    expect(exprs).toMatch(/sum by \(org\) \(increase\(sr_check_checks_total\{verdict="fail"\}/);
    expect(exprs).toContain('sr_check_approval_wait_seconds_bucket');
    expect(exprs).toContain('sr_check_genesys_rate_limited_total');

    const metrics = new Metrics({ defaultMetrics: false });
    const exported = (await metrics.scrape())
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]!);
    const named = [...exprs.matchAll(/sr_check_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''));
    expect(named.filter((name) => !exported.includes(name))).toEqual([]);
  });
});
