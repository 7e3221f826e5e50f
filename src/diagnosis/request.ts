/**
 * One request grammar for every surface (slash command, mention, CLI, buttons):
 *   org=acme [client=<uuid>] [user=<uuid>] [interaction=<uuid>] [op=<alias>|op="METHOD /api/v2/..."] [fresh] [watch]
 * `watch`: run again until the overall verdict changes or ten minutes pass (src/cli/watch.ts; Slack updates one message).
 * Text is split with shell-quote (so `op="PUT /api/v2/x"` stays one token), then validated with zod.
 */
import { parse as shellParse } from 'shell-quote';
import { z } from 'zod';
import { ORG_NAME_PATTERN } from '../config/schema';

export const USAGE =
  'Usage: /sr-check org=<name> [client=<oauthClientId>] [user=<userId>] [interaction=<conversationId>] ' +
  '[op=<alias>|op="METHOD /api/v2/..."] [fresh] [watch]  ·  /sr-check help  ·  /sr-check orgs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The same rule as the configuration's org names, so every configured org can be named. */
export const ORG_NAME = ORG_NAME_PATTERN;
const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const uuid = (what: string) =>
  z
    .string()
    .regex(UUID, `${what} must be a Genesys id (a UUID such as 3f2a1b4c-0000-4000-8000-000000000000)`)
    .transform((s) => s.toLowerCase());

export const CheckRequestSchema = z.strictObject({
  org: z.string().toLowerCase().regex(ORG_NAME, 'org must be a configured org name (letters, digits, -)'),
  client: uuid('client').optional(),
  user: uuid('user').optional(),
  interaction: uuid('interaction').optional(),
  op: z.string().min(1).max(300).optional(),
  fresh: z.boolean().default(false),
  /**
   * Run again until the overall verdict changes or ten minutes pass. Optional (absent = false) so requests built
   * in code need not name it; only the surfaces that watch (Slack, the CLI) read it.
   */
  watch: z.boolean().optional(),
  /** Only for the built-in demo org: which simulator scenario to run. */
  scenario: z.string().regex(SCENARIO_NAME, 'scenario must be a scenario name').optional(),
});
export type CheckRequest = z.infer<typeof CheckRequestSchema>;

const KEYS = ['org', 'client', 'user', 'interaction', 'op', 'scenario'] as const;
const FLAGS = ['fresh', 'watch'] as const;

export type ParsedCommand =
  | { kind: 'check'; request: CheckRequest }
  | { kind: 'help' }
  | { kind: 'orgs' }
  | { kind: 'error'; message: string };

/** Slack turns straight quotes into curly ones and escapes &, <, >; undo that before splitting. */
export function normaliseCommandText(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Split command text into words, honouring quotes; shell operators and globs are refused, not run. */
export function splitCommandText(text: string): { ok: true; words: string[] } | { ok: false; message: string } {
  // Keep `$NAME` literal: this is not a shell and nothing may be expanded.
  const entries = shellParse(normaliseCommandText(text), (name) => `$${name}`);
  const words: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') words.push(entry);
    else if ('comment' in entry) words.push(`#${entry.comment}`);
    else if ('pattern' in entry) words.push(entry.pattern);
    else return { ok: false, message: `unexpected "${entry.op}" in the command` };
  }
  return { ok: true, words };
}

/** Words (already split, as from argv) → a typed request, or a message saying exactly what is wrong. */
export function parseCommandWords(words: string[]): ParsedCommand {
  if (words.length === 0) return { kind: 'help' };
  if (words.length === 1 && /^(help|-h|--help)$/i.test(words[0]!)) return { kind: 'help' };
  if (words.length === 1 && /^orgs$/i.test(words[0]!)) return { kind: 'orgs' };

  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      const flag = word.toLowerCase();
      if ((FLAGS as readonly string[]).includes(flag)) raw[flag] = true;
      else problems.push(`"${clip(word)}" is not key=value (keys: ${KEYS.join(', ')}; flags: ${FLAGS.join(', ')})`);
      continue;
    }
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1).trim();
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown key "${clip(key)}" (keys: ${KEYS.join(', ')})`);
      continue;
    }
    if (key in raw) problems.push(`${key} is given twice`);
    else if (value === '') problems.push(`${key} has no value`);
    else raw[key] = value;
  }
  if (!('org' in raw) && problems.length === 0) problems.push('org=<name> is required');
  if (problems.length > 0) return { kind: 'error', message: problems.join('; ') };

  const parsed = CheckRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'error', message: parsed.error.issues.map((i) => i.message).join('; ') };
  }
  return { kind: 'check', request: parsed.data };
}

export function parseCommandText(text: string): ParsedCommand {
  const split = splitCommandText(text);
  if (!split.ok) return { kind: 'error', message: split.message };
  return parseCommandWords(split.words);
}

/** The request as command text again (for buttons and "re-run"), quoting what needs it. */
export function formatRequest(request: CheckRequest): string {
  const parts = [`org=${request.org}`];
  for (const key of ['client', 'user', 'interaction', 'scenario'] as const) {
    const value = request[key];
    if (value) parts.push(`${key}=${value}`);
  }
  if (request.op) parts.push(`op=${quoteValue(request.op)}`);
  if (request.fresh) parts.push('fresh');
  if (request.watch) parts.push('watch');
  return parts.join(' ');
}

/**
 * Quote a value so splitCommandText gives it back unchanged: bare when it holds only safe characters,
 * `"..."` (what people type) when it has no character that is special inside double quotes, else single
 * quotes, where nothing is special (a `'` itself is written `'\''`).
 */
function quoteValue(value: string): string {
  if (/^[A-Za-z0-9_\-./:{}]+$/.test(value)) return value;
  if (!/["\\$`]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, "'\\''")}'`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
