/**
 * The paste table (test/support/paste/table/): every row's decision, confidence and fields, and the figures
 * over the whole table (recall and precision of "this is a Genesys 403", field extraction), printed so a
 * run shows them. Rows are written for this table; the held-out forum reports of issue 12 are not here.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { describeFinding, parsePastedError } from '../../../src/paste';
import { actualOf, figures, table, wrongFields, type Shape } from '../../support/paste/table';

const catalog = loadCatalog();

describe('paste table', () => {
  it('has at least 150 rows, unique ids, and every shape and near miss of issue 12', () => {
    expect(table.length).toBeGreaterThanOrEqual(150);
    expect(new Set(table.map((r) => r.id)).size).toBe(table.length);
    const shapes: Shape[] = [
      'prose',
      'bullet',
      'body-no-context',
      'old-style',
      'typographic-quotes',
      'foreign-shaped-body',
      'curl',
      'curl-no-api',
      'sdk',
      'terraform',
      'websocket',
      'oauth-token',
      'not-an-operation',
      'placeholder',
      'held',
      'secret',
      'other-status',
      'other-vendor',
      'other-service',
      'tutorial',
      'hypothetical',
      'code-sample',
      'count-or-id',
      'chat',
    ];
    for (const shape of shapes) expect(table.filter((r) => r.shape === shape).length, shape).toBeGreaterThanOrEqual(2);
  });

  it.each(table.map((row) => [row.id, row] as const))('%s', (_id, row) => {
    const actual = actualOf(row.text, catalog);
    expect(actual.decision).toBe(row.expect.decision);
    expect(wrongFields(row.expect, actual)).toEqual([]);
  });

  it('never echoes a pasted credential in the finding or its explanation', () => {
    let checked = 0;
    for (const row of table.filter((r) => r.expect.secrets?.length)) {
      const parse = parsePastedError(row.text, catalog);
      const shown =
        JSON.stringify(parse) + (parse.kind === 'genesys-403' ? describeFinding(parse.finding).join('\n') : '');
      for (const value of row.text.match(
        /(?<=(?:Basic |basic: |token: |"token": "|access_token=|client_secret=))[A-Za-z0-9+/=_-]{8,}/g,
      ) ?? []) {
        expect(shown, row.id).not.toContain(value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('recall, precision and field extraction over the table are at least 0.95, 0.95 and 0.9', () => {
    const f = figures(table, catalog);
    // Printed so every run reports the figures (BENCHMARKS.md quotes them).
    console.log(
      `paste table: ${f.rows} rows (${f.positives} Genesys 403 reports, ${f.negatives} others): recall ${f.recall.toFixed(3)}, ` +
        `precision ${f.precision.toFixed(3)}, field extraction ${f.fieldExtraction.toFixed(3)}, confidence tier agreement ${f.confidenceAgreement.toFixed(3)}`,
    );
    expect(f.misses).toEqual([]);
    expect(f.falseAlarms).toEqual([]);
    expect(f.recall).toBeGreaterThanOrEqual(0.95);
    expect(f.precision).toBeGreaterThanOrEqual(0.95);
    expect(f.fieldExtraction).toBeGreaterThanOrEqual(0.9);
  });
});
