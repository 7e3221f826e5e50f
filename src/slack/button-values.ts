/**
 * What the verdict's buttons carry: a short id into the RequestStore (and, for fixes, an index into the
 * stored fixes), never the request itself or any secret. Payloads come back from Slack untrusted, so
 * they are parsed with zod and anything else is refused.
 */
import * as z from 'zod';

export const REQUEST_ID = /^[A-Za-z0-9_-]{8,32}$/;

export const RerunValueSchema = z.strictObject({ r: z.string().regex(REQUEST_ID) });
export const FixValueSchema = z.strictObject({ r: z.string().regex(REQUEST_ID), f: z.number().int().min(0).max(999) });
/** The hours a time-bound grant lasts. Only this value is offered, so only this value is accepted back. */
export const TIME_BOUND_HOURS = 8;
export const TimedFixValueSchema = z.strictObject({
  r: z.string().regex(REQUEST_ID),
  f: z.number().int().min(0).max(999),
  h: z.literal(TIME_BOUND_HOURS),
});
export type RerunValue = z.infer<typeof RerunValueSchema>;
export type FixValue = z.infer<typeof FixValueSchema>;
export type TimedFixValue = z.infer<typeof TimedFixValueSchema>;

export const ACTION_IDS = {
  rerun: 'rerun',
  /** `rerun:N`: one of several run buttons in one message (a suggested operation's check). */
  rerunPrefix: 'rerun:',
  fixPrefix: 'fix:',
  /** "Grant for 8 h": the same fix, revoked automatically after TIME_BOUND_HOURS. */
  timedFixPrefix: 'fix-timed:',
  approve: 'approval:approve',
  deny: 'approval:deny',
  /** The verdict's "Details": its full evidence in a modal. */
  details: 'verdict:details',
  /** App Home's "Run a check": opens the check modal (the channel is picked in it). */
  homeRunCheck: 'home:run-check',
} as const;

/** Approval buttons carry the approval request's id and nothing else (the service's ids are UUIDs). */
export const APPROVAL_ID = /^[A-Za-z0-9-]{8,64}$/;

export function decodeApprovalId(raw: unknown): string | undefined {
  return typeof raw === 'string' && APPROVAL_ID.test(raw) ? raw : undefined;
}

export function encodeValue(value: RerunValue | FixValue | TimedFixValue): string {
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
