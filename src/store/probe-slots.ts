/**
 * The probe's per-org limit shared by replicas (ProbeSlotStore, diagnosis/probe/slots.ts), for both stores: one row
 * per org in `probe_slots` (migration 6). A claim is one upsert that only replaces a slot at least an interval old,
 * so two replicas never both take it; the holder writes its probe's answer into the slot it still holds.
 * Kept in a file of its own so the stores only delegate to it.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { ProbeSlot, ProbeSlotClaim } from '../diagnosis/probe/slots';
import type { SentObservation } from '../diagnosis/probe/types';
import type { Row } from './rows';

type Answer = Omit<SentObservation, 'earlier'>;

/** Parameters: org, at, key, holder, oldest `at` that still holds the slot (at - interval). */
const CLAIM_SQL = (p: (n: number) => string) =>
  `INSERT INTO probe_slots (org, at, probe_key, holder) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})
   ON CONFLICT (org) DO UPDATE SET at = excluded.at, probe_key = excluded.probe_key, holder = excluded.holder, answer = NULL
   WHERE probe_slots.at <= ${p(5)}`;
const SLOT_SQL = (p: (n: number) => string) => `SELECT at, probe_key, answer FROM probe_slots WHERE org = ${p(1)}`;
const ANSWER_SQL = (p: (n: number) => string) =>
  `UPDATE probe_slots SET answer = ${p(1)} WHERE org = ${p(2)} AND holder = ${p(3)}`;
const RELEASE_SQL = (p: (n: number) => string) => `DELETE FROM probe_slots WHERE org = ${p(1)} AND holder = ${p(2)}`;

const question = () => '?';
const dollar = (n: number) => `$${n}`;

function slotFromRow(row: Row | undefined): ProbeSlot | undefined {
  if (!row) return undefined;
  const answer = parseAnswer(row.answer);
  return { at: Number(row.at), key: String(row.probe_key), ...(answer ? { answer } : {}) };
}

/** A stored answer is used only if it still has the shape of one (an older or foreign row is ignored). */
function parseAnswer(text: unknown): Answer | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<Answer> | null;
    if (value?.kind !== 'sent' || !Array.isArray(value.reads)) return undefined;
    if (value.revoked !== true && typeof value.revoked !== 'string') return undefined;
    return { kind: 'sent', reads: value.reads, revoked: value.revoked };
  } catch {
    return undefined;
  }
}

const storedAnswer = (answer: Answer) =>
  JSON.stringify({ kind: answer.kind, reads: answer.reads, revoked: answer.revoked });

export function sqliteProbeSlots(db: SqliteDatabase) {
  return {
    claim(org: string, key: string, holder: string, at: number, intervalMs: number): ProbeSlotClaim {
      const taken = db.prepare(CLAIM_SQL(question)).run(org, at, key, holder, at - intervalMs).changes === 1;
      if (taken) return { claimed: true };
      const slot = slotFromRow(db.prepare(SLOT_SQL(question)).get(org) as Row | undefined);
      return { claimed: false, ...(slot ? { slot } : {}) };
    },
    record(org: string, holder: string, answer: Answer): void {
      db.prepare(ANSWER_SQL(question)).run(storedAnswer(answer), org, holder);
    },
    release(org: string, holder: string): void {
      db.prepare(RELEASE_SQL(question)).run(org, holder);
    },
  };
}

export function postgresProbeSlots(pool: Pool) {
  return {
    async claim(org: string, key: string, holder: string, at: number, intervalMs: number): Promise<ProbeSlotClaim> {
      const taken = await pool.query(CLAIM_SQL(dollar), [org, at, key, holder, at - intervalMs]);
      if (taken.rowCount === 1) return { claimed: true };
      const slot = slotFromRow((await pool.query(SLOT_SQL(dollar), [org])).rows[0] as Row | undefined);
      return { claimed: false, ...(slot ? { slot } : {}) };
    },
    async record(org: string, holder: string, answer: Answer): Promise<void> {
      await pool.query(ANSWER_SQL(dollar), [storedAnswer(answer), org, holder]);
    },
    async release(org: string, holder: string): Promise<void> {
      await pool.query(RELEASE_SQL(dollar), [org, holder]);
    },
  };
}
