/**
 * `sr-check doctor`: is this installation able to work? One line per item, exit 1 when any fails:
 *   config                 the orgs file loads (every problem: sr-check config validate)
 *   slack                  auth.test with SLACK_BOT_TOKEN (skipped with a note when it is not set)
 *   <org> login            the diagnostic client gets a token from the org's login host
 *   <org> api              the API host answers (GET /api/v2/tokens/me, no permission needed) for the configured orgId
 *   <org> permissions      the diagnostic client's roles carry what the checks need (src/catalog/sr-check-clients.ts,
 *                          the list docs/deploy.md shows); a `sometimes` permission missing is a warning
 *   <org> fixer            only when the org has fixer credentials: they get a token and hold what applying fixes needs
 *   <org> fixer roles      the roles sr-check would propose that the fixer cannot hand out (a client assigns only
 *                          roles it holds: Terraform provider, genesyscloud_oauth_client `roles`); a warning
 *   store                  PostgreSQL (SR_CHECK_DATABASE_URL) reachable, or the SQLite file readable or creatable;
 *                          nothing is created or migrated (the app migrates at start)
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DIAGNOSTIC_CLIENT_PERMISSIONS,
  FIXER_CLIENT_PERMISSIONS,
  type OwnClientPermission,
} from '../catalog/sr-check-clients';
import { formatConfigIssues } from '../config/issues';
import { loadConfig } from '../config/load-config';
import { LOG_LEVELS } from '../config/startup-env';
import type { AppConfig, OrgConfig } from '../config/types';
import { roleMatch } from '../diagnosis/role-evaluation';
import type { GenesysApi } from '../genesys/api';
import type { Role, RoleDivision } from '../genesys/models';
import { describeError } from '../genesys/result';
import { createLogger } from '../log';
import { terminalSafe } from '../render/terminal';
import { compose } from '../compose';
import { PostgresStore, redactDatabaseUrl } from '../store/postgres-store';
import { POSTGRES_MIGRATIONS } from '../store/postgres-migrations';
import { databasePathFromEnv, SqliteStore } from '../store/sqlite-store';
import { coloursFor } from './colour';
import { EXIT, type CliIo } from './io';
import { describeSlackError, slackClientFromEnv } from './slack-client';

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorItem {
  item: string;
  status: DoctorStatus;
  detail: string;
}

export async function runDoctor(options: { configPath?: string; json: boolean }, io: CliIo): Promise<number> {
  const items: DoctorItem[] = [];
  const config = configItem(options.configPath, io.env, items);
  items.push(await slackItem(io.env));
  if (config) {
    // An unknown LOG_LEVEL would make pino throw; the app refuses it at start, doctor just stays quiet.
    const level = LOG_LEVELS.find((l) => l === io.env.LOG_LEVEL?.trim().toLowerCase()) ?? 'silent';
    const logger = createLogger({ level });
    // Few retries and a short timeout: an unreachable org should say so in seconds, not minutes.
    const { services } = compose({
      config,
      logger,
      clientOptions: { retry: { retries: 1, budgetMs: 5_000 }, timeoutMs: 10_000 },
    });
    try {
      for (const org of config.orgs.values()) {
        items.push(...(await orgItems(org, services.genesys(org, 'diagnostic')!)));
        const fixer = services.genesys(org, 'fixer');
        if (fixer) {
          const fixerLogin = await fixerItem(org, fixer);
          items.push(fixerLogin);
          // Which proposed roles it could hand out, once it logs in at all.
          if (fixerLogin.status !== 'fail')
            items.push(await fixerRolesItem(org, fixer, () => services.diagnoser.proposableRoles(org.name)));
        }
      }
    } finally {
      await services.close();
    }
  }
  items.push(await storeItem(io.env));

  const failed = items.some((i) => i.status === 'fail');
  if (options.json) io.stdout(`${JSON.stringify({ ok: !failed, items }, null, 2)}\n`);
  else io.stdout(`${formatDoctorItems(items, io)}\n`);
  return failed ? EXIT.fail : EXIT.ok;
}

const WORD: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' };
const STYLE = { ok: 'pass', warn: 'warn', fail: 'fail', skip: 'skipped' } as const;

export function formatDoctorItems(items: DoctorItem[], io: Pick<CliIo, 'env' | 'tty'>): string {
  const colours = coloursFor(io);
  const width = Math.max(...items.map((i) => i.item.length));
  return items
    .map(
      (i) =>
        `${colours.status(STYLE[i.status], WORD[i.status].padEnd(4))}  ${terminalSafe(i.item.padEnd(width))}  ${terminalSafe(i.detail)}`,
    )
    .join('\n');
}

function configItem(path: string | undefined, env: NodeJS.ProcessEnv, items: DoctorItem[]): AppConfig | undefined {
  if (!path) {
    items.push({ item: 'config', status: 'fail', detail: 'no orgs file: give --config FILE or set SR_CHECK_CONFIG' });
    return undefined;
  }
  const loaded = loadConfig(path, env);
  if (!loaded.ok) {
    const first = formatConfigIssues(loaded.errors.slice(0, 1));
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more)` : '';
    items.push({
      item: 'config',
      status: 'fail',
      detail: `${path} is not valid: ${first}${more}; sr-check config validate lists every problem`,
    });
    return undefined;
  }
  const names = [...loaded.config.orgs.keys()];
  items.push({
    item: 'config',
    status: 'ok',
    detail: `${loaded.config.source}: ${names.length} org(s) (${names.join(', ')})`,
  });
  return loaded.config;
}

async function slackItem(env: NodeJS.ProcessEnv): Promise<DoctorItem> {
  const slack = slackClientFromEnv(env);
  if (!slack.ok) {
    return slack.reason === 'unset'
      ? {
          item: 'slack',
          status: 'skip',
          detail: 'SLACK_BOT_TOKEN is not set (the CLI does not need it; the Slack app does)',
        }
      : { item: 'slack', status: 'fail', detail: slack.message };
  }
  try {
    const auth = await slack.client.auth.test();
    return {
      item: 'slack',
      status: 'ok',
      detail: `auth.test: bot ${auth.user ?? '?'} (${auth.user_id ?? '?'}) in workspace ${auth.team ?? '?'} (${auth.team_id ?? '?'})`,
    };
  } catch (error) {
    return { item: 'slack', status: 'fail', detail: `auth.test: ${describeSlackError(error)}` };
  }
}

async function orgItems(org: OrgConfig, api: GenesysApi): Promise<DoctorItem[]> {
  const name = `${org.name} `;
  const login = await api.ensureToken();
  if (!login.ok) {
    return [
      { item: `${name}login`, status: 'fail', detail: `${org.loginBaseUrl}: ${describeError(login.error)}` },
      { item: `${name}api`, status: 'skip', detail: 'needs a token' },
      { item: `${name}permissions`, status: 'skip', detail: 'needs a token' },
    ];
  }
  const items: DoctorItem[] = [
    {
      item: `${name}login`,
      status: 'ok',
      detail: `diagnostic client ${org.diagnostic.clientId} got a token from ${org.loginBaseUrl}`,
    },
  ];
  const me = await api.getTokenInfo({ fresh: true });
  if (!me.ok) {
    items.push({ item: `${name}api`, status: 'fail', detail: `${org.apiBaseUrl}: ${describeError(me.error)}` });
    items.push({ item: `${name}permissions`, status: 'skip', detail: 'needs the API' });
    return items;
  }
  const orgRef = me.value.organization;
  if (org.orgId && orgRef.id.toLowerCase() !== org.orgId.toLowerCase()) {
    items.push({
      item: `${name}api`,
      status: 'fail',
      detail: `the credentials belong to org ${orgRef.name ?? ''} (${orgRef.id}), not the configured orgId ${org.orgId}`,
    });
  } else {
    items.push({
      item: `${name}api`,
      status: 'ok',
      detail: `${org.apiBaseUrl} answers for org ${orgRef.name ?? ''} (${orgRef.id})${org.orgId ? ', the configured orgId' : ''}`,
    });
  }
  const diagnostic: ClientUnderTest = {
    kind: 'diagnostic',
    clientId: org.diagnostic.clientId,
    needs: DIAGNOSTIC_CLIENT_PERMISSIONS,
    purpose: 'the checks need',
  };
  items.push(await permissionsItem(`${name}permissions`, diagnostic, api, me.value.OAuthClient?.roleDivisions));
  return items;
}

interface ClientUnderTest {
  /** `diagnostic` or `fixer`, as in the orgs file. */
  kind: 'diagnostic' | 'fixer';
  clientId: string;
  needs: readonly OwnClientPermission[];
  /** What the permissions are for, in the ok line. */
  purpose: string;
}

