/** The paste table: every row, and the figures (recall, precision, field extraction) computed over it. */
import { findPastedSecrets, parsePastedError, type PasteFinding, type PasteParse } from '../../../../src/paste';
import type { Catalog } from '../../../../src/catalog/catalog';
import { nearMisses } from './near-misses';
import { fresh } from './fresh';
import { fresh2 } from './fresh2';
import { fresh3 } from './fresh3';
import { fresh4 } from './fresh4';
import { reports } from './reports';
import type { Expected, Row } from './types';

export type { Expected, Row, Shape } from './types';
export const table: Row[] = [...reports, ...nearMisses, ...fresh, ...fresh2, ...fresh3, ...fresh4];

export type Decision = Expected['decision'];

export function decisionOf(parse: PasteParse): Decision {
  return parse.kind === 'genesys-403' ? 'explain' : parse.kind === 'other-genesys-status' ? 'hint' : 'silent';
}

const FIELDS = [
  'confidence',
  'code',
  'method',
  'path',
  'template',
  'permissions',
  'held',
  'contextId',
  'layer',
  'surface',
  'notAnOperation',
  'status',
  'secrets',
  'region',
] as const;
export type Field = (typeof FIELDS)[number];

/** What the parse read, in the table's terms. */
export function actualOf(text: string, catalog?: Catalog): Expected {
  const parse = parsePastedError(text, catalog);
  const decision = decisionOf(parse);
  if (parse.kind === 'other-genesys-status')
    return { decision, status: parse.status, secrets: [...new Set(parse.secrets.map((s) => s.kind))] };
  if (parse.kind === 'none') return { decision, secrets: [...new Set(findPastedSecrets(text).map((s) => s.kind))] };
  return { decision, ...findingFields(parse.finding) };
}

/** A finding's fields in the table's terms (everything but the decision). */
export function findingFields(f: PasteFinding): Omit<Expected, 'decision'> {
  return {
    confidence: f.confidence,
    ...(f.code ? { code: f.code } : {}),
    ...(f.method ? { method: f.method } : {}),
    ...(f.path ? { path: f.path } : {}),
    ...(f.operation ? { template: f.operation.template } : {}),
    permissions: f.missingPermissions,
    held: f.held,
    ...(f.contextId ? { contextId: f.contextId } : {}),
    layer: f.likelyLayer,
    ...(f.surface ? { surface: f.surface.kind } : {}),
    notAnOperation: f.notAnOperation !== undefined,
    status: 403,
    secrets: [...new Set(f.secrets.map((s) => s.kind))],
    ...(f.region ? { region: f.region } : {}),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The expected fields a row names that the parse got wrong. */
export function wrongFields(expected: Expected, actual: Expected): Field[] {
  const wrong: Field[] = [];
  for (const field of FIELDS) {
    if (expected[field] === undefined) continue;
    const want = expected[field];
    const got = actual[field] ?? (field === 'secrets' ? [] : undefined);
    if (!same(want, got)) wrong.push(field);
  }
  return wrong;
}

export interface Figures {
  rows: number;
  positives: number;
  negatives: number;
  recall: number;
  precision: number;
  /** Of the expected fields on rows the parse explained, the share read right. */
  fieldExtraction: number;
  confidenceAgreement: number;
  misses: string[];
  falseAlarms: string[];
  wrong: Array<{ id: string; fields: Field[] }>;
}

/** Recall and precision of "this is a Genesys 403" (decision explain) and field extraction, over the table. */
export function figures(rows: Row[] = table, catalog?: Catalog): Figures {
  let truePositives = 0;
  let falsePositives = 0;
  let fieldsRight = 0;
  let fieldsTotal = 0;
  let confidenceRight = 0;
  let confidenceTotal = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const wrong: Figures['wrong'] = [];
  for (const row of rows) {
    const actual = actualOf(row.text, catalog);
    const wantsExplain = row.expect.decision === 'explain';
    const explains = actual.decision === 'explain';
    if (wantsExplain && explains) truePositives++;
    if (!wantsExplain && explains) {
      falsePositives++;
      falseAlarms.push(row.id);
    }
    if (wantsExplain && !explains) misses.push(row.id);
    if (wantsExplain && explains) {
      const bad = wrongFields(row.expect, actual);
      const named = FIELDS.filter((f) => f !== 'confidence' && row.expect[f] !== undefined).length;
      fieldsTotal += named;
      fieldsRight += named - bad.filter((f) => f !== 'confidence').length;
      if (row.expect.confidence) {
        confidenceTotal++;
        if (row.expect.confidence === actual.confidence) confidenceRight++;
      }
      if (bad.length > 0) wrong.push({ id: row.id, fields: bad });
    }
  }
  const positives = rows.filter((r) => r.expect.decision === 'explain').length;
  return {
    rows: rows.length,
    positives,
    negatives: rows.length - positives,
    recall: positives ? truePositives / positives : 1,
    precision: truePositives + falsePositives ? truePositives / (truePositives + falsePositives) : 1,
    fieldExtraction: fieldsTotal ? fieldsRight / fieldsTotal : 1,
    confidenceAgreement: confidenceTotal ? confidenceRight / confidenceTotal : 1,
    misses,
    falseAlarms,
    wrong,
  };
}
