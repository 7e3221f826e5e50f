/**
 * The Slack Web API client for CLI commands (`doctor`, `slack ids`): the bot token from SLACK_BOT_TOKEN,
 * SLACK_API_URL for another Web API base (the fake Slack in tests), few retries and a timeout so a terminal
 * never waits minutes, and no log lines of its own (the command reports what failed). Errors become one
 * short line; Slack's error codes carry no token.
 */
import { webApi, LogLevel, type Logger } from '@slack/bolt';
import { terminalSafe } from '../render/terminal';

export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

export type SlackClientResult =
  | { ok: true; client: SlackWebClient }
  | { ok: false; reason: 'unset' | 'malformed'; message: string };

const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function slackClientFromEnv(env: NodeJS.ProcessEnv): SlackClientResult {
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) return { ok: false, reason: 'unset', message: 'SLACK_BOT_TOKEN is not set' };
  if (!/^xoxb-\S+$/.test(token))
    return {
      ok: false,
      reason: 'malformed',
      message: 'SLACK_BOT_TOKEN is not a bot token (it starts with xoxb-; the value is not shown)',
    };
  const slackApiUrl = env.SLACK_API_URL?.trim();
  const client = new webApi.WebClient(token, {
    logger: SILENT,
    retryConfig: { retries: 2, maxTimeout: 5_000 },
    timeout: 10_000,
    ...(slackApiUrl ? { slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/` } : {}),
  });
  return { ok: true, client };
}

/** `invalid_auth`, `missing_scope (needs channels:read)`, or the transport problem. */
/** Slack's words (or a proxy's) printed to a terminal: through the one stripping function. */
export function describeSlackError(error: unknown): string {
  return terminalSafe(slackErrorWords(error));
}

function slackErrorWords(error: unknown): string {
  const data = (error as { data?: { error?: string; needed?: string } }).data;
  if (data?.error) return data.needed ? `${data.error} (the app needs the ${data.needed} scope)` : data.error;
  const original = (error as { original?: { code?: string; message?: string } }).original;
  if (original?.code) return `cannot reach Slack (${original.code})`;
  return error instanceof Error ? error.message : String(error);
}
