/** The config file's `schedule:` value as a zod schema (the config imports this; the parsing is schedule.ts's). */
import * as z from 'zod';
import { parseSchedule } from './schedule';

export const scheduleText = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseSchedule(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });
