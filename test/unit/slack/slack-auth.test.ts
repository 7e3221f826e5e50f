/** confirmSlackAuth: the start-up auth.test and which of its failures mean "cannot start". */
import { describe, expect, it } from 'vitest';
import { confirmSlackAuth } from '../../../src/slack/slack-auth';

function platformError(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: code },
  });
}

describe('confirmSlackAuth', () => {
  it('returns the bot ids when auth.test answers', async () => {
    const result = await confirmSlackAuth({
      auth: { test: async () => ({ ok: true, user_id: 'UB1', bot_id: 'BB1', team_id: 'T1' }) },
    });
    expect(result).toEqual({ ok: true, botId: 'BB1', botUserId: 'UB1' });
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive'])(
    'maps %s to a refused token (cannot start)',
    async (code) => {
      const result = await confirmSlackAuth({ auth: { test: async () => Promise.reject(platformError(code)) } });
      expect(result).toMatchObject({ ok: false, refused: true, code });
      if (result.ok) throw new Error('expected a failure');
      expect(result.issue.path).toBe('SLACK_BOT_TOKEN');
      expect(result.issue.message).toContain(code);
    },
  );

  it('reports other failures (Slack unreachable) as not a refusal, without the token', async () => {
    const error = Object.assign(new Error('connect ECONNREFUSED with xoxb-LEAKCANARY-1'), {
      code: 'slack_webapi_request_error',
    });
    const result = await confirmSlackAuth({ auth: { test: async () => Promise.reject(error) } });
    expect(result).toMatchObject({ ok: false, refused: false });
    expect(JSON.stringify(result)).not.toContain('LEAKCANARY');
  });

  it('treats an answer without bot ids (a user token) as refused', async () => {
    const result = await confirmSlackAuth({ auth: { test: async () => ({ ok: true, user_id: 'U1' }) } });
    expect(result).toMatchObject({ ok: false, refused: true });
  });
});
