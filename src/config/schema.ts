/**
 * The shape of the config file as strict zod schemas: unknown keys are errors, so a typo such as
 * `aprovers:` is reported instead of silently leaving an org without approvers. Checks that need more
 * than one field (region vs URLs, secrets, fixer without approvers) live in load-config.ts, because zod
 * skips an object's refinements once any of its fields failed, and we want every problem listed at once.
 */
import * as z from 'zod';
import { REGION_NAMES, type RegionName } from '../genesys/regions';
import { loadCatalog } from '../catalog/catalog';
import { OPERATION_ALIASES, DEFAULT_ALIAS, lookupOperations } from '../catalog/aliases';
import { didYouMean } from './closest-match';
import { quoteValue } from './issues';
import { checkServiceUrl } from './service-url';
import { scheduleText } from './schedule-schema';

import {
  CHANNEL_ID_PATTERN,
  ENV_NAME_PATTERN,
  GENESYS_ID_PATTERN,
  USER_GROUP_ID_PATTERN,
  USER_ID_PATTERN,
} from './patterns';

export {
  CHANNEL_ID_PATTERN,
  ENV_NAME_PATTERN,
  GENESYS_ID_PATTERN,
  ORG_NAME_PATTERN,
  USER_GROUP_ID_PATTERN,
  USER_ID_PATTERN,
} from './patterns';

/** Keys people use when they paste a secret straight into the file; reported with how to do it instead. */
export const INLINE_SECRET_KEYS = ['clientSecret', 'secret', 'client_secret'];

export const DEFAULT_OPERATIONS = [DEFAULT_ALIAS];

const channelId = z.string().regex(CHANNEL_ID_PATTERN, {
  error: (issue) =>
    `${quoteValue(issue.input)} is not a Slack channel id (C, G or D followed by 8 or more capital letters or digits)`,
});

const userId = z.string().regex(USER_ID_PATTERN, {
  error: (issue) =>
    `${quoteValue(issue.input)} is not a Slack user id (U or W followed by 8 or more capital letters or digits)`,
});

const userGroupId = z.string().regex(USER_GROUP_ID_PATTERN, {
  error: (issue) =>
    `${quoteValue(issue.input)} is not a Slack user group id (S followed by 8 or more capital letters or digits)`,
});

/** Genesys ids are UUIDs; accepted in any case and kept in lower case, as Genesys returns them. */
const genesysId = z
  .string()
  .trim()
  .regex(GENESYS_ID_PATTERN, {
    error: (issue) =>
      `${quoteValue(issue.input)} is not a Genesys Cloud id (a UUID such as 3f1c0a52-8d2e-4c1b-9a57-0e5d3b7c9f21)`,
  })
  .transform((id) => id.toLowerCase());

const region = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!(REGION_NAMES as string[]).includes(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoteValue(value)} is not a Genesys Cloud region; valid regions: ${REGION_NAMES.join(', ')}`,
        params: { hint: didYouMean(value, REGION_NAMES) },
      });
    }
  })
  .transform((value) => value as RegionName);

const baseUrl = z
  .string()
  .superRefine((value, ctx) => {
    const checked = checkServiceUrl(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
  })
  .transform((value) => value.trim().replace(/\/+$/, ''));

const operation = z
  .string()
  .trim()
  .min(1, { error: 'an operation may not be empty' })
  .superRefine((value, ctx) => {
    const aliases = Object.keys(OPERATION_ALIASES);
    if (aliases.includes(value.toLowerCase())) return;
    const lookup = lookupOperations(loadCatalog(), value);
    if (!lookup.ok) {
      ctx.addIssue({
        code: 'custom',
        message: lookup.message.includes(value) ? lookup.message : `${quoteValue(value, 120)}: ${lookup.message}`,
        params: { hint: didYouMean(value, aliases) },
      });
    }
  })
  // Aliases in lower case, `METHOD /path` with the method in upper case: the forms lookupOperations prints.
  .transform((value) =>
    OPERATION_ALIASES[value.toLowerCase()]
      ? value.toLowerCase()
      : value.replace(/^([A-Za-z]+)\s+/, (_, method: string) => `${method.toUpperCase()} `),
  );

export const CredentialsSchema = z.strictObject({
  clientId: genesysId,
  /** Never echoed in messages: people sometimes paste the secret itself into this field. */
  clientSecretEnv: z
    .string()
    .regex(ENV_NAME_PATTERN, {
      error: 'must be the name of an environment variable (letters, digits and _, not starting with a digit)',
    })
    .optional(),
  clientSecretFile: z.string().trim().min(1, { error: 'must be a file path' }).optional(),
});

export const TargetSchema = z.strictObject({
  client: genesysId.optional(),
  user: genesysId.optional(),
});

export const ApproversSchema = z.strictObject({
  users: z.array(userId).optional(),
  userGroup: userGroupId.optional(),
  channel: channelId.optional(),
});

export const OrgSchema = z.strictObject({
  /** The Genesys org id the credentials must belong to: catches a secret from the wrong org. */
  orgId: genesysId.optional(),
  region: region.optional(),
  apiBaseUrl: baseUrl.optional(),
  loginBaseUrl: baseUrl.optional(),
  diagnostic: CredentialsSchema,
  fixer: CredentialsSchema.optional(),
  probe: CredentialsSchema.optional(),
  target: TargetSchema.optional(),
  channels: z.array(channelId).optional(),
  approvers: ApproversSchema.optional(),
  operations: z
    .array(operation)
    .min(1, { error: 'list at least one operation, or leave operations out for the default' })
    .optional(),
  requiredProduct: z.string().trim().min(1, { error: 'may not be empty' }).optional(),
  /** Admin > Organization Settings > Enforce Scopes, as the org's admin reports it (no API reads it); unset = unknown. */
  scopeEnforcement: z.enum(['on', 'off']).optional(),
  /** Run the org's default request on this schedule (`every 1h` or a cron string) and post only status changes. */
  schedule: scheduleText.optional(),
  /** The org is managed with the Genesys Terraform provider: fixes are offered as the Terraform change (docs/as-code.md). */
  managedAs: z.enum(['terraform']).optional(),
  /** With managedAs: also offer the live fix buttons (the change must then land in code too). */
  liveFixes: z.boolean().optional(),
});

/** The top level. Org entries are validated one by one (see load-config.ts) so one bad org name hides nothing. */
export const ConfigFileSchema = z.strictObject({
  allowedChannels: z.array(channelId).optional(),
  orgs: z.record(z.string(), z.unknown()),
});

export type OrgInput = z.output<typeof OrgSchema>;
export type CredentialsInput = z.output<typeof CredentialsSchema>;
