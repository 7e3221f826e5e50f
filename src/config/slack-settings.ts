/**
 * Slack connection settings from the environment. Socket Mode when an app-level token (xapp-) is set,
 * HTTP (with request signature checks) otherwise. Every problem is listed at once, and no message
 * repeats a token or secret.
 */
import { Secret } from './secret';
import type { ConfigIssue } from './issues';
import { checkServiceUrl } from './service-url';

export interface SlackSettings {
  botToken: Secret;
  /** Verifies request signatures in HTTP mode; optional in Socket Mode. */
  signingSecret?: Secret;
  /** App-level token; its presence selects Socket Mode. */
  appToken?: Secret;
  socketMode: boolean;
  /** HTTP port (also serves health checks in Socket Mode). */
  port: number;
  /** Slack Web API base URL ending in `/` (SLACK_API_URL), e.g. a fake Slack in tests. */
  slackApiUrl?: string;
}

export type SlackSettingsResult = { ok: true; settings: SlackSettings } | { ok: false; errors: ConfigIssue[] };

export const DEFAULT_PORT = 3000;

/** Optional variables set to '' (common with `FOO=` in compose files) count as unset. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function readToken(
  env: NodeJS.ProcessEnv,
  name: string,
  prefix: string,
  what: string,
  issues: ConfigIssue[],
): Secret | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!value.startsWith(prefix) || value.length === prefix.length || /\s/.test(value)) {
    issues.push({
      path: name,
      message: `must be ${what}, which starts with ${prefix}`,
      hint: `copy it from the Slack app's configuration page (the value is not shown here)`,
    });
    return undefined;
  }
  return new Secret(value);
}

export function loadSlackSettings(env: NodeJS.ProcessEnv): SlackSettingsResult {
  const issues: ConfigIssue[] = [];

  const botToken = readToken(env, 'SLACK_BOT_TOKEN', 'xoxb-', 'a bot token', issues);
  if (read(env, 'SLACK_BOT_TOKEN') === undefined) {
    issues.push({ path: 'SLACK_BOT_TOKEN', message: 'is required (the bot token, xoxb-…)' });
  }

  const appToken = readToken(env, 'SLACK_APP_TOKEN', 'xapp-', 'an app-level token (for Socket Mode)', issues);
  const socketMode = appToken !== undefined;

  const signingSecretText = read(env, 'SLACK_SIGNING_SECRET');
  const signingSecret = signingSecretText === undefined ? undefined : new Secret(signingSecretText);
  // A malformed app token is already an error; do not also demand a signing secret for HTTP mode then.
  const appTokenGiven = read(env, 'SLACK_APP_TOKEN') !== undefined;
  if (!signingSecret && !appTokenGiven) {
    issues.push({
      path: 'SLACK_SIGNING_SECRET',
      message: 'is required in HTTP mode (it verifies that requests come from Slack)',
      hint: 'or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode',
    });
  }

  let port = DEFAULT_PORT;
  const portText = read(env, 'PORT');
  if (portText !== undefined) {
    const parsed = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (Number.isInteger(parsed) && parsed >= 1 && parsed <= 65535) port = parsed;
    else
      issues.push({
        path: 'PORT',
        message: `${JSON.stringify(portText.slice(0, 20))} is not a port number (an integer from 1 to 65535)`,
      });
  }

  let slackApiUrl: string | undefined;
  const apiUrlText = read(env, 'SLACK_API_URL');
  if (apiUrlText !== undefined) {
    const checked = checkServiceUrl(apiUrlText);
    if (checked.ok) slackApiUrl = `${checked.url}/`;
    else issues.push({ path: 'SLACK_API_URL', message: checked.message, hint: 'e.g. https://slack.com/api/' });
  }

  if (issues.length > 0 || !botToken) return { ok: false, errors: issues };

  const settings: SlackSettings = { botToken, socketMode, port };
  if (signingSecret) settings.signingSecret = signingSecret;
  if (appToken) settings.appToken = appToken;
  if (slackApiUrl !== undefined) settings.slackApiUrl = slackApiUrl;
  return { ok: true, settings };
}
