import { describe, expect, it } from 'vitest';
import { parseSchedule, ticksBetween, type Schedule } from '../../../src/config/schedule';
import { scheduleText } from '../../../src/config/schedule-schema';

const at = (iso: string) => Date.parse(iso);
function parsed(text: string): Schedule {
  const result = parseSchedule(text);
  if (!result.ok) throw new Error(result.message);
  return result.schedule;
}

describe('parseSchedule', () => {
  it('interval schedules tick at multiples of the interval since the epoch (every replica agrees)', () => {
    const hourly = parsed('every 1h');
    expect(hourly.lastDueAt(at('2026-12-01T10:59:59Z'))).toBe(at('2026-12-01T10:00:00Z'));
    expect(hourly.lastDueAt(at('2026-12-01T11:00:00Z'))).toBe(at('2026-12-01T11:00:00Z'));
    expect(hourly.nextAfter(at('2026-12-01T11:00:00Z'))).toBe(at('2026-12-01T12:00:00Z'));
    expect(parsed('every 30 minutes').lastDueAt(at('2026-12-01T10:45:00Z'))).toBe(at('2026-12-01T10:30:00Z'));
    expect(parsed('EVERY 1d').lastDueAt(at('2026-12-01T10:45:00Z'))).toBe(at('2026-12-01T00:00:00Z'));
  });

  it('cron strings are five fields in UTC; a tick exactly now is due', () => {
    const cron = parsed('15 */6 * * *');
    expect(cron.lastDueAt(at('2026-12-01T06:15:00Z'))).toBe(at('2026-12-01T06:15:00Z'));
    expect(cron.lastDueAt(at('2026-12-01T06:14:59Z'))).toBe(at('2026-12-01T00:15:00Z'));
    expect(cron.nextAfter(at('2026-12-01T06:15:00Z'))).toBe(at('2026-12-01T12:15:00Z'));
    expect(parsed('0 9 * * mon-fri').lastDueAt(at('2026-12-06T12:00:00Z'))).toBe(at('2026-12-04T09:00:00Z')); // Sunday → Friday
  });

  it('refuses what is not a schedule, saying why', () => {
    for (const [text, words] of [
      ['every 30s', 'every 30m'],
      ['every 0m', 'shortest'],
      ['61 * * * *', 'not a valid cron'],
      ['* * * *', 'five fields'],
      ['0 0 * * * *', 'five fields'],
      ['hourly', 'five fields'],
    ] as const) {
      const result = parseSchedule(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.message).toContain(words);
    }
  });

  it('the config schema takes a valid schedule and reports an invalid one', () => {
    expect(scheduleText.parse(' every 2h ')).toBe('every 2h');
    const bad = scheduleText.safeParse('every 5 seconds');
    expect(bad.success).toBe(false);
  });

  it('ticksBetween counts the ticks strictly between two ticks', () => {
    const hourly = parsed('every 1h');
    expect(ticksBetween(hourly, at('2026-12-01T10:00:00Z'), at('2026-12-01T13:00:00Z'))).toBe(2);
    expect(ticksBetween(hourly, at('2026-12-01T10:00:00Z'), at('2026-12-01T11:00:00Z'))).toBe(0);
  });
});
