/**
 * Loads and validates the orgs config file. Nothing throws for bad input: every problem (YAML syntax,
 * schema, secrets, cross-field rules) comes back as a ConfigIssue, all of them at once.
 */
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { hostsForRegion } from '../genesys/regions';
import type { AppConfig, Approvers, ClientCredentials, OrgConfig } from './types';
import type { Secret } from './secret';
import { formatPath, type ConfigIssue, type PathSegment } from './issues';
import {
  ConfigFileSchema,
  DEFAULT_OPERATIONS,
  ORG_NAME_PATTERN,
  OrgSchema,
  type CredentialsInput,
  type OrgInput,
} from './schema';
import { zodIssuesToConfigIssues } from './zod-issues';
import { resolveClientSecret, type SecretSources } from './resolve-secret';
import { readSmallRegularFile } from './read-file';

/** A config file for many orgs is a few kilobytes; a megabyte is surely the wrong file. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: ConfigIssue[] };

export function loadConfig(path: string, env: NodeJS.ProcessEnv): ConfigResult {
  const fullPath = resolve(path);
  // Only a regular file, size checked before reading: `--config /dev/zero` or a FIFO used to hang start-up.
  const read = readSmallRegularFile(fullPath, MAX_CONFIG_FILE_BYTES);
  if (!read.ok) return { ok: false, errors: [{ path: '', message: `config file ${fullPath} ${read.problem}` }] };
  return parseConfigText(read.text, env, fullPath);
}

/** `source` names the file in messages; relative `clientSecretFile` paths are resolved against its directory. */
export function parseConfigText(yamlText: string, env: NodeJS.ProcessEnv, source: string): ConfigResult {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((error) => yamlSyntaxIssue(error, source)) };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch {
    // yaml refuses documents whose aliases expand without bound ("billion laughs").
    return { ok: false, errors: [{ path: '', message: `config file ${source} uses too many YAML aliases` }] };
  }
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      errors: [{ path: '', message: `config file ${source} is empty; it needs at least an orgs: mapping` }],
    };
  }
  return validateConfig(raw, { env, baseDir: dirname(resolve(source)) }, source);
}

/**
 * yaml's messages end with a quote of the offending lines. That quote could contain a secret someone
 * pasted into the file, so only the first sentence and the position are kept.
 */
