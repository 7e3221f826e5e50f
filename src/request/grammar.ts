/**
 * One request grammar for every surface (slash command, mention, CLI, buttons):
 *   org=acme [client=<uuid>] [user=<uuid>] [interaction=<uuid>] [op=<alias>|op="METHOD /api/v2/..."] [fresh] [watch]
 * `watch`: run again until the overall verdict changes or ten minutes pass (src/watch/user-watch.ts; Slack updates one message).
 * Many orgs at once (src/compare): `org=acme,globex,...` or `org=*` (every org the caller may see) gives a `many`
 * command; `org=acme client=A compare=B` (B another client, or another user when `user=` is given) a `compare` one.
 * Text is split with shell-quote (so `op="PUT /api/v2/x"` stays one token), then validated with zod.
 */
import { parse as shellParse } from 'shell-quote';
import * as z from 'zod';
import { ORG_NAME_PATTERN } from '../config/patterns';
import { FLAGS, KEYS } from './words';

export const USAGE =
  'Usage: /sr-check org=<name> [client=<oauthClientId>] [user=<userId>] [interaction=<conversationId>] ' +
  '[op=<alias>|op="METHOD /api/v2/..."] [fresh] [watch]  ·  org=<a>,<b>|org=* (several orgs)  ·  ' +
  'org=<name> client=<A> compare=<B>  ·  /sr-check help  ·  /sr-check orgs';

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

/** At most this many orgs in one request (the matrix, the JSON and the rate limits stay sane). */
export const MAX_ORGS_PER_REQUEST = 500;

