/**
 * Flags for every sr-check command, parsed with Node's own `util.parseArgs` (tokens mode) and judged here, so
 * every problem is answered in the CLI's words ("unknown flag --jsn (did you mean --json?)") instead of
 * parseArgs' raw text. Positional words (the `org=acme op="…"` grammar) pass through untouched.
 */
import { parseArgs } from 'node:util';
import { closestMatch } from '../config/closest-match';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** The value's placeholder in help (`FILE`). */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type ParsedOptions =
  | { ok: true; values: Record<string, string | boolean | undefined>; positionals: string[] }
  | { ok: false; message: string };

/** Every command takes --help (-h). */
export const HELP_OPTION: OptionSpecs = { help: { type: 'boolean', short: 'h', description: 'show this help' } };

/** A value that is itself a flag (`--config --json`): not taken as the value. `-24h` (a relative time) is a value. */
const LOOKS_LIKE_FLAG = /^(--[^-]|-[A-Za-z])/;

/**
 * `keys`: the command's key=value words (the check's org, client, …): `--org=acme` or `--org acme` is then
 * answered with the word to write (`use org=acme`), not as an unknown flag.
 */
export function parseOptions(args: string[], specs: OptionSpecs, keys: readonly string[] = []): ParsedOptions {
  const all: OptionSpecs = { ...HELP_OPTION, ...specs };
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, spec] of Object.entries(all))
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });

  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = all[token.name];
    if (!spec && keys.includes(token.name.toLowerCase())) {
      const next = args[token.index + 1];
      const value = token.value ?? (next !== undefined && !next.startsWith('-') ? next : '<value>');
      return { ok: false, message: `${token.rawName} is not a flag: use ${token.name.toLowerCase()}=${value}` };
    }
    if (!spec)
      return { ok: false, message: unknownFlag(args[token.index] ?? token.rawName, token.rawName, Object.keys(all)) };
    const shown = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) return { ok: false, message: `${shown} takes no value` };
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && LOOKS_LIKE_FLAG.test(value))) {
      return { ok: false, message: `${shown} needs a value (${shown} ${spec.value ?? 'VALUE'})` };
    }
    values[token.name] = value;
  }
  return { ok: true, values, positionals };
}

/** `-json` and `--jsn` both get the nearest real flag, when one is near. */
function unknownFlag(raw: string, rawName: string, names: string[]): string {
  const given = raw.startsWith('--') ? raw.split('=')[0]! : raw.startsWith('-') && raw.length > 2 ? raw : rawName;
  const match = closestMatch(given.replace(/^-+/, ''), names);
  return `unknown flag ${given}${match ? ` (did you mean --${match}?)` : ''}`;
}

/** Help lines for a command's flags: `  --config FILE   the orgs file …`. */
export function describeOptions(specs: OptionSpecs): string[] {
  const rows = Object.entries({ ...specs, ...HELP_OPTION }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}   ${description}`);
}
