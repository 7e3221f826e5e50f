/** Recall, precision and field extraction of the support-channel batch, per surface (ask, mapped, ambient). */
import type { PasteFinding } from '../../../../src/paste';
import { findingFields, wrongFields, type Field } from './index';
import type { SurfaceDecision, SurfaceName, SurfaceRow } from './support-channel';
import type { Expected } from './types';

export interface SurfaceAnswer {
  decision: SurfaceDecision;
  finding?: PasteFinding;
  status?: number;
}

export interface SurfaceFigures {
  surface: SurfaceName;
  positives: number;
  negatives: number;
  recall: number;
  precision: number;
  fieldExtraction: number;
  misses: string[];
  falseAlarms: string[];
  wrong: Array<{ id: string; fields: Field[] }>;
}

function actual(answer: SurfaceAnswer): Expected {
  const f = answer.finding;
  if (!f) return { decision: answer.decision, ...(answer.status ? { status: answer.status } : {}) };
  return { decision: answer.decision, ...findingFields(f) };
}

export function surfaceFigures(
  rows: SurfaceRow[],
  surface: SurfaceName,
  decide: (text: string, surface: SurfaceName) => SurfaceAnswer,
): SurfaceFigures {
  let tp = 0;
  let fp = 0;
  let fieldsRight = 0;
  let fieldsTotal = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const wrong: SurfaceFigures['wrong'] = [];
  for (const row of rows) {
    const want = row.want[surface];
    const answer = decide(row.text, surface);
    const explains = answer.decision === 'explain';
    if (want === 'explain' && explains) {
      tp++;
      const expected = { ...row.expect, decision: 'explain' as const };
      delete expected.confidence;
      const bad = wrongFields(expected, actual(answer));
      const named = Object.keys(expected).filter((k) => k !== 'decision').length;
      fieldsTotal += named;
      fieldsRight += named - bad.length;
      if (bad.length > 0) wrong.push({ id: row.id, fields: bad });
    } else if (want === 'explain') misses.push(row.id);
    else if (explains) {
      fp++;
      falseAlarms.push(row.id);
    }
  }
  const positives = rows.filter((r) => r.want[surface] === 'explain').length;
  return {
    surface,
    positives,
    negatives: rows.length - positives,
    recall: positives ? tp / positives : 1,
    precision: tp + fp ? tp / (tp + fp) : 1,
    fieldExtraction: fieldsTotal ? fieldsRight / fieldsTotal : 1,
    misses,
    falseAlarms,
    wrong,
  };
}
