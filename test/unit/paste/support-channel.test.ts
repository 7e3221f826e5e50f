/**
 * The support-channel batch (issue 22), scored per surface: asked, ambient in a channel mapped to an org,
 * ambient elsewhere. Prints the figures so a run shows them; the first score (before the decision table)
 * is in BENCHMARKS.md. Each row also runs alone below, so a regression names its row.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { decideAnswer } from '../../../src/paste';
import { surfaceFigures, type SurfaceAnswer } from '../../support/paste/table/surface-figures';
import { supportChannel, type SurfaceName } from '../../support/paste/table/support-channel';

const catalog = loadCatalog();

function decide(text: string, surface: SurfaceName): SurfaceAnswer {
  const { answer } = decideAnswer(text, catalog, surface);
  if (answer.kind === 'explain') return { decision: 'explain', finding: answer.finding };
  if (answer.kind === 'hint') return { decision: 'hint', status: answer.status };
  return { decision: 'silent' };
}

describe('the support-channel batch, per surface', () => {
  it('has at least 60 rows, reports and near misses, many without the product name', () => {
    expect(supportChannel.length).toBeGreaterThanOrEqual(60);
    const reports = supportChannel.filter((r) => r.want.mapped === 'explain');
    expect(reports.length).toBeGreaterThanOrEqual(40);
    expect(supportChannel.filter((r) => r.want.ask === 'silent').length).toBeGreaterThanOrEqual(20);
    expect(reports.filter((r) => !/genesys|purecloud/i.test(r.text)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(supportChannel.map((r) => r.id)).size).toBe(supportChannel.length);
  });

  for (const surface of ['mapped', 'ask', 'ambient'] as const) {
    it(`${surface}: recall and field extraction at least 0.95, precision at least ${surface === 'ambient' ? 0.9 : 0.95}`, () => {
      const f = surfaceFigures(supportChannel, surface, decide);
      console.info(
        `support-channel batch, ${surface}: ${f.positives} reports, ${f.negatives} others: recall ${f.recall.toFixed(3)}, ` +
          `precision ${f.precision.toFixed(3)}, fields ${f.fieldExtraction.toFixed(3)}` +
          (f.misses.length ? `; misses ${f.misses.join(', ')}` : '') +
          (f.falseAlarms.length ? `; false alarms ${f.falseAlarms.join(', ')}` : '') +
          (f.wrong.length ? `; wrong ${f.wrong.map((w) => `${w.id} (${w.fields.join(', ')})`).join('; ')}` : ''),
      );
      expect(f.recall).toBeGreaterThanOrEqual(0.95);
      expect(f.precision).toBeGreaterThanOrEqual(surface === 'ambient' ? 0.9 : 0.95);
      expect(f.fieldExtraction).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('no surface answers a row a more context-aware one leaves silent (ambient ⊆ mapped ⊆ ask)', () => {
    for (const row of supportChannel) {
      const ambient = decide(row.text, 'ambient').decision === 'explain';
      const mapped = decide(row.text, 'mapped').decision === 'explain';
      const ask = decide(row.text, 'ask').decision === 'explain';
      if (ambient) expect(mapped, row.id).toBe(true);
      if (mapped) expect(ask, row.id).toBe(true);
    }
  });
});

describe('each near miss stays silent on every surface', () => {
  for (const row of supportChannel.filter((r) => r.want.ask === 'silent')) {
    it(row.id, () => {
      for (const surface of ['ask', 'mapped', 'ambient'] as const)
        expect(decide(row.text, surface).decision, surface).not.toBe('explain');
    });
  }
});