/** A client's roles (from tokens/me, else its OAuth client) against what sr-check needs of it (src/catalog/sr-check-clients.ts). */
async function permissionsItem(
  item: string,
  client: ClientUnderTest,
  api: GenesysApi,
  fromToken: RoleDivision[] | undefined,
): Promise<DoctorItem> {
  const who = `the ${client.kind} client`;
  let grants = fromToken;
  if (!grants) {
    const read = await api.getOAuthClient(client.clientId, { fresh: true });
    if (!read.ok) return { item, status: 'fail', detail: `cannot read ${who}'s roles: ${describeError(read.error)}` };
    grants = read.value.roleDivisions ?? [];
  }
  const roles: Role[] = [];
  for (const roleId of [...new Set(grants.map((g) => g.roleId))]) {
    const role = await api.getRole(roleId, { fresh: true });
    if (!role.ok)
      return {
        item,
        status: 'fail',
        detail: `cannot read role ${roleId}: ${describeError(role.error)} (${who} needs authorization:role:view)`,
      };
    roles.push(role.value);
  }
  const missingAlways: string[] = [];
  const missingSometimes: string[] = [];
  const conditional: string[] = [];
  for (const need of client.needs) {
    const matches = roles.map((role) => roleMatch(role, need.permission));
    if (matches.includes('granted')) continue;
    if (matches.includes('conditional')) conditional.push(need.permission);
    else (need.need === 'always' ? missingAlways : missingSometimes).push(`${need.permission} (${need.whenMissing})`);
  }
  if (missingAlways.length > 0) {
    return {
      item,
      status: 'fail',
      detail: `${who} lacks ${[...missingAlways, ...missingSometimes].join('; ')}. docs/deploy.md lists what its role needs`,
    };
  }
  if (missingSometimes.length > 0 || conditional.length > 0) {
    const parts = [
      ...missingSometimes.map((m) => `lacks ${m}`),
      ...conditional.map((p) => `holds ${p} only under a condition`),
    ];
    return { item, status: 'warn', detail: `${who} ${parts.join('; ')}` };
  }
  const divisions = new Set(grants.map((g) => g.divisionId));
  const where = divisions.has('*')
    ? 'in all divisions'
    : `in ${divisions.size} division(s) only: identities and conversations elsewhere are out of its reach`;
  return {
    item,
    status: divisions.has('*') ? 'ok' : 'warn',
    detail: `${who} holds all ${client.needs.length} permissions ${client.purpose} (${roles.map((r) => r.name).join(', ')}), ${where}`,
  };
}

