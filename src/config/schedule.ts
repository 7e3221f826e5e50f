/**
 * An org's check schedule: `every 30m` / `every 1h` / `every 1d`, or a five-field cron string (UTC), e.g.
 * `0 * * * *`. A schedule is a sequence of ticks that every replica computes the same way without talking to
 * the others: interval ticks are multiples of the interval since the epoch; cron ticks are the cron's times.
 * Cron is parsed by cron-parser (a well-kept library: ranges, steps, names, day-of-month/day-of-week rules).
 */
import { CronExpressionParser } from 'cron-parser';

/** Shorter than this, a schedule would hammer an org's rate limit for no gain; also the smallest cron step. */
export const MIN_INTERVAL_MS = 60_000;
const EVERY = /^every\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hours?|d|days?)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export interface Schedule {
  /** As configured, for messages. */
  text: string;
  /** The latest tick at or before `now`, or undefined when there is none yet. */
  lastDueAt(now: number): number | undefined;
  /** The first tick strictly after `at`. */
  nextAfter(at: number): number;
}

export type ParsedSchedule = { ok: true; schedule: Schedule } | { ok: false; message: string };

export function parseSchedule(text: string): ParsedSchedule {
  const trimmed = text.trim();
  const every = EVERY.exec(trimmed);
  if (every) {
    const ms = Number(every[1]) * UNIT_MS[every[2]!.toLowerCase()[0]!]!;
    if (ms < MIN_INTERVAL_MS) return { ok: false, message: `"${trimmed}": the shortest schedule is every 1m` };
    return { ok: true, schedule: intervalSchedule(trimmed, ms) };
  }
  if (/^every\b/i.test(trimmed))
    return {
      ok: false,
      message: `"${clip(trimmed)}" is not a schedule: write "every 30m", "every 1h", "every 1d" or a cron string such as "0 * * * *"`,
    };
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      message: `"${clip(trimmed)}" is not a schedule: a cron string has five fields (minute hour day-of-month month day-of-week), or write "every 1h"`,
    };
  }
  try {
    // Validate once; each question parses again from its own date (a CronExpression is a stateful iterator).
    CronExpressionParser.parse(trimmed, { tz: 'UTC', strict: false });
  } catch (error) {
    return {
      ok: false,
      message: `"${clip(trimmed)}" is not a valid cron string: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return { ok: true, schedule: cronSchedule(trimmed) };
}

function intervalSchedule(text: string, ms: number): Schedule {
  return {
    text,
    lastDueAt: (now) => Math.floor(now / ms) * ms,
    nextAfter: (at) => (Math.floor(at / ms) + 1) * ms,
  };
}

function cronSchedule(text: string): Schedule {
  return {
    text,
    lastDueAt(now) {
      // prev() is strictly before currentDate: ask from one millisecond later so a tick at `now` counts.
      try {
        return CronExpressionParser.parse(text, { tz: 'UTC', currentDate: new Date(now + 1) })
          .prev()
          .getTime();
      } catch {
        return undefined; // no earlier tick (e.g. a date before the cron's first time)
      }
    },
    nextAfter(at) {
      return CronExpressionParser.parse(text, { tz: 'UTC', currentDate: new Date(at) })
        .next()
        .getTime();
    },
  };
}

/** How many ticks fall strictly between `after` and `before` (the ticks nobody ran), counted up to `cap`. */
export function ticksBetween(schedule: Schedule, after: number, before: number, cap = 1000): number {
  let count = 0;
  for (let t = schedule.nextAfter(after); t < before && count < cap; t = schedule.nextAfter(t)) count++;
  return count;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
