/** The configuration after validation and secret resolution: what the rest of sr-check works with. */
import type { Secret } from './secret';

export interface ClientCredentials {
  clientId: string;
  clientSecret: Secret;
}

/** Who is being diagnosed when a request names nobody: an OAuth client, or a user acting through one. */
export interface TargetIdentity {
  client?: string;
  user?: string;
}

export interface Approvers {
  /** Slack user ids (U…/W…). */
  users: string[];
  /** Slack user group id (S…), resolved at click time. */
  userGroup?: string;
  /** Post approval requests to this channel instead of DMs. */
  channel?: string;
}

export interface OrgConfig {
  name: string;
  /** The Genesys org id the credentials must belong to (optional; catches wrong-org secrets). */
  orgId?: string;
  region?: string;
  apiBaseUrl: string;
  loginBaseUrl: string;
  diagnostic: ClientCredentials;
  fixer?: ClientCredentials;
  target?: TargetIdentity;
  /** Slack channel ids mapped to this org (commands allowed, pastes answered). */
  channels: string[];
  approvers: Approvers;
  /** Default operation set: aliases (e.g. `screen-recording`) or `METHOD /api/v2/...`. */
  operations: string[];
  /** Product id that must be enabled for the feature check; unknown when not configured. */
  requiredProduct?: string;
  /** Whether the org enforces OAuth scopes (its admin says so; no API shows it); undefined = unknown. */
  scopeEnforcement?: 'on' | 'off';
  /**
   * The target integration's own client credentials, for the optional read-only probe (one GET sent as the
   * integration with a fresh token, revoked at once); without them the probe check is skipped.
   */
  probe?: ClientCredentials;
  /** `every 1h` or a five-field cron string (UTC), validated: see config/schedule.ts. */
  schedule?: string;
  /**
   * `terraform`: the org is managed with the Genesys Terraform provider, so a role granted live is drift the next
   * apply removes; fixes are offered as the Terraform change (src/fixes/as-code/).
   */
  managedAs?: 'terraform';
  /** With `managedAs`: the live fix buttons are offered too (default false); without `managedAs` it is refused. */
  liveFixes?: boolean;
}

export interface AppConfig {
  orgs: Map<string, OrgConfig>;
  /** Channels allowed to check any org, beyond each org's own `channels`. */
  allowedChannels: string[];
  /** Where the config came from (path), for messages. */
  source: string;
}
