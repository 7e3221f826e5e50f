/**
 * Turns zod issues into ConfigIssues with messages written for whoever edits the YAML: one issue per
 * unknown key with a "did you mean" hint, "is required" for missing keys, and never the value of a key
 * that looks like an inline secret.
 */
import * as z from 'zod';
import { didYouMean } from './closest-match';
import { formatPath, type ConfigIssue, type PathSegment } from './issues';
import { INLINE_SECRET_KEYS } from './schema';

export const INLINE_SECRET_MESSAGE = 'client secrets may not be written in the config file';
export const INLINE_SECRET_HINT =
  'remove it and set clientSecretEnv: NAME_OF_AN_ENVIRONMENT_VARIABLE or clientSecretFile: /path/to/file-holding-the-secret';

export function isInlineSecretKey(key: string): boolean {
  return INLINE_SECRET_KEYS.some((k) => k.toLowerCase() === key.toLowerCase());
}

export function zodIssuesToConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  input: unknown,
  prefix: readonly PathSegment[],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const relative = issue.path as PathSegment[];
    const path = [...prefix, ...relative];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = objectKeysAt(schema, relative);
        for (const key of issue.keys) {
          if (isInlineSecretKey(key)) {
            out.push({ path: formatPath([...path, key]), message: INLINE_SECRET_MESSAGE, hint: INLINE_SECRET_HINT });
          } else {
            const hint = didYouMean(key, known);
            out.push({
              path: formatPath([...path, key]),
              message: `unknown key ${JSON.stringify(key)}; valid keys here: ${known.join(', ')}`,
              ...(hint ? { hint } : {}),
            });
          }
        }
        break;
      }
      case 'invalid_type': {
        const value = valueAt(input, relative);
        const message =
          value === undefined
            ? 'is required'
            : `must be ${describeExpected(issue.expected)} (found ${describeValue(value)})`;
        out.push({ path: formatPath(path), message });
        break;
      }
      case 'custom': {
        const hint = (issue.params as { hint?: unknown } | undefined)?.hint;
        out.push({ path: formatPath(path), message: issue.message, ...(typeof hint === 'string' ? { hint } : {}) });
        break;
      }
      default:
        out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

/** The keys an object schema accepts at `path`, for "did you mean" and "valid keys" in messages. */
export function objectKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return [];
    if (current instanceof z.ZodObject && typeof segment === 'string')
      current = current.shape[segment] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    current = current ? unwrap(current) : undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else return current;
  }
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function describeExpected(expected: string): string {
  if (expected === 'object') return 'a mapping (key: value lines)';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

/** Names the type of a value, never the value itself (it may be a secret typed in the wrong place). */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}