/** The fixer client, when the org has one: it gets a token and holds what applying fixes needs. Nothing is changed. */
async function fixerItem(org: OrgConfig, api: GenesysApi): Promise<DoctorItem> {
  const item = `${org.name} fixer`;
  const login = await api.ensureToken();
  if (!login.ok)
    return {
      item,
      status: 'fail',
      detail: `fixer client ${org.fixer!.clientId}: ${org.loginBaseUrl}: ${describeError(login.error)}`,
    };
  const me = await api.getTokenInfo({ fresh: true });
  if (!me.ok) return { item, status: 'fail', detail: `${org.apiBaseUrl}: ${describeError(me.error)}` };
  if (org.orgId && me.value.organization.id.toLowerCase() !== org.orgId.toLowerCase()) {
    return {
      item,
      status: 'fail',
      detail: `the fixer credentials belong to org ${me.value.organization.name ?? ''} (${me.value.organization.id}), not the configured orgId ${org.orgId}`,
    };
  }
  return permissionsItem(
    item,
    {
      kind: 'fixer',
      clientId: org.fixer!.clientId,
      needs: FIXER_CLIENT_PERMISSIONS,
      purpose: 'applying approved fixes needs',
    },
    api,
    me.value.OAuthClient?.roleDivisions,
  );
}

