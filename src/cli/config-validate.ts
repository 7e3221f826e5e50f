/**
 * `sr-check config validate [FILE]`: the orgs file's shape and references (regions, URLs, operations against the
 * catalog, Slack ids, secret sources, fixer without approvers…) checked by the same loader the app uses, but
 * without needing the secrets themselves: a secret whose environment variable is unset (or empty) or whose file
 * does not exist is listed, and fails the command only with --require-secrets. No secret value is read into
 * any message; environment variable names are shown only when they look like one.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MAX_CONFIG_FILE_BYTES, parseConfigText } from '../config/load-config';
import { readSmallRegularFile } from '../config/read-file';
import { formatConfigIssues, type ConfigIssue } from '../config/issues';
import { formatPath } from '../config/issues';
import { EXIT, type CliIo } from './io';

export interface UnsetSecret {
  /** Where in the file: `orgs.acme.diagnostic.clientSecretEnv`. */
  path: string;
  /** `environment variable ACME_SECRET is not set`, `file /run/secrets/x does not exist`. */
  message: string;
}

export interface ConfigValidation {
  file: string;
  valid: boolean;
  orgs: string[];
  issues: ConfigIssue[];
  unsetSecrets: UnsetSecret[];
}

const CREDENTIAL_BLOCKS = ['diagnostic', 'fixer', 'probe'] as const;
/** Same rule as the loader: a name is echoed only when it looks like one, in case the secret itself was put there. */
const CONVENTIONAL_ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Stands in for a secret that is not set, so the loader checks everything else; never shown or used. */
const PLACEHOLDER = 'sr-check-config-validate-placeholder';

export function validateConfigFile(file: string, env: NodeJS.ProcessEnv): ConfigValidation {
  const fullPath = resolve(file);
  const unsetSecrets: UnsetSecret[] = [];
  // Read once, as the loader reads it: only a regular file, size checked first (`/dev/zero` used to be read
  // without end here, and a FIFO blocked), and the same text is scanned for secret sources and validated.
  const read = readSmallRegularFile(fullPath, MAX_CONFIG_FILE_BYTES);
  if (!read.ok) {
    const issues = [{ path: '', message: `config file ${fullPath} ${read.problem}` }];
    return { file: fullPath, valid: false, orgs: [], issues, unsetSecrets };
  }
  const absentFilePaths = new Set<string>();
  const filledEnv: NodeJS.ProcessEnv = { ...env };
  for (const { path, block } of credentialBlocks(read.text)) {
    const envName = block.clientSecretEnv;
    const secretFile = block.clientSecretFile;
    if (typeof envName === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(envName) && !env[envName]?.trim()) {
      const shown = CONVENTIONAL_ENV_NAME.test(envName)
        ? `environment variable ${envName}`
        : 'the environment variable named here';
      unsetSecrets.push({
        path: formatPath([...path, 'clientSecretEnv']),
        message: `${shown} is ${env[envName] === undefined ? 'not set' : 'empty'}`,
      });
      filledEnv[envName] = PLACEHOLDER;
    }
    if (typeof secretFile === 'string' && secretFile.trim() !== '') {
      const secretPath = isAbsolute(secretFile.trim())
        ? secretFile.trim()
        : resolve(dirname(fullPath), secretFile.trim());
      if (!existsSync(secretPath)) {
        const where = formatPath([...path, 'clientSecretFile']);
        unsetSecrets.push({ path: where, message: `file ${secretPath} does not exist` });
        absentFilePaths.add(where);
      }
    }
  }
  const loaded = parseConfigText(read.text, filledEnv, fullPath);
  if (loaded.ok) return { file: fullPath, valid: true, orgs: [...loaded.config.orgs.keys()], issues: [], unsetSecrets };
  // A secret file that is not there is reported above as unset, not as a problem with the file's shape.
  const issues = loaded.errors.filter((issue) => !absentFilePaths.has(issue.path));
  return {
    file: fullPath,
    valid: issues.length === 0,
    orgs: issues.length === 0 ? orgNames(read.text) : [],
    issues,
    unsetSecrets,
  };
}

export function runConfigValidate(
  file: string,
  options: { requireSecrets: boolean; json: boolean },
  io: CliIo,
): number {
  const result = validateConfigFile(file, io.env);
  const secretsFail = options.requireSecrets && result.unsetSecrets.length > 0;
  const code = !result.valid || secretsFail ? EXIT.usage : EXIT.ok;
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return code;
  }
  if (!result.valid) {
    io.stderr(`sr-check: configuration ${result.file} is not valid:\n${formatConfigIssues(result.issues)}\n`);
  } else {
    const orgs = result.orgs.length === 1 ? '1 org' : `${result.orgs.length} orgs`;
    io.stdout(`${result.file} is valid: ${orgs} (${result.orgs.join(', ')}).\n`);
  }
  if (result.unsetSecrets.length > 0) {
    const lines = result.unsetSecrets.map((s) => `  ${s.path}: ${s.message}`);
    const header = secretsFail
      ? 'sr-check: secrets not set (--require-secrets):'
      : 'Secrets not set here (the app and the checks need them; --require-secrets makes this an error):';
    (secretsFail ? io.stderr : io.stdout)(`${header}\n${lines.join('\n')}\n`);
  }
  return code;
}

/** Every diagnostic/fixer/probe block of the file, as written (the loader validates them; this only finds secret sources). */
function credentialBlocks(text: string): Array<{ path: Array<string | number>; block: Record<string, unknown> }> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return []; // not YAML: the loader says why
  }
  const orgs = isMapping(raw) && isMapping(raw.orgs) ? raw.orgs : {};
  const blocks: Array<{ path: Array<string | number>; block: Record<string, unknown> }> = [];
  for (const [name, org] of Object.entries(orgs)) {
    if (!isMapping(org)) continue;
    for (const kind of CREDENTIAL_BLOCKS) {
      const block = org[kind];
      if (isMapping(block)) blocks.push({ path: ['orgs', name, kind], block });
    }
  }
  return blocks;
}

function orgNames(text: string): string[] {
  try {
    const raw: unknown = parseYaml(text, { maxAliasCount: 100 });
    return isMapping(raw) && isMapping(raw.orgs) ? Object.keys(raw.orgs) : [];
  } catch {
    return [];
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
