/**
 * What the verdict's buttons carry: a short id into the RequestStore (and, for fixes, an index into the
 * stored fixes), never the request itself or any secret. Payloads come back from Slack untrusted, so
 * they are parsed with zod and anything else is refused.
 */
import { z } from 'zod';

export const REQUEST_ID = /^[A-Za-z0-9_-]{8,32}$/;

export const RerunValueSchema = z.strictObject({ r: z.string().regex(REQUEST_ID) });
export const FixValueSchema = z.strictObject({ r: z.string().regex(REQUEST_ID), f: z.number().int().min(0).max(999) });
export type RerunValue = z.infer<typeof RerunValueSchema>;
export type FixValue = z.infer<typeof FixValueSchema>;

export const ACTION_IDS = { rerun: 'rerun', fixPrefix: 'fix:' } as const;

export function encodeValue(value: RerunValue | FixValue): string {
  return JSON.stringify(value);
}

/** The button value parsed with `schema`, or undefined for anything malformed (never throws). */
export function decodeValue<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== 'string' || raw.length > 2000) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
