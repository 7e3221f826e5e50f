/**
 * `sr-check audit`: the fix audit log, from the same store the app uses: PostgreSQL when SR_CHECK_DATABASE_URL
 * is set (opened by src/store/open.ts, as the app opens it), else the SQLite file at SR_CHECK_DB, opened
 * read-only so that looking never creates or migrates a database.
 */
import { existsSync } from 'node:fs';
import { formatAuditTable, parseSince } from '../approvals/audit-format';
import { openStore } from '../store/open';
import { sqliteFileProblem } from '../store/sqlite-file-check';
import { SqliteStore, databasePathFromEnv } from '../store/sqlite-store';
import type { Store } from '../store/types';
import { EXIT, type CliIo } from './io';
import { slackClientFromEnv } from './slack-client';
import { slackNames } from './slack-names';

export interface AuditOptions {
  org?: string;
  since?: string;
  limit?: string;
  json: boolean;
  usageError: (message: string) => number;
}

export async function runAudit(options: AuditOptions, io: CliIo): Promise<number> {
  const { org, since, limit, json, usageError } = options;
  const sinceMs = since === undefined ? undefined : parseSince(since, Date.now());
  if (since !== undefined && sinceMs === undefined)
    return usageError('--since must be an ISO date/time or a relative time such as -24h, -7d, -30m');
  const limitN = limit === undefined ? 1000 : Number(limit);
  if (!Number.isInteger(limitN) || limitN < 1) return usageError('--limit must be a positive whole number');

  const opened = await openReadStore(io);
  if (!opened.ok) {
    io.stderr(`sr-check: ${opened.message}\n`);
    return opened.code;
  }
  if (!opened.store) {
    io.stdout(json ? '[]\n' : 'No audit entries.\n');
    return EXIT.ok;
  }
  const store = opened.store;
  try {
    const entries = await store.listAudit({
      ...(org ? { org } : {}),
      ...(sinceMs !== undefined ? { since: sinceMs } : {}),
      limit: limitN,
    });
    const oldestFirst = [...entries].reverse();
    if (json) {
      // Scripts get the ids as stored.
      io.stdout(`${JSON.stringify(oldestFirst, null, 2)}\n`);
      return EXIT.ok;
    }
    // People get names: the requester's and approver's Slack names (users.info) when SLACK_BOT_TOKEN is set.
    const slack = slackClientFromEnv(io.env);
    const names = await slackNames(
      oldestFirst.map((e) => e.actor),
      slack.ok ? slack.client : undefined,
    );
    io.stdout(`${formatAuditTable(oldestFirst, names)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export type OpenedReadStore = { ok: true; store?: Store } | { ok: false; message: string; code: number };

/** The app's store for reading (audit, history): PostgreSQL when configured, else the SQLite file read-only; none for `:memory:`. */
export async function openReadStore(io: CliIo): Promise<OpenedReadStore> {
  if (io.env.SR_CHECK_DATABASE_URL?.trim()) {
    try {
      return { ok: true, store: (await openStore(io.env)).store };
    } catch (error) {
      // openStore's message names the database without its password.
      return { ok: false, message: (error as Error).message, code: EXIT.fail };
    }
  }
  const path = databasePathFromEnv(io.env);
  if (path === ':memory:') return { ok: true };
  // A database that cannot be opened is exit 1 whichever store it is (docs/cli.md, "Exit status"): the
  // arguments were fine, the store was not there to read.
  if (!existsSync(path))
    return {
      ok: false,
      message: `no sr-check database at ${path} (set SR_CHECK_DB, or SR_CHECK_DATABASE_URL for PostgreSQL)`,
      code: EXIT.fail,
    };
  const problem = sqliteFileProblem(path);
  if (problem) return { ok: false, message: problem, code: EXIT.fail };
  try {
    return { ok: true, store: new SqliteStore({ path, readonly: true }) };
  } catch (error) {
    return {
      ok: false,
      message: `cannot open the sr-check database at ${path}: ${(error as Error).message}`,
      code: EXIT.fail,
    };
  }
}
