/**
 * The scenario file's schema (zod), built on first use (scenarioSchemas): a demo start reads its shipped
 * scenario from the prebuilt form (src/prebuilt.ts) and never validates, so it does not pay for building
 * some hundred zod schemas. Loading and date resolution: scenario.ts.
 */
import * as z from 'zod';

export const RELATIVE_DATE = /^([+-])(\d+)(s|m|h|d|w)$/;
export const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
export const GRANT_TYPE_VALUES = ['CODE', 'TOKEN', 'SAML2BEARER', 'PASSWORD', 'CLIENT-CREDENTIALS'] as const;
export const USER_CONTEXT_GRANT_TYPES: ReadonlySet<string> = new Set(['CODE', 'TOKEN', 'SAML2BEARER']);
/**
 * The SDK documents ARCHIVED, AVAILABLE, DELETED, RESTORED, RESTORING, UPLOADING and ERROR, but Genesys adds
 * values over time (older SDKs lack ERROR), so a scenario may carry any upper-case state (e.g. PURGED) and
 * the simulator serves it as is.
 */
const FILE_STATE = /^[A-Z_]+$/;
const FAULT_MATCH = /^(\*|(\*|[A-Z]+) \/\S*)$/;
const CHECK_NAMES = ['credentials', 'scope', 'role', 'feature', 'interaction', 'token', 'probe'] as const;