/** `*`, or a comma-separated list of org names (the command's `org=` value). */
export const OrgSelectionSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): '*' | string[] => {
    if (text === '*') return '*';
    const names = [
      ...new Set(
        text
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n.length > 0),
      ),
    ];
    const bad = names.filter((n) => !ORG_NAME_PATTERN.test(n));
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'org= names no org' });
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `not an org name: ${bad.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}`,
      });
    if (names.length > MAX_ORGS_PER_REQUEST)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_ORGS_PER_REQUEST} orgs at once (use org=*)` });
    return names;
  });
export type OrgSelection = z.output<typeof OrgSelectionSchema>;

/** The request run against every org of a `many` command (its org is set per org). */
export type ManyOrgsRequest = Omit<CheckRequest, 'org'>;
const ManyOrgsRequestSchema = CheckRequestSchema.omit({ org: true });

/** The second identity of `compare=`: another OAuth client, or another user (signing in through the same client). */
export interface OtherIdentity {
  client?: string;
  user?: string;
}

export { FLAGS, KEYS } from './words';

export type ParsedCommand =
  | { kind: 'check'; request: CheckRequest }
  /** `org=a,b,c` or `org=*`: the same request against each org. */
  | { kind: 'many'; orgs: OrgSelection; request: ManyOrgsRequest }
  /** `org=acme client=A compare=B`: two identities in one org. */
  | { kind: 'compare'; request: CheckRequest; other: OtherIdentity }
  | { kind: 'help' }
  | { kind: 'orgs' }
  /** `problems` as data (the key each is about, for a form to show it by its field); `message` joins them. */
  | { kind: 'error'; message: string; problems: CommandProblem[] };

/** One thing wrong with a command: the key it is about (`org`, `client`, `compare`, …), when it is about one. */
export interface CommandProblem {
  key?: string;
  message: string;
}

function commandError(problems: CommandProblem[]): ParsedCommand {
  return { kind: 'error', message: problems.map((p) => p.message).join('; '), problems };
}

/** zod's issues as problems, each about the key its path starts with. */
function issueProblems(issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }>, key?: string) {
  return issues.map((i): CommandProblem => {
    const about = key ?? (i.path[0] !== undefined ? String(i.path[0]) : undefined);
    return { ...(about !== undefined ? { key: about } : {}), message: i.message };
  });
}

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

/**
 * Text that shell-quote would split on whitespace alone: letters, digits, whitespace and characters that are
 * never quotes, escapes, operators, variables, globs or comments. Most commands (`org=acme op=recordings`) are
 * this; shell-quote builds its tokenizer regex anew on every parse, a large part of an ack's CPU (issue 26).
 */
const PLAIN_WORDS = /^[A-Za-z0-9_\-.:/=,@+%\s]*$/;

/** Split command text into words, honouring quotes; shell operators and globs are refused, not run. */
export function splitCommandText(text: string): { ok: true; words: string[] } | { ok: false; message: string } {
  const normalised = normaliseCommandText(text);
  // The same words shell-quote gives for such text (test/unit/request/split-fast-path.test.ts compares them).
  if (PLAIN_WORDS.test(normalised)) return { ok: true, words: normalised === '' ? [] : normalised.split(/\s+/) };
  // Keep `$NAME` literal: this is not a shell and nothing may be expanded.
  const entries = shellParse(normalised, (name) => `$${name}`);
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
  const problems: CommandProblem[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      const flag = word.toLowerCase();
      if ((FLAGS as readonly string[]).includes(flag)) raw[flag] = true;
      else
        problems.push({
          message: `"${clip(word)}" is not key=value (keys: ${KEYS.join(', ')}; flags: ${FLAGS.join(', ')})`,
        });
      continue;
    }
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1).trim();
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push({ message: `unknown key "${clip(key)}" (keys: ${KEYS.join(', ')})` });
      continue;
    }
    if (key in raw) problems.push({ key, message: `${key} is given twice` });
    else if (value === '') problems.push({ key, message: `${key} has no value` });
    else raw[key] = value;
  }
  if (!('org' in raw) && problems.length === 0) problems.push({ key: 'org', message: 'org=<name> is required' });
  if (problems.length > 0) return commandError(problems);

  const { compare, ...fields } = raw;
  const orgText = String(fields.org);
  if (orgText.trim() === '*' || orgText.includes(',')) return parseMany(orgText, fields, compare);

  const parsed = CheckRequestSchema.safeParse(fields);
  if (!parsed.success) return commandError(issueProblems(parsed.error.issues));
  if (compare === undefined) return { kind: 'check', request: parsed.data };
  return parseCompare(parsed.data, String(compare));
}

function parseMany(orgText: string, fields: Record<string, unknown>, compare: unknown): ParsedCommand {
  const orgs = OrgSelectionSchema.safeParse(orgText);
  const { org: _org, ...rest } = fields;
  const request = ManyOrgsRequestSchema.safeParse(rest);
  const problems = [
    ...(orgs.success ? [] : issueProblems(orgs.error.issues, 'org')),
    ...(request.success ? [] : issueProblems(request.error.issues)),
  ];
  if (compare !== undefined)
    problems.push({ key: 'compare', message: 'compare= works with one org (org=acme client=A compare=B)' });
  if (rest.watch) problems.push({ key: 'watch', message: 'watch works with one org at a time' });
  if (rest.scenario)
    problems.push({ key: 'scenario', message: 'scenario= is for the built-in demo org, one org at a time' });
  if (problems.length > 0 || !orgs.success || !request.success) return commandError(problems);
  // One name (`org=acme,`) is an ordinary check.
  if (orgs.data !== '*' && orgs.data.length === 1)
    return { kind: 'check', request: { ...request.data, org: orgs.data[0]! } };
  return { kind: 'many', orgs: orgs.data, request: request.data };
}

/** compare=B names a client, or a user when the request names one (both then sign in through the same client). */
function parseCompare(request: CheckRequest, value: string): ParsedCommand {
  const problems: CommandProblem[] = [];
  const about = (message: string) => problems.push({ key: 'compare', message });
  if (!UUID.test(value))
    about(
      `compare must be a Genesys id (a UUID such as 3f2a1b4c-0000-4000-8000-000000000000): the other ${request.user ? 'user' : 'OAuth client'}`,
    );
  if (request.watch) about('watch does not work with compare=');
  if (request.scenario) about('compare= does not work with scenario=');
  const other = value.toLowerCase();
  if (request.user ? other === request.user : other === request.client)
    about('compare= names the same identity as the request');
  if (problems.length > 0) return commandError(problems);
  return { kind: 'compare', request, other: request.user ? { user: other } : { client: other } };
}

export function parseCommandText(text: string): ParsedCommand {
  const split = splitCommandText(text);
  if (!split.ok) return commandError([{ message: split.message }]);
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
/** A many-orgs request as command text (the org list, then the rest as formatRequest writes it). */
export function formatManyRequest(orgs: OrgSelection, request: ManyOrgsRequest): string {
  const rest = formatRequest({ ...request, org: 'x' }).replace(/^org=x\s*/, '');
  return [`org=${orgs === '*' ? "'*'" : orgs.join(',')}`, rest].filter((p) => p.length > 0).join(' ');
}

function quoteValue(value: string): string {
  if (/^[A-Za-z0-9_\-./:{}]+$/.test(value)) return value;
  if (!/["\\$`]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, "'\\''")}'`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
