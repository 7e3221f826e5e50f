/**
 * `sr-check history org=acme [--limit N] [--json]`: an org's verdict history (scheduled runs and the checks made in
 * Slack), newest first, from the same store the app uses (opened as `sr-check audit` opens it: read-only SQLite,
 * or PostgreSQL when SR_CHECK_DATABASE_URL is set).
 */
import * as z from 'zod';
import { ORG_NAME } from '../request/grammar';
import { historyJson, renderHistoryText } from '../render/history-text';
import { openReadStore } from './audit';
import { EXIT, type CliIo } from './io';

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 10_000;

const HistoryArgsSchema = z.object({
  org: z.string().toLowerCase().regex(ORG_NAME, 'org must be an org name (letters, digits, -)'),
  limit: z.coerce
    .number({ message: '--limit must be a positive whole number' })
    .int('--limit must be a positive whole number')
    .min(1, '--limit must be a positive whole number')
    .max(MAX_HISTORY_LIMIT, `--limit is at most ${MAX_HISTORY_LIMIT}`)
    .default(DEFAULT_HISTORY_LIMIT),
});

export interface HistoryOptions {
  words: string[];
  limit?: string;
  json: boolean;
  usageError: (message: string) => number;
}

export async function runHistory(options: HistoryOptions, io: CliIo): Promise<number> {
  const { words, usageError } = options;
  const orgWords = words.filter((w) => /^org=/i.test(w));
  const other = words.find((w) => !/^org=/i.test(w));
  if (other !== undefined) return usageError(`unexpected "${other.slice(0, 40)}" (history takes org=<name>)`);
  if (orgWords.length !== 1) return usageError(orgWords.length === 0 ? 'org=<name> is required' : 'org is given twice');
  const parsed = HistoryArgsSchema.safeParse({
    org: orgWords[0]!.slice(4),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { org, limit } = parsed.data;

  const opened = await openReadStore(io);
  if (!opened.ok) {
    io.stderr(`sr-check: ${opened.message}\n`);
    return opened.code;
  }
  const entries = opened.store
    ? await opened.store.listHistory(org, { limit }).finally(() => opened.store!.close())
    : [];
  io.stdout(
    options.json ? `${JSON.stringify(historyJson(org, entries), null, 2)}\n` : `${renderHistoryText(org, entries)}\n`,
  );
  return EXIT.ok;
}