function yamlSyntaxIssue(
  error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] },
  source: string,
): ConfigIssue {
  const firstSentence = error.message.split(/ at line \d+|:\n/)[0]?.trim() ?? 'syntax error';
  const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  return { path: '', message: `invalid YAML in ${source}${where}: ${firstSentence}` };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateConfig(raw: unknown, sources: SecretSources, source: string): ConfigResult {
  const issues: ConfigIssue[] = [];
  const file = ConfigFileSchema.safeParse(raw);
  if (!file.success) issues.push(...zodIssuesToConfigIssues(file.error.issues, ConfigFileSchema, raw, []));

  const orgs = new Map<string, OrgConfig>();
  const rawOrgs = isMapping(raw) && isMapping(raw.orgs) ? raw.orgs : undefined;
  if (rawOrgs && Object.keys(rawOrgs).length === 0) {
    issues.push({ path: 'orgs', message: 'no orgs configured; add at least one' });
  }
  const channelOwner = new Map<string, string>();
  for (const [name, rawOrg] of Object.entries(rawOrgs ?? {})) {
    const path: PathSegment[] = ['orgs', name];
    if (!ORG_NAME_PATTERN.test(name)) {
      const suggestion = name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .slice(0, 40);
      issues.push({
        path: formatPath(path),
        message: 'org names are 1 to 40 lowercase letters, digits or "-"',
        ...(ORG_NAME_PATTERN.test(suggestion) ? { hint: `try ${JSON.stringify(suggestion)}` } : {}),
      });
    }
    const org = validateOrg(name, rawOrg, sources, issues);
    if (org) orgs.set(name, org);
    checkChannelsUnique(name, rawOrg, channelOwner, issues);
  }

  if (issues.length > 0 || !file.success) return { ok: false, errors: issues };
  return { ok: true, config: { orgs, allowedChannels: file.data.allowedChannels ?? [], source } };
}

/** Validates one org; pushes its issues and returns the org only when it has none. */
function validateOrg(
  name: string,
  rawOrg: unknown,
  sources: SecretSources,
  issues: ConfigIssue[],
): OrgConfig | undefined {
  const path: PathSegment[] = ['orgs', name];
  const before = issues.length;
  const parsed = OrgSchema.safeParse(rawOrg);
  if (!parsed.success) issues.push(...zodIssuesToConfigIssues(parsed.error.issues, OrgSchema, rawOrg, path));
  if (!isMapping(rawOrg)) return undefined;

  checkLocation(rawOrg, path, issues);
  const secrets: Partial<Record<'diagnostic' | 'fixer' | 'probe', Secret>> = {};
  for (const role of ['diagnostic', 'fixer', 'probe'] as const) {
    const credentials = rawOrg[role];
    if (isMapping(credentials)) {
      const secret = resolveClientSecret(credentials, [...path, role], sources, issues);
      if (secret) secrets[role] = secret;
    }
  }
  if (rawOrg.fixer !== undefined && !hasApprovers(rawOrg.approvers)) {
    issues.push({
      path: formatPath([...path, 'approvers']),
      message: 'fixer credentials are configured but nobody can approve fixes',
      hint: 'add approvers.users or approvers.userGroup, or remove fixer',
    });
  }
  // The read-only diagnostic client must never be the one that writes (PRODUCT: separate fixer credentials).
  const diagnosticId = isMapping(rawOrg.diagnostic) ? String(rawOrg.diagnostic.clientId ?? '').toLowerCase() : '';
  for (const role of ['fixer', 'probe'] as const) {
    const other = rawOrg[role];
    if (diagnosticId && isMapping(other) && String(other.clientId ?? '').toLowerCase() === diagnosticId) {
      issues.push({
        path: formatPath([...path, role, 'clientId']),
        message: `${role} uses the same OAuth client as diagnostic`,
        hint:
          role === 'fixer'
            ? 'create a separate fixer client: the diagnostic one must stay read-only'
            : "probe takes the target integration's own client",
      });
    }
  }
  if (rawOrg.liveFixes !== undefined && rawOrg.managedAs === undefined) {
    issues.push({
      path: formatPath([...path, 'liveFixes']),
      message: 'liveFixes only applies to an org managed as code',
      hint: 'add managedAs: terraform, or remove liveFixes (other orgs always get the live fix buttons)',
    });
  }
  if (isMapping(rawOrg.target) && rawOrg.target.client === undefined && rawOrg.target.user === undefined) {
    issues.push({
      path: formatPath([...path, 'target']),
      message: 'target needs client, user or both (or leave target out)',
    });
  }

  if (!parsed.success || issues.length > before) return undefined;
  return buildOrg(name, parsed.data, secrets);
}

/** `region`, or both `apiBaseUrl` and `loginBaseUrl`; never both forms. */
function checkLocation(rawOrg: Record<string, unknown>, path: PathSegment[], issues: ConfigIssue[]): void {
  const hasRegion = rawOrg.region !== undefined;
  const hasApi = rawOrg.apiBaseUrl !== undefined;
  const hasLogin = rawOrg.loginBaseUrl !== undefined;
  if (hasRegion && (hasApi || hasLogin)) {
    issues.push({
      path: formatPath([...path, 'region']),
      message: 'give either region or apiBaseUrl and loginBaseUrl, not both',
    });
  } else if (!hasRegion && !hasApi && !hasLogin) {
    issues.push({
      path: formatPath(path),
      message: 'needs region (e.g. us-east-1) or both apiBaseUrl and loginBaseUrl',
    });
  } else if (!hasRegion && hasApi !== hasLogin) {
    const missing = hasApi ? 'loginBaseUrl' : 'apiBaseUrl';
    const present = hasApi ? 'apiBaseUrl' : 'loginBaseUrl';
    issues.push({ path: formatPath([...path, missing]), message: `is required together with ${present}` });
  }
}

function hasApprovers(rawApprovers: unknown): boolean {
  if (!isMapping(rawApprovers)) return false;
  const users = rawApprovers.users;
  return (Array.isArray(users) && users.length > 0) || rawApprovers.userGroup !== undefined;
}

/** A channel mapped to two orgs would make pasted errors ambiguous. */
function checkChannelsUnique(name: string, rawOrg: unknown, owner: Map<string, string>, issues: ConfigIssue[]): void {
  if (!isMapping(rawOrg) || !Array.isArray(rawOrg.channels)) return;
  rawOrg.channels.forEach((channel, index) => {
    if (typeof channel !== 'string') return;
    const other = owner.get(channel);
    if (other !== undefined && other !== name) {
      issues.push({
        path: formatPath(['orgs', name, 'channels', index]),
        message: `channel ${channel} is already mapped to org ${other}; a channel maps to one org`,
        hint: 'use allowedChannels for channels that may check any org',
      });
    } else owner.set(channel, name);
  });
}

function buildOrg(
  name: string,
  input: OrgInput,
  secrets: Partial<Record<'diagnostic' | 'fixer' | 'probe', Secret>>,
): OrgConfig | undefined {
  const hosts = input.region
    ? hostsForRegion(input.region)
    : input.apiBaseUrl && input.loginBaseUrl
      ? { apiBaseUrl: input.apiBaseUrl, loginBaseUrl: input.loginBaseUrl }
      : undefined;
  const diagnostic = credentials(input.diagnostic, secrets.diagnostic);
  if (!hosts || !diagnostic) return undefined; // unreachable once validation passed; keeps the types honest
  const approvers: Approvers = { users: input.approvers?.users ?? [] };
  if (input.approvers?.userGroup) approvers.userGroup = input.approvers.userGroup;
  if (input.approvers?.channel) approvers.channel = input.approvers.channel;
  const org: OrgConfig = {
    name,
    apiBaseUrl: hosts.apiBaseUrl,
    loginBaseUrl: hosts.loginBaseUrl,
    diagnostic,
    channels: input.channels ?? [],
    approvers,
    operations: input.operations ?? [...DEFAULT_OPERATIONS],
  };
  if (input.region) org.region = input.region;
  if (input.orgId) org.orgId = input.orgId;
  const fixer = credentials(input.fixer, secrets.fixer);
  if (fixer) org.fixer = fixer;
  const probe = credentials(input.probe, secrets.probe);
  if (probe) org.probe = probe;
  if (input.target) {
    org.target = {};
    if (input.target.client) org.target.client = input.target.client;
    if (input.target.user) org.target.user = input.target.user;
  }
  if (input.requiredProduct) org.requiredProduct = input.requiredProduct;
  if (input.scopeEnforcement) org.scopeEnforcement = input.scopeEnforcement;
  if (input.schedule) org.schedule = input.schedule;
  if (input.managedAs) org.managedAs = input.managedAs;
  if (input.liveFixes !== undefined) org.liveFixes = input.liveFixes;
  return org;
}

function credentials(input: CredentialsInput | undefined, secret: Secret | undefined): ClientCredentials | undefined {
  return input && secret ? { clientId: input.clientId, clientSecret: secret } : undefined;
}