function buildSchemas() {
  /** Genesys ids are UUIDs; `guid` accepts any 8-4-4-4-12 hex id (hand-written ids need not be v4). */
  const id = z.guid();
  /** A division id, or `*` for "all divisions". */
  const divisionRef = z.union([id, z.literal('*')]);

  /** An ISO date-time, or a date relative to the simulator's clock: `-2h`, `-10m`, `+3d`. */
  const dateField = z.string().refine((s) => RELATIVE_DATE.test(s) || !Number.isNaN(Date.parse(s)), {
    message: 'expected an ISO date-time or a relative date such as -2h, -10m, +3d',
  });

  const policySchema = z.strictObject({
    domain: z.string().min(1),
    entityName: z.string().min(1),
    actionSet: z.array(z.string().min(1)).min(1),
    allowConditions: z.boolean().optional(),
    resourceConditionNode: z.unknown().optional(),
  });

  const roleSchema = z.strictObject({
    id,
    name: z.string().min(1),
    description: z.string().optional(),
    permissionPolicies: z.array(policySchema).default([]),
  });

  const roleDivisionSchema = z.strictObject({ roleId: id, divisionId: divisionRef });

  const oauthClientSchema = z.strictObject({
    id,
    name: z.string().min(1),
    description: z.string().optional(),
    secret: z.string().min(1),
    authorizedGrantType: z.enum(GRANT_TYPE_VALUES),
    scope: z.array(z.string().min(1)).optional(),
    roleDivisions: z.array(roleDivisionSchema).optional(),
    state: z.enum(['active', 'disabled', 'inactive']).default('active'),
    dateCreated: dateField,
    dateModified: dateField,
    accessTokenValiditySeconds: z.number().int().min(300).max(172800).default(86400),
  });

  const userSchema = z.strictObject({
    id,
    name: z.string().min(1),
    grants: z.array(z.strictObject({ roleId: id, divisionId: divisionRef, grantMadeAt: dateField })).default([]),
  });

  const recordingSchema = z.strictObject({
    id,
    media: z.enum(['audio', 'email', 'chat', 'message', 'screen', 'video']),
    fileState: z.string().regex(FILE_STATE, 'expected an upper-case file state such as AVAILABLE, ARCHIVED or PURGED'),
    archiveDate: dateField.optional(),
    archiveMedium: z.string().optional(),
    deleteDate: dateField.optional(),
    startTime: dateField,
    endTime: dateField,
    sessionId: id.optional(),
  });

  const conversationSchema = z.strictObject({
    id,
    /** The conversation's division; or `divisionIds` when it belongs to several (exactly one of the two). */
    divisionId: id.optional(),
    divisionIds: z.array(id).min(1).optional(),
    startTime: dateField.optional(),
    /** The recordings endpoint answers 202 (still processing) instead of the list. */
    recordingsProcessing: z.boolean().default(false),
    recordings: z.array(recordingSchema).default([]),
  });

  /**
   * An OAuth client created in another org (an AppFoundry vendor's app) and this org's authorization of it
   * (Admin > Authorized Applications). Not one of this org's clients: GET /oauth/clients/{id} answers 404.
   */
  const authorizationSchema = z.strictObject({
    clientId: id,
    clientName: z.string().min(1),
    scope: z.array(z.string().min(1)).default([]),
    /** SDK OAuthAuthorization.state (OutdatedSdkVersion is left out: nothing here models SDK versions). */
    state: z.enum(['Authorized', 'Unauthorized', 'Requested', 'Revoked']),
    grantType: z.enum(['CODE', 'TOKEN', 'SAML2BEARER']).default('CODE'),
    dateCreated: dateField.default('-30d'),
    dateModified: dateField.default('-30d'),
  });

  /** A permission string `domain:entity:action`. */
  const permissionString = z.string().regex(/^[^:\s]+:[^:\s]+:[^:\s]+$/, 'expected domain:entity:action');

  const usageRowSchema = z.strictObject({
    clientId: id,
    templateUri: z.string().min(1),
    httpMethod: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']),
    date: dateField,
    status200: z.number().int().min(0).default(0),
    status300: z.number().int().min(0).default(0),
    status400: z.number().int().min(0).default(0),
    status429: z.number().int().min(0).default(0),
    status500: z.number().int().min(0).default(0),
    /** Defaults to the sum of the status columns. */
    requests: z.number().int().min(0).optional(),
  });

  const faultBase = {
    /** `*`, or `METHOD /path-or-template-glob` (`*` matches one segment, `**` any rest; method may be `*`). */
    match: z.string().regex(FAULT_MATCH, 'expected "*" or "METHOD /path" (METHOD may be *)'),
    /** How many requests the fault applies to; unlimited when absent. */
    times: z.number().int().positive().optional(),
    /** Only requests of this OAuth client (its token, or its credentials at login); every client when absent. */
    clientId: id.optional(),
  };
  const faultSchema = z.discriminatedUnion('kind', [
    z.strictObject({ ...faultBase, kind: z.literal('latency'), ms: z.number().int().min(0) }),
    z.strictObject({ ...faultBase, kind: z.literal('timeout') }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('status'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
      code: z.string().optional(),
    }),
    z.strictObject({ ...faultBase, kind: z.literal('rate-limit'), retryAfter: z.number().int().min(1) }),
    z.strictObject({ ...faultBase, kind: z.literal('malformed') }),
    z.strictObject({ ...faultBase, kind: z.literal('unexpected') }),
    /**
     * A login host or proxy that quotes the request's credentials back in its error body: the Authorization
     * header verbatim, its value without the scheme, and for Basic the decoded `id:secret` and the URL-encoded
     * secret. Login requests get an OAuth-style body, API requests a platform ErrorBody.
     */
    z.strictObject({
      ...faultBase,
      kind: z.literal('echo-credentials'),
      status: z.union([z.literal(400), z.literal(401), z.literal(403), z.literal(500), z.literal(502)]).default(401),
    }),
  ]);

  const rateLimitSchema = z.strictObject({
    requests: z.number().int().positive(),
    windowSeconds: z.number().int().positive(),
  });

  const checkerSchema = z.strictObject({
    diagnosticClientId: id,
    fixerClientId: id.optional(),
    target: z.strictObject({ client: id.optional(), user: id.optional() }),
    /**
     * The target client was created in another org (an external or premium app): it is not in oauthClients
     * (this org cannot read it) and may or may not be in `authorizations`.
     */
    externalTarget: z.boolean().default(false),
    /** Conversation id to pass as `interaction=`. */
    interaction: id.optional(),
    /**
     * The `op=` the demo request carries when it names none: a concrete call (`PUT /api/v2/.../recordings/<id>`)
     * names the very recording the question is about, as a user's op= would (configured operations never do).
     */
    op: z
      .string()
      .regex(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v2\//)
      .optional(),
    /** Operations to check (aliases or `METHOD /api/v2/...`); the config's default when absent. */
    operations: z.array(z.string().min(1)).min(1).optional(),
    /**
     * The client whose credentials sr-check gets as the org's `probe` (the target integration's own client, for
     * the read-only probe); no probe credentials when absent.
     */
    probeClientId: id.optional(),
    /**
     * What the org's admin tells sr-check about Enforce Scopes (the org config's `scopeEnforcement`; no API reads
     * it). A scenario whose app is refused for a missing scope says `on`, as its admin would; absent: not told.
     */
    scopeEnforcement: z.enum(['on', 'off']).optional(),
    /** A secret sr-check should be configured with instead of the diagnostic client's real one. */
    configuredSecretOverride: z.string().min(1).optional(),
    /** What sr-check is expected to find in this org. */
    description: z.string().min(1),
    /**
     * The verdict sr-check should reach (for integration tests; the simulator does not use it).
     * `failing`/`warning`: checks that must be among the failing/warning ones.
     */
    expected: z
      .strictObject({
        overall: z.enum(['pass', 'fail', 'warn', 'unknown']),
        failing: z.array(z.enum(CHECK_NAMES)).default([]),
        warning: z.array(z.enum(CHECK_NAMES)).default([]),
        /** The probe's answer contradicts the model (the verdict carries `modelDisagreement`). */
        modelDisagreement: z.boolean().default(false),
      })
      .optional(),
  });

  const scenarioSchema = z
    .strictObject({
      /** Set from the file name when loaded from a file. */
      name: z.string().min(1).default('custom'),
      description: z.string().min(1),
      org: z.strictObject({
        id,
        name: z.string().min(1),
        features: z.record(z.string(), z.boolean()).default({}),
        state: z.enum(['active', 'inactive', 'deleted']).default('active'),
      }),
      homeDivisionId: id,
      divisions: z.array(z.strictObject({ id, name: z.string().min(1) })).min(1),
      roles: z.array(roleSchema).default([]),
      oauthClients: z.array(oauthClientSchema).min(1),
      users: z.array(userSchema).default([]),
      products: z.array(z.string().min(1)).default([]),
      recordingSettings: z
        .strictObject({
          maxSimultaneousStreams: z.number().int().min(0).default(10),
          maxConfigurableScreenRecordingStreams: z.number().int().min(0).default(10),
          regionalRecordingStorageEnabled: z.boolean().default(false),
          recordingPlaybackUrlTtl: z.number().int().min(0).default(60),
        })
        .prefault({}),
      /**
       * The org's archive restorations: served on every recording as maxAllowedRestorationsForOrg /
       * remainingRestorationsAllowedForOrg; a restoring retention update uses one. Omitted fields when absent.
       */
      recordingRestorations: z
        .strictObject({ max: z.number().int().min(0), remaining: z.number().int().min(0) })
        .refine((r) => r.remaining <= r.max, { message: 'remaining must not exceed max' })
        .optional(),
      /** What `GET /api/v2/recordings/screensessions/details` counts. */
      activeScreenSessions: z.number().int().min(0).default(0),
      conversations: z.array(conversationSchema).default([]),
      usage: z.array(usageRowSchema).default([]),
      faults: z.array(faultSchema).default([]),
      /**
       * Seconds before a changed OAuth client takes effect (reads and new tokens see the old one until then):
       * Genesys documents up to five minutes for permission updates. Absent: at once.
       */
      propagationDelaySeconds: z.number().int().min(0).max(86_400).optional(),
      /**
       * Answers this org gives whatever its roles say: an org where the model is wrong (some rule no one
       * documented). `template` is `METHOD /api/v2/...` as in the catalog; `clientId` limits it to one client's
       * tokens. `status` 403 refuses (not.authorized) and 404 answers not.found, both before the permission
       * gate; 200 lets the call through the gate whatever the roles say, so the operation answers as it would
       * for a permitted caller (200 with the data, 202 while processing, 404 for an unknown conversation).
       */
      answerOverrides: z
        .array(
          z.strictObject({
            template: z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v2\//),
            clientId: id.optional(),
            status: z.union([z.literal(200), z.literal(403), z.literal(404)]),
          }),
        )
        .default([]),
      rateLimit: rateLimitSchema.optional(),
      /** Whether user-context tokens are limited by their app's scopes (Genesys: off until an admin turns it on). */
      scopeEnforcement: z.boolean().default(false),
      /** External apps (clients of other orgs) this org has authorized, or been asked to. */
      authorizations: z.array(authorizationSchema).default([]),
      /**
       * Permissions the org's licence lacks: left out of GET /authorization/permissions, and a role policy
       * carrying one grants nothing for it (roles can still be assigned).
       */
      unavailablePermissions: z.array(permissionString).default([]),
      checker: checkerSchema,
    })
    .superRefine((s, ctx) => {
      // Cross references: every id a scenario mentions must exist, or the sim would answer nonsense.
      const roles = new Set(s.roles.map((r) => r.id));
      const divisions = new Set(s.divisions.map((d) => d.id));
      const clients = new Set(s.oauthClients.map((c) => c.id));
      const users = new Set(s.users.map((u) => u.id));
      const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (!divisions.has(s.homeDivisionId))
        issue(['homeDivisionId'], `division ${s.homeDivisionId} is not in divisions`);
      // What the admin tells sr-check must be what the simulated org does.
      if (s.checker.scopeEnforcement !== undefined && (s.checker.scopeEnforcement === 'on') !== s.scopeEnforcement)
        issue(
          ['checker', 'scopeEnforcement'],
          `checker says ${s.checker.scopeEnforcement} but scopeEnforcement is ${s.scopeEnforcement}`,
        );
      const checkGrant = (path: PropertyKey[], roleId: string, divisionId: string) => {
        if (!roles.has(roleId)) issue([...path, 'roleId'], `role ${roleId} is not in roles`);
        if (divisionId !== '*' && !divisions.has(divisionId))
          issue([...path, 'divisionId'], `division ${divisionId} is not in divisions`);
      };
      for (const [i, c] of s.oauthClients.entries()) {
        for (const [j, rd] of (c.roleDivisions ?? []).entries())
          checkGrant(['oauthClients', i, 'roleDivisions', j], rd.roleId, rd.divisionId);
      }
      for (const [i, u] of s.users.entries()) {
        for (const [j, g] of u.grants.entries()) checkGrant(['users', i, 'grants', j], g.roleId, g.divisionId);
      }
      s.conversations.forEach((c, i) => {
        if ((c.divisionId === undefined) === (c.divisionIds === undefined)) {
          issue(['conversations', i], 'give exactly one of divisionId and divisionIds');
        }
        if (c.divisionId !== undefined && !divisions.has(c.divisionId))
          issue(['conversations', i, 'divisionId'], `division ${c.divisionId} is not in divisions`);
        c.divisionIds?.forEach((d, j) => {
          if (!divisions.has(d)) issue(['conversations', i, 'divisionIds', j], `division ${d} is not in divisions`);
        });
      });
      s.authorizations.forEach((a, i) => {
        if (clients.has(a.clientId))
          issue(
            ['authorizations', i, 'clientId'],
            `client ${a.clientId} is this org's own client; authorizations are for clients of other orgs`,
          );
      });
      s.usage.forEach((u, i) => {
        if (!clients.has(u.clientId)) issue(['usage', i, 'clientId'], `client ${u.clientId} is not in oauthClients`);
      });
      const dupes = (what: string, ids: string[]) => {
        const seen = new Set<string>();
        for (const x of ids) {
          if (seen.has(x)) issue([what], `duplicate id ${x} in ${what}`);
          seen.add(x);
        }
      };
      dupes(
        'roles',
        s.roles.map((r) => r.id),
      );
      dupes(
        'divisions',
        s.divisions.map((d) => d.id),
      );
      dupes(
        'oauthClients',
        s.oauthClients.map((c) => c.id),
      );
      dupes(
        'users',
        s.users.map((u) => u.id),
      );
      dupes(
        'conversations',
        s.conversations.map((c) => c.id),
      );
      dupes(
        'authorizations',
        s.authorizations.map((a) => a.clientId),
      );
      const checker = s.checker;
      if (!clients.has(checker.diagnosticClientId)) issue(['checker', 'diagnosticClientId'], 'not in oauthClients');
      if (checker.fixerClientId && !clients.has(checker.fixerClientId))
        issue(['checker', 'fixerClientId'], 'not in oauthClients');
      if (checker.probeClientId && !clients.has(checker.probeClientId))
        issue(['checker', 'probeClientId'], 'not in oauthClients');
      s.answerOverrides.forEach((o, i) => {
        if (o.clientId && !clients.has(o.clientId))
          issue(['answerOverrides', i, 'clientId'], `client ${o.clientId} is not in oauthClients`);
      });
      if (checker.externalTarget) {
        if (!checker.target.client) issue(['checker', 'externalTarget'], 'an external target needs target.client');
        else if (clients.has(checker.target.client))
          issue(['checker', 'target', 'client'], "an external target must not be one of this org's oauthClients");
      } else if (checker.target.client && !clients.has(checker.target.client))
        issue(['checker', 'target', 'client'], 'not in oauthClients');
      if (checker.target.user && !users.has(checker.target.user)) issue(['checker', 'target', 'user'], 'not in users');
    });
  return { scenario: scenarioSchema, fault: faultSchema, rateLimit: rateLimitSchema };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The scenario schema, its faults' and its rate limit's (validation of files, and the simulator's fault endpoint). */
export function scenarioSchemas(): ReturnType<typeof buildSchemas> {
  schemas ??= buildSchemas();
  return schemas;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type Fault = z.infer<Schemas['fault']>;
export type RateLimit = z.infer<Schemas['rateLimit']>;

export type ScenarioInput = z.input<Schemas['scenario']>;
export type Scenario = z.output<Schemas['scenario']>;
