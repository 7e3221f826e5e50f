/**
 * The verdict as the CLI prints it with --json: the Verdict itself plus `schemaVersion`, which goes up only
 * when a field is removed, renamed or changes meaning (adding a field keeps the version). README documents it.
 */
import type { Verdict } from '../diagnosis/verdict';

export const VERDICT_SCHEMA_VERSION = 1;

/** `extra`: fields added beside the verdict's (`terraformChange` with --as-code). */
export function verdictJson(verdict: Verdict, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ schemaVersion: VERDICT_SCHEMA_VERSION, ...verdict, ...extra }, null, 2)}\n`;
}
