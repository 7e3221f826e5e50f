/**
 * The one flow behind /sr-check, mentions and Re-run: run the checks, keep the request for the buttons,
 * render the verdict and post it to the channel (so it has a ts for thread replies), falling back to
 * response_url when the bot is not a member of the channel.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn, webApi } from '@slack/bolt';
import { summariseVerdict } from '../approvals/verdict-summary';
import type { CheckRequest } from '../diagnosis/request';
import { internalErrorReply, postFailedReply, usageErrorReply } from './blocks/replies';
import { renderVerdictMessage, verdictFixes } from './blocks/verdict';
import type { ListenerContext } from './listener-context';

export interface CheckTarget {
  surface: 'command' | 'mention' | 'rerun';
  request: CheckRequest;
  channelId: string;
  userId: string;
  /** Post the verdict in this thread. */
  threadTs?: string;
  client: webApi.WebClient;
  /** An answer only the asking user sees. */
  replyEphemeral(text: string): Promise<void>;
  /** response_url, for channels the bot cannot post to. */
  respond?: RespondFn;
}

/** Errors that mean "the bot may not post here", where response_url still works. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export async function runCheckAndPost(ctx: ListenerContext, target: CheckTarget): Promise<void> {
  const requestId = randomUUID().slice(0, 8);
  const log = ctx.logger.child({ requestId, surface: target.surface, org: target.request.org, channel: target.channelId, user: target.userId });
  try {
    const outcome = await ctx.runner.run(target.request, requestId);
    if (!outcome.ok) {
      log.info({ outcome: 'refused' }, 'check not run');
      await target.replyEphemeral(usageErrorReply(outcome.message));
      return;
    }
    const { verdict } = outcome;
    const id = await ctx.requests.put(
      { request: target.request, channelId: target.channelId, userId: target.userId, fixes: verdictFixes(verdict), overall: verdict.overall, createdAt: Date.now() },
      ctx.requestTtlSeconds,
    );
    await recordLastVerdict(ctx, target.request.org, verdict, log);
    const message = renderVerdictMessage(verdict, { requestId: id, fixButtons: outcome.facts.fixerAvailable });
    const posted = await postVerdict(target, message);
    log.info({ verdict: verdict.overall, durationMs: verdict.durationMs, apiCalls: verdict.apiCalls, posted }, 'verdict posted');
  } catch (error) {
    log.error({ error: errorForLog(error) }, 'check failed');
    await target.replyEphemeral(internalErrorReply(requestId)).catch(() => undefined);
  }
}

/** App Home lists each configured org's last verdict (the built-in demo org is not configured: skipped). */
async function recordLastVerdict(ctx: ListenerContext, org: string, verdict: Parameters<typeof summariseVerdict>[0], log: ListenerContext['logger']): Promise<void> {
  if (!ctx.store || ctx.access.isBuiltInDemo(org)) return;
  try {
    await ctx.store.setLastVerdict(org, summariseVerdict(verdict, Date.now()));
  } catch (error) {
    log.warn({ error: errorForLog(error) }, 'could not record the last verdict');
  }
}

async function postVerdict(target: CheckTarget, message: { text: string; blocks: unknown[] }): Promise<'channel' | 'response_url' | 'failed'> {
  try {
    await target.client.chat.postMessage({
      channel: target.channelId,
      text: message.text,
      blocks: message.blocks as never,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return 'channel';
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && NOT_POSTABLE.has(code) && target.respond) {
      await target.respond({
        response_type: 'in_channel',
        replace_original: false,
        text: message.text,
        blocks: message.blocks as never,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
      return 'response_url';
    }
    await target.replyEphemeral(postFailedReply(code ?? 'an error'));
    return 'failed';
  }
}

/** The Web API error code (`not_in_channel`) of a WebAPIPlatformError, if that is what this is. */
export function slackErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === 'string' && /^[a-z_]{1,60}$/.test(code) ? code : undefined;
}

/** Name and message only: never an error's request config (it can carry tokens). */
export function errorForLog(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const code = slackErrorCode(error);
    return { name: error.name, message: error.message.slice(0, 300), ...(code ? { code } : {}) };
  }
  return { name: 'NonError', message: String(error).slice(0, 300) };
}
