import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MAX_ORG_LABELS, OrgMetrics } from '../../src/org-metrics';

describe('OrgMetrics', () => {
  it('counts checks by org and status, schedule runs and skips, and the age of the last status change', async () => {
    const registry = new Registry();
    let now = 100_000;
    const metrics = new OrgMetrics(registry, () => now);
    metrics.recordOrgCheck('acme', 'fail');
    metrics.recordOrgCheck('acme', 'bogus');
    metrics.recordScheduleRun('pass');
    metrics.recordScheduleSkip('missed', 2);
    metrics.recordScheduleSkip('missed', 0);
    metrics.recordStatusSince('acme', 40_000);
    now = 160_000;
    const text = await registry.metrics();
    expect(text).toContain('sr_check_org_checks_total{org="acme",status="fail"} 1');
    expect(text).toContain('sr_check_org_checks_total{org="acme",status="other"} 1');
    expect(text).toContain('sr_check_schedule_runs_total{result="pass"} 1');
    expect(text).toContain('sr_check_schedule_skips_total{reason="missed"} 2');
    expect(text).toContain('sr_check_org_status_change_age_seconds{org="acme"} 120');
  });

  it('caps the org label', async () => {
    const registry = new Registry();
    const metrics = new OrgMetrics(registry);
    for (let i = 0; i <= MAX_ORG_LABELS; i++) metrics.recordOrgCheck(`org-${i}`, 'pass');
    expect(await registry.metrics()).toContain('sr_check_org_checks_total{org="other",status="pass"} 1');
  });
});
