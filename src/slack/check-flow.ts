/**
 * The one flow behind /sr-check, mentions and Re-run: run the checks, keep the request for the buttons,
 * render the verdict and post it to the channel (so it has a ts for thread replies), falling back to
 * response_url when the bot is not a member of the channel.
 *
 * `watch` in the request (`/sr-check org=acme … watch`): after posting, the check runs again on the propagation
 * schedule (cli/watch.ts) until the overall verdict changes or ten minutes pass, and that one message is updated
 * in place (chat.update) with the latest verdict and a progress line, ending in one final state. User watches
 * live in memory (UserWatches): bounded in number, one per message, stopped at shutdown with a closing line.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn, webApi } from '@slack/bolt';
import { summariseVerdict } from '../approvals/verdict-summary';
import { WATCH_LIMIT_SECONDS } from '../approvals/watch-schedule';
import { realSleep, watchVerdict, type Sleep } from '../cli/watch';
import type { CheckRequest } from '../diagnosis/request';
import { verdictFixes, type Verdict } from '../diagnosis/verdict';
import { internalErrorReply, postFailedReply, usageErrorReply } from './blocks/replies';
import { renderVerdictMessage, type SlackMessage } from './blocks/verdict';
import { userWatchLine, userWatchStartLine, withWatchLine } from './blocks/watch';
import type { ListenerContext } from './listener-context';
import { slackErrorCode } from '../log';

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

export interface UserWatchSettings {
  /** Default Date.now. */
  now?: () => number;
  /** Default a timer. */
  sleep?: Sleep;
  /** Default 600 (ten minutes). */
  maxSeconds?: number;
  /** User watches running at once in this app; more are refused with a line saying so. Default 20. */
  maxRunning?: number;
}

/** The user watches this app runs: one per message, a bounded number, all stopped at shutdown. */
export class UserWatches {
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly maxSeconds: number;
  private readonly maxRunning: number;
  private readonly running = new Set<string>();
  private readonly stopping = new AbortController();

  constructor(settings: UserWatchSettings = {}) {
    this.now = settings.now ?? Date.now;
    this.sleep = settings.sleep ?? realSleep;
    this.maxSeconds = settings.maxSeconds ?? WATCH_LIMIT_SECONDS;
    this.maxRunning = settings.maxRunning ?? 20;
  }

  get size(): number {
    return this.running.size;
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Takes the message `key` for a watch: false when it is watched already, too many run, or the app is stopping. */
  begin(key: string): boolean {
    if (this.stopping.signal.aborted || this.running.has(key) || this.running.size >= this.maxRunning) return false;
    this.running.add(key);
    return true;
  }

  end(key: string): void {
    this.running.delete(key);
  }

  /** Shutdown: every watch ends at once (its message says it stopped). */
  stop(): void {
    this.stopping.abort();
  }
}

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
    await recordLastVerdict(ctx, target.request.org, verdict, log);
    const message = await verdictMessage(ctx, target, verdict, outcome.fixerAvailable);
    if (target.request.watch) {
      await watchAndPost(ctx, target, verdict, message, outcome.fixerAvailable, requestId, log);
      return;
    }
    const posted = await postVerdict(target, message);
    log.info({ verdict: verdict.overall, durationMs: verdict.durationMs, apiCalls: verdict.apiCalls, posted: posted.where }, 'verdict posted');
  } catch (error) {
    log.error({ err: error }, 'check failed');
    await target.replyEphemeral(internalErrorReply(requestId)).catch(() => undefined);
  }
}

/** The verdict as a message, its buttons backed by a stored request (without `watch`: Re-run runs once). */
async function verdictMessage(ctx: ListenerContext, target: CheckTarget, verdict: Verdict, fixButtons: boolean): Promise<SlackMessage> {
  const { watch: _flag, ...request } = target.request;
  const id = await ctx.requests.put(
    { request, channelId: target.channelId, userId: target.userId, fixes: verdictFixes(verdict), overall: verdict.overall, createdAt: Date.now() },
    ctx.requestTtlSeconds,
  );
  return renderVerdictMessage(verdict, { requestId: id, fixButtons });
}