/**
 * Which of the roles sr-check would propose the fixer cannot hand out: the Genesys Terraform provider documents
 * for an OAuth client's roles "The roles must also already be assigned to the OAuth Client used by Terraform" (the
 * client making the change; sr-check's fixer plays that part). Which division its own grant must be in is not
 * documented, so a role held in any division counts.
 */
async function fixerRolesItem(
  org: OrgConfig,
  fixer: GenesysApi,
  proposable: () => Promise<Role[] | undefined>,
): Promise<DoctorItem> {
  const item = `${org.name} fixer roles`;
  const me = await fixer.getTokenInfo();
  const held = me.ok ? me.value.OAuthClient?.roleDivisions : undefined;
  if (!held)
    return { item, status: 'warn', detail: "could not read the fixer's own roles (tokens/me has no roleDivisions)" };
  const roles = await proposable();
  if (!roles)
    return { item, status: 'warn', detail: "could not read the org's roles to list what sr-check would propose" };
  const lacking = roles.filter((r) => !held.some((rd) => rd.roleId === r.id));
  if (lacking.length === 0)
    return {
      item,
      status: 'ok',
      detail: `the fixer holds every role sr-check would propose (${roles.map((r) => `"${r.name}"`).join(', ') || 'none'})`,
    };
  return {
    item,
    status: 'warn',
    detail:
      `the fixer cannot hand out ${lacking.map((r) => `"${r.name}"`).join(', ')}, which sr-check would propose: a client ` +
      'can only assign roles it holds (Terraform provider: "The roles must also already be assigned to the OAuth Client ' +
      `used by Terraform"); give fixer client ${org.fixer!.clientId} those roles, or grant them by hand`,
  };
}

async function storeItem(env: NodeJS.ProcessEnv): Promise<DoctorItem> {
  const url = env.SR_CHECK_DATABASE_URL?.trim();
  if (url) {
    const schema = env.SR_CHECK_DATABASE_SCHEMA?.trim() || undefined;
    const where = `PostgreSQL ${redactDatabaseUrl(url)}${schema ? ` (schema ${schema})` : ''}`;
    const store = new PostgresStore({
      connectionString: url,
      connectionTimeoutMs: 5_000,
      maxConnections: 1,
      ...(schema ? { schema } : {}),
    });
    try {
      const applied = await store.appliedMigrations();
      const pending = POSTGRES_MIGRATIONS.filter((m) => !applied.includes(m.version)).length;
      return {
        item: 'store',
        status: 'ok',
        detail: `${where}: reachable, ${applied.length} migration(s) applied${pending ? `, ${pending} to apply at the app's next start` : ''}`,
      };
    } catch (error) {
      // 42P01: no migrations table yet, a fresh database the app will set up at start.
      if ((error as { code?: string }).code === '42P01')
        return {
          item: 'store',
          status: 'ok',
          detail: `${where}: reachable, empty (the app creates its tables at start)`,
        };
      return { item: 'store', status: 'fail', detail: `${where}: ${(error as Error).message}` };
    } finally {
      await store.close().catch(() => undefined);
    }
  }
  const path = databasePathFromEnv(env);
  if (path === ':memory:')
    return {
      item: 'store',
      status: 'warn',
      detail: 'SQLite in memory (SR_CHECK_DB=:memory:): approvals and the audit log are lost at exit',
    };
  if (!existsSync(path)) {
    try {
      accessSync(dirname(path), constants.W_OK);
      return {
        item: 'store',
        status: 'ok',
        detail: `SQLite ${path} does not exist yet; the app creates it at start (directory writable)`,
      };
    } catch {
      return {
        item: 'store',
        status: 'fail',
        detail: `SQLite ${path} does not exist and its directory is not writable`,
      };
    }
  }
  try {
    const store = new SqliteStore({ path, readonly: true });
    try {
      await store.listAudit({ limit: 1 });
    } finally {
      await store.close();
    }
    return { item: 'store', status: 'ok', detail: `SQLite ${path}: readable` };
  } catch (error) {
    return { item: 'store', status: 'fail', detail: `SQLite ${path}: ${(error as Error).message}` };
  }
}
