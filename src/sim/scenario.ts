/**
 * Scenario files: an org described in YAML or JSON (roles, divisions, clients, users, settings,
 * conversations, faults) plus a `checker` section saying how sr-check should point at it.
 * Validation is strict (unknown keys are errors) so a typo in a scenario fails loudly instead of
 * silently producing a different org.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readSmallRegularFile } from '../config/read-file';
import { basename, extname, join } from 'node:path';
import { readPrebuilt } from '../prebuilt';
import { RELATIVE_DATE, UNIT_MS, scenarioSchemas, type Scenario } from './scenario-schema';

export { GRANT_TYPE_VALUES, USER_CONTEXT_GRANT_TYPES, scenarioSchemas } from './scenario-schema';
export type { Fault, RateLimit, Scenario, ScenarioInput } from './scenario-schema';

export const SCENARIOS_DIR = join(__dirname, '..', '..', 'scenarios');
/** The shipped scenarios validated at build time (src/prebuilt.ts); only beside the compiled code. */
export const SCENARIOS_PREBUILT_DIR = join(__dirname, '..', 'prebuilt', 'scenarios');

/** Every division a scenario conversation belongs to (`divisionIds`, or the single `divisionId`). */
export function conversationDivisionIds(conversation: {
  divisionId?: string | undefined;
  divisionIds?: string[] | undefined;
}): string[] {
  return conversation.divisionIds ?? (conversation.divisionId !== undefined ? [conversation.divisionId] : []);
}

/** `-2h` → ISO string `now - 2h`; ISO strings are normalised to `toISOString()` form. */
export function resolveDate(value: string, now: number): string {
  const match = RELATIVE_DATE.exec(value);
  if (!match) return new Date(value).toISOString();
  const [, sign, amount, unit] = match as unknown as [string, string, string, string];
  const delta = Number(amount) * UNIT_MS[unit]!;
  return new Date(sign === '-' ? now - delta : now + delta).toISOString();
}

/** Resolve every relative date of a parsed scenario against `now` (returns a copy). */
export function resolveScenarioDates(scenario: Scenario, now: number): Scenario {
  const s = structuredClone(scenario);
  const d = (v: string) => resolveDate(v, now);
  const dOpt = (v: string | undefined) => (v === undefined ? undefined : d(v));
  for (const c of s.oauthClients) {
    c.dateCreated = d(c.dateCreated);
    c.dateModified = d(c.dateModified);
  }
  for (const u of s.users) for (const g of u.grants) g.grantMadeAt = d(g.grantMadeAt);
  for (const c of s.conversations) {
    c.startTime = dOpt(c.startTime);
    if (c.startTime === undefined) delete c.startTime;
    for (const r of c.recordings) {
      r.startTime = d(r.startTime);
      r.endTime = d(r.endTime);
      if (r.archiveDate !== undefined) r.archiveDate = d(r.archiveDate);
      if (r.deleteDate !== undefined) r.deleteDate = d(r.deleteDate);
    }
  }
  for (const row of s.usage) row.date = d(row.date);
  for (const a of s.authorizations) {
    a.dateCreated = d(a.dateCreated);
    a.dateModified = d(a.dateModified);
  }
  return s;
}

/** Validate raw scenario data and resolve its dates. Throws an Error listing every problem. */
export function parseScenario(raw: unknown, now: number = Date.now(), source = 'scenario'): Scenario {
  return resolveScenarioDates(validateScenario(raw, source), now);
}

/** Validate raw scenario data, dates left as written. Throws an Error listing every problem. */
function validateScenario(raw: unknown, source: string): Scenario {
  const result = scenarioSchemas().scenario.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
    throw new Error(`invalid ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}

function shippedFile(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  const target = name;
  for (const ext of ['.yaml', '.yml', '.json']) {
    const file = join(SCENARIOS_DIR, `${target}${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Scenario files describe one org (a few thousand roles at most); anything bigger is a wrong path. */
const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

function readScenarioFile(file: string): unknown {
  // A regular file of bounded size only: `/dev/zero` would be read forever and a FIFO would block open().
  const read = readSmallRegularFile(file, MAX_SCENARIO_BYTES);
  if (!read.ok) throw new Error(`scenario file ${file} ${read.problem}`);
  const text = read.text;
  try {
    if (extname(file) === '.json') return JSON.parse(text);
    // Loaded here, not at the top: a shipped scenario is read from its prebuilt form (no YAML parser needed).
    const { parse: parseYaml } = require('yaml') as typeof import('yaml');
    return parseYaml(text);
  } catch (err) {
    throw new Error(`cannot parse scenario file ${file}: ${(err as Error).message}`);
  }
}

/** A shipped scenario as validated at build time: its schema output, dates as written, and its description. */
export interface PrebuiltScenario {
  scenario: Scenario;
  description: string;
}

/** A shipped scenario file validated (dates as written), for the build's prebuilt form (scripts/build.ts). */
export function prebuildScenario(file: string): PrebuiltScenario {
  const raw = readScenarioFile(file);
  return { scenario: validateScenario(raw, `scenario ${basename(file)}`), description: descriptionOf(raw) };
}

/** A shipped scenario file's name without the extension (`healthy`). */
export function scenarioName(file: string): string {
  return basename(file).replace(/\.(ya?ml|json)$/i, '');
}

/** The prebuilt form of a shipped scenario file, when the build made one from the file's current bytes. */
function prebuiltScenario(file: string, dir: string): PrebuiltScenario | undefined {
  return readPrebuilt<PrebuiltScenario>(join(dir, `${scenarioName(file)}.json`), { scenario: file });
}

/**
 * A shipped scenario by name (`healthy`, `demo`, ...) or a scenario file path. `prebuiltDir`: where the build's
 * validated forms of the shipped scenarios are (src/prebuilt.ts).
 */
export function loadScenario(
  nameOrPath: string,
  now: number = Date.now(),
  prebuiltDir = SCENARIOS_PREBUILT_DIR,
): Scenario {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.(ya?ml|json)$/i.test(nameOrPath);
  const file = looksLikePath ? nameOrPath : shippedFile(nameOrPath);
  if (!file || !existsSync(file)) {
    const known = listScenarios()
      .map((s) => s.name)
      .join(', ');
    throw new Error(
      looksLikePath ? `scenario file not found: ${nameOrPath}` : `unknown scenario "${nameOrPath}" (shipped: ${known})`,
    );
  }
  const prebuilt = looksLikePath ? undefined : prebuiltScenario(file, prebuiltDir);
  if (prebuilt) return { ...resolveScenarioDates(prebuilt.scenario, now), name: scenarioName(file) };
  const raw = readScenarioFile(file);
  const scenario = parseScenario(raw, now, `scenario ${basename(file)}`);
  const explicitName = raw && typeof raw === 'object' && 'name' in raw;
  if (!looksLikePath || !explicitName) scenario.name = scenarioName(file);
  return scenario;
}

function descriptionOf(raw: unknown): string {
  return raw && typeof raw === 'object' && typeof (raw as { description?: unknown }).description === 'string'
    ? (raw as { description: string }).description
    : '';
}

/** Every shipped scenario with its description. */
export function listScenarios(prebuiltDir = SCENARIOS_PREBUILT_DIR): Array<{ name: string; description: string }> {
  if (!existsSync(SCENARIOS_DIR)) return [];
  const names = readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/, ''))
    .sort();
  return names.map((name) => {
    const file = shippedFile(name)!;
    return {
      name,
      description: prebuiltScenario(file, prebuiltDir)?.description ?? descriptionOf(readScenarioFile(file)),
    };
  });
}