/** Posts the verdict with a "watching" line, then re-runs and updates that message until the verdict changes or time is up. */
async function watchAndPost(
  ctx: ListenerContext,
  target: CheckTarget,
  first: Verdict,
  message: SlackMessage,
  fixerAvailable: boolean,
  requestId: string,
  log: ListenerContext['logger'],
): Promise<void> {
  const watches = ctx.watches ?? new UserWatches();
  const posted = await postVerdict(target, withWatchLine(message, userWatchStartLine(watches.maxSeconds)));
  log.info({ verdict: first.overall, posted: posted.where, watch: true }, 'verdict posted');
  if (!posted.ref) {
    if (posted.where === 'response_url') {
      await target.replyEphemeral('I cannot keep that verdict up to date here (I am not a member of this channel), so it is not watched. Invite me, or run the check again later.');
    }
    return;
  }
  const ref = posted.ref;
  const key = `${ref.channel}:${ref.ts}`;
  const update = async (next: { text: string; blocks: unknown[] }) => {
    try {
      await target.client.chat.update({ channel: ref.channel, ts: ref.ts, text: next.text, blocks: next.blocks as never });
    } catch (error) {
      log.warn({ err: error }, 'could not update a watched verdict');
    }
  };
  if (!watches.begin(key)) {
    const why = watches.signal.aborted ? 'sr-check is restarting' : 'too many watches are running';
    await update(withWatchLine(message, userWatchLine(`Not watching: ${why}. Run the check again later.`, 'stopped')));
    return;
  }
  let fixButtons = fixerAvailable;
  try {
    const { watch: _flag, ...request } = target.request;
    const result = await watchVerdict({
      first,
      clock: watches.now,
      sleep: watches.sleep,
      maxSeconds: watches.maxSeconds,
      signal: watches.signal,
      run: async () => {
        const outcome = await ctx.runner.run({ ...request, fresh: true }, requestId);
        if (!outcome.ok) throw new Error(outcome.message);
        fixButtons = outcome.fixerAvailable;
        await recordLastVerdict(ctx, request.org, outcome.verdict, log);
        return outcome.verdict;
      },
      onProgress: async (line, progress) => {
        const rendered = await verdictMessage(ctx, target, progress.verdict, fixButtons);
        await update(withWatchLine(rendered, userWatchLine(line, progress.done)));
      },
    });
    log.info({ outcome: result.outcome, from: first.overall, to: result.verdict.overall, seconds: result.seconds, runs: result.runs }, 'watch finished');
  } finally {
    watches.end(key);
  }
}

/** App Home lists each configured org's last verdict (the built-in demo org is not configured: skipped). */
async function recordLastVerdict(ctx: ListenerContext, org: string, verdict: Parameters<typeof summariseVerdict>[0], log: ListenerContext['logger']): Promise<void> {
  if (!ctx.store || ctx.access.isBuiltInDemo(org)) return;
  try {
    await ctx.store.setLastVerdict(org, summariseVerdict(verdict, Date.now()));
  } catch (error) {
    log.warn({ err: error }, 'could not record the last verdict');
  }
}

type Posted = { where: 'channel'; ref?: { channel: string; ts: string } } | { where: 'response_url' | 'failed'; ref?: undefined };

async function postVerdict(target: CheckTarget, message: { text: string; blocks: unknown[] }): Promise<Posted> {
  try {
    const posted = await target.client.chat.postMessage({
      channel: target.channelId,
      text: message.text,
      blocks: message.blocks as never,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { where: 'channel', ...(posted.ts ? { ref: { channel: posted.channel ?? target.channelId, ts: posted.ts } } : {}) };
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
      return { where: 'response_url' };
    }
    await target.replyEphemeral(postFailedReply(code ?? 'an error'));
    return { where: 'failed' };
  }
}
