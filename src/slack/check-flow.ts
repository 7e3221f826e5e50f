/**
 * The one flow behind /sr-check, mentions and Re-run: run the checks, then publish the verdict through the
 * VerdictPublisher (verdict-publisher.ts: stored request for the buttons, render, post to the channel so it has a
 * ts for thread replies, response_url when the bot is not a member, last verdict for App Home).
 *
 * `watch` in the request (`/sr-check org=acme … watch`): after posting, the check runs again on the propagation
 * schedule (watch/user-watch.ts) until the overall verdict changes or ten minutes pass, and that one message is updated
 * in place (chat.update) with the latest verdict and a progress line, ending in one final state. User watches
 * live in memory (user-watches.ts): bounded in number, one per message, stopped at shutdown with a closing line.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type { RespondFn, webApi } from '@slack/bolt';
import { watchVerdict } from '../watch/user-watch';
import type { CheckRequest } from '../request/grammar';
import type { Verdict } from '../diagnosis/verdict';
import { internalErrorReply, usageErrorReply } from './blocks/replies';
import { userWatchLine, userWatchStartLine, withWatchLine } from './blocks/watch';
import type { QueuePlace } from './check-runner';
import type { ListenerContext } from './listener-context';
import { UserWatches, watchRefusalReason } from './user-watches';
import type { MessageRef } from './post';
import type { VerdictAudience, VerdictTarget } from './verdict-publisher';

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
  /** The queue place taken when the command was acknowledged "Checking…" (given back if the check never runs). */
  place?: QueuePlace;
}

export async function runCheckAndPost(ctx: ListenerContext, target: CheckTarget): Promise<void> {
  try {
    await checkAndPost(ctx, target);
  } finally {
    // Nothing once run() has taken it; a check that failed before reaching run() gives its place back.
    target.place?.release();
  }
}

async function checkAndPost(ctx: ListenerContext, target: CheckTarget): Promise<void> {
  // The caller has just acknowledged: the check's first stretch (the queue, the cached token, the first reads
  // scheduled) waits until the requests that arrived meanwhile are read, so their acks do not queue behind it.
  await afterPendingIo();
  const requestId = randomUUID().slice(0, 8);
  const log = ctx.logger.child({
    requestId,
    surface: target.surface,
    org: target.request.org,
    channel: target.channelId,
    user: target.userId,
  });
  try {
    const outcome = await ctx.runner.run(target.request, requestId, requesterOf(target), target.place);
    if (!outcome.ok) {
      log.info({ outcome: 'refused' }, 'check not run');
      await target.replyEphemeral(usageErrorReply(outcome.message));
      return;
    }
    const { verdict } = outcome;
    if (target.request.watch) {
      await watchAndPost(ctx, target, verdict, outcome.fixerAvailable, requestId, log);
      return;
    }
    const { posted } = await ctx.verdicts.publish({
      verdict,
      audience: audienceOf(target),
      target: destinationOf(target),
      fixButtons: outcome.fixerAvailable,
      record: true,
    });
    log.info(
      { verdict: verdict.overall, durationMs: verdict.durationMs, apiCalls: verdict.apiCalls, posted: posted.where },
      'verdict posted',
    );
  } catch (error) {
    log.error({ err: error }, 'check failed');
    await target.replyEphemeral(internalErrorReply(requestId)).catch(() => undefined);
  }
}

const requesterOf = (target: CheckTarget) => ({ channel: target.channelId, user: target.userId });

const audienceOf = (target: CheckTarget): VerdictAudience => ({
  request: target.request,
  channelId: target.channelId,
  userId: target.userId,
});

const destinationOf = (target: CheckTarget): VerdictTarget => ({
  client: target.client,
  channelId: target.channelId,
  threadTs: target.threadTs,
  ...(target.respond ? { respond: target.respond } : {}),
  replyEphemeral: (text) => target.replyEphemeral(text),
});

/** Posts the verdict with a "watching" line, then re-runs and updates that message until the verdict changes or time is up. */
async function watchAndPost(
  ctx: ListenerContext,
  target: CheckTarget,
  first: Verdict,
  fixerAvailable: boolean,
  requestId: string,
  log: ListenerContext['logger'],
): Promise<void> {
  const watches = ctx.watches ?? new UserWatches();
  const { posted, message } = await ctx.verdicts.publish({
    verdict: first,
    audience: audienceOf(target),
    target: destinationOf(target),
    fixButtons: fixerAvailable,
    record: true,
    decorate: (rendered) => withWatchLine(rendered, userWatchStartLine(watches.maxSeconds)),
  });
  log.info({ verdict: first.overall, posted: posted.where, watch: true }, 'verdict posted');
  if (!posted.ref) {
    if (posted.where === 'response_url') {
      await target.replyEphemeral(
        'I cannot keep that verdict up to date here (I am not a member of this channel), so it is not watched. Invite me, or run the check again later.',
      );
    }
    return;
  }
  const ref = posted.ref;
  const key = `${ref.channel}:${ref.ts}`;
  const begun = watches.begin(key, { user: target.userId, org: target.request.org });
  if (!begun.ok) {
    const why = watchRefusalReason(begun.limit, watches);
    await ctx.verdicts.update(
      target.client,
      ref,
      withWatchLine(message, userWatchLine(`Not watching: ${why}. Run the check again later.`, 'stopped')),
    );
    return;
  }
  try {
    await followWatch(ctx, target, ref, { first, fixerAvailable, requestId, watches, log });
  } finally {
    watches.end(key);
  }
}

/** Re-runs the check without caches on the watch schedule, updating the one message with each verdict and progress line. */
async function followWatch(
  ctx: ListenerContext,
  target: CheckTarget,
  ref: MessageRef,
  watch: {
    first: Verdict;
    fixerAvailable: boolean;
    requestId: string;
    watches: UserWatches;
    log: ListenerContext['logger'];
  },
): Promise<void> {
  const { first, watches } = watch;
  const { watch: _flag, ...request } = target.request;
  let fixButtons = watch.fixerAvailable;
  const result = await watchVerdict({
    first,
    clock: watches.now,
    sleep: watches.sleep,
    maxSeconds: watches.maxSeconds,
    signal: watches.signal,
    run: async () => {
      const outcome = await ctx.runner.run({ ...request, fresh: true }, watch.requestId, requesterOf(target));
      if (!outcome.ok) throw new Error(outcome.message);
      fixButtons = outcome.fixerAvailable;
      await ctx.verdicts.record(outcome.verdict);
      return outcome.verdict;
    },
    onProgress: async (line, progress) => {
      const rendered = await ctx.verdicts.message(progress.verdict, audienceOf(target), fixButtons);
      await ctx.verdicts.update(target.client, ref, withWatchLine(rendered, userWatchLine(line, progress.done)));
    },
  });
  watch.log.info(
    {
      outcome: result.outcome,
      from: first.overall,
      to: result.verdict.overall,
      seconds: result.seconds,
      runs: result.runs,
    },
    'watch finished',
  );
}
