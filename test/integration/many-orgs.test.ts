/**
 * Many orgs against the simulator: a matrix of mixed orgs (pass, fail, unknown, not available here), what differs
 * between a working org and one that lacks a single role grant, and `compare=` for two identities in one org.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMatrix, manyOrgsJson } from '../../src/compare/matrix';
import { compareIdentities, OrgSelectionSchema, runManyOrgs } from '../../src/compare/many-orgs';
import { createLogger } from '../../src/log';
import { renderMatrixText } from '../../src/render/matrix-text';
import { OrgMetrics } from '../../src/org-metrics';
import { createServices, type Services } from '../../src/services';
import { renderMatrixMessage } from '../../src/slack/blocks/matrix';
import { configOf, healthyMinusViewerGrant, startOrgs, TARGET_CLIENT, type SimOrg } from '../support/many-orgs';

const FIXER_CLIENT = '9dd6054f-efab-4657-9a7f-b5471c523740';

describe('many orgs against the simulator', () => {
  let orgs: SimOrg[];
  let services: Services;
  const hidden = new Set(['hidden']);

  beforeAll(async () => {
    orgs = await startOrgs([
      { name: 'acme', scenario: 'healthy' },
      { name: 'globex', scenario: healthyMinusViewerGrant() },
      { name: 'initech', scenario: 'code-app-without-user' },
      { name: 'hidden', scenario: 'healthy' },
    ]);
    services = createServices({ config: configOf(orgs.map((o) => o.org)), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await services?.close();
    await Promise.all((orgs ?? []).map((o) => o.sim.close()));
  });

  const deps = () => ({
    diagnose: services.diagnoser.diagnose.bind(services.diagnoser),
    orgNames: () => [...services.config.orgs.keys()],
    canSee: (org: string) => !hidden.has(org),
    concurrency: 2,
  });
  const interaction = () => orgs[0]!.sim.scenario.checker.interaction;

  it('builds a matrix of mixed orgs: pass, fail, unknown, and names not available here without running them', async () => {
    const selection = OrgSelectionSchema.parse('acme,globex,initech,hidden,nosuch');
    const registry = new Registry();
    const result = await runManyOrgs(
      { ...deps(), metrics: new OrgMetrics(registry) },
      { orgs: selection, request: { interaction: interaction(), fresh: false } },
    );
    const matrix = buildMatrix(result);
    const scrape = await registry.metrics();
    expect(scrape).toContain('sr_check_org_checks_total{org="globex",status="fail"} 1');
    expect(scrape).not.toContain('hidden');

    expect(matrix.rows.map((r) => [r.org, r.overall])).toEqual([
      ['globex', 'fail'],
      ['initech', 'unknown'],
      ['acme', 'pass'],
      ['hidden', 'not-available'],
      ['nosuch', 'not-available'],
    ]);
    // A hidden org is answered exactly like one that does not exist, and no request reached it.
    expect(matrix.rows[3]!.headline).toBe(matrix.rows[4]!.headline);
    expect(orgs.find((o) => o.name === 'hidden')!.sim.requests).toHaveLength(0);
    expect(result.runs.map((r) => r.org).sort()).toEqual(['acme', 'globex', 'initech']);

    const globex = matrix.rows[0]!;
    expect(globex.cells.role).toBe('fail');
    expect(globex.fix?.check).toBe('role');
    expect(globex.fix?.proposal).toMatchObject({ kind: 'grant-role', roleName: 'Screen Recording Viewer' });
    expect(matrix.summary).toMatchObject({
      orgs: 3,
      pass: 1,
      fail: 1,
      unknown: 1,
      error: 0,
      reference: 'acme',
      notAvailable: ['hidden', 'nosuch'],
    });

    const text = renderMatrixText(matrix);
    expect(text).toMatch(/^globex\s+FAIL/m);
    expect(text).toContain('differs from acme:');

    const json = manyOrgsJson(result);
    expect(json.verdicts.map((v) => v.org).sort()).toEqual(['acme', 'globex', 'initech']);
    expect(JSON.stringify(json)).not.toContain('LEAKCANARY');

    const message = renderMatrixMessage(matrix);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message.blocks)).toContain('globex');
  });

  it('org=* runs every org the caller may see and names no other', async () => {
    const result = await runManyOrgs(deps(), { orgs: '*', request: { interaction: interaction(), fresh: false } });
    expect(result.runs.map((r) => r.org).sort()).toEqual(['acme', 'globex', 'initech']);
    expect(result.summary.notAvailable).toEqual([]);
    expect(JSON.stringify(buildMatrix(result))).not.toContain('hidden');
  });

  it('names the missing role grant between a working org and one that lacks exactly that grant', async () => {
    const result = await runManyOrgs(deps(), {
      orgs: ['acme', 'globex'],
      request: { interaction: interaction(), fresh: false },
    });
    const lines = result.differs.globex!.map((d) => d.line);
    expect(lines[0]).toBe('acme holds role "Screen Recording Viewer" in all divisions (*); globex does not');
    expect(result.differs.globex!.filter((d) => d.kind === 'role-grant')).toHaveLength(1);
    // Settings, scopes and the client itself are the same in both orgs: nothing else is named.
    expect(result.differs.globex!.some((d) => d.kind === 'setting' || d.kind === 'scope' || d.kind === 'client')).toBe(
      false,
    );
    expect(lines.join('\n')).toContain('recording:screenRecording:view');
  });

  it('compare=: two identities in one org, the working one named, with the role grant the other lacks', async () => {
    const comparison = await compareIdentities(
      deps(),
      { org: 'acme', client: FIXER_CLIENT, interaction: interaction(), fresh: false },
      { client: TARGET_CLIENT },
    );
    if ('ok' in comparison) throw new Error(comparison.message);
    expect(comparison.working).toBe('second');
    expect(comparison.first.kind === 'verdict' && comparison.first.verdict.overall).toBe('fail');
    expect(comparison.differences.map((d) => d.line)).toContain(
      'client "ArchiveBridge Screen Archiver" holds role "Screen Recording Viewer" in all divisions (*); client "sr-check fixer" does not',
    );
  });

  it('compare= refuses an org the caller may not see, without running it', async () => {
    const before = orgs.find((o) => o.name === 'hidden')!.sim.requests.length;
    const comparison = await compareIdentities(
      deps(),
      { org: 'hidden', client: FIXER_CLIENT, fresh: false },
      { client: TARGET_CLIENT },
    );
    expect(comparison).toEqual({ ok: false, message: 'Unknown org "hidden".' });
    expect(orgs.find((o) => o.name === 'hidden')!.sim.requests.length).toBe(before);
  });
});
