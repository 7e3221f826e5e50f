/**
 * The start-up check of the bot token: one auth.test before anything listens. A token Slack refuses
 * (invalid_auth, token_revoked, account_inactive, …) is a configuration problem ("cannot start", exit 2);
 * anything else (Slack unreachable) is reported as such. On success the bot ids go to Bolt, which then
 * skips its own auth.test (whose rejection would otherwise surface later as a crash).
 */
import type { ConfigIssue } from '../config/issues';
import { serializeError, slackErrorCode } from '../log';

/** Web API codes that mean the token itself is no good: retrying or waiting will not help. */
export const REFUSED_TOKEN_CODES = [
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
  'token_expired',
] as const;

export interface AuthTestClient {
  auth: { test(): Promise<{ ok?: boolean; user_id?: string; bot_id?: string }> };
}

export type SlackAuthResult =
  | { ok: true; botId: string; botUserId: string }
  | { ok: false; refused: boolean; code: string; issue: ConfigIssue };

export async function confirmSlackAuth(client: AuthTestClient): Promise<SlackAuthResult> {
  let answer: Awaited<ReturnType<AuthTestClient['auth']['test']>>;
  try {
    answer = await client.auth.test();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && (REFUSED_TOKEN_CODES as readonly string[]).includes(code)) {
      return {
        ok: false,
        refused: true,
        code,
        issue: {
          path: 'SLACK_BOT_TOKEN',
          message: `Slack refused the bot token (auth.test: ${code})`,
          hint: 'reinstall the app or copy a current Bot User OAuth Token (xoxb-…)',
        },
      };
    }
    const { message } = serializeError(error);
    return {
      ok: false,
      refused: false,
      code: code ?? 'unreachable',
      issue: { path: 'SLACK_API_URL', message: `Slack's auth.test failed: ${code ?? message}` },
    };
  }
  if (!answer.bot_id || !answer.user_id) {
    return {
      ok: false,
      refused: true,
      code: 'not_a_bot_token',
      issue: { path: 'SLACK_BOT_TOKEN', message: 'auth.test answered without a bot id: this is not a bot token' },
    };
  }
  return { ok: true, botId: answer.bot_id, botUserId: answer.user_id };
}
