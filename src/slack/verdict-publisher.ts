/**
 * Where a verdict is posted: the one path from a verdict to a Slack message, used by the check flow (/sr-check,
 * mentions, Re-run, watches), the approval flow (the re-check after a fix) and, for its stored request, the
 * pasted-error reply. Each verdict message's buttons are backed by a stored request (storeCheck: the one
 * builder of that record); the message is rendered (blocks/verdict.ts) and posted with post.ts's postMessage (the
 * one chat.postMessage wrapper in src/slack; chat.update's is updateMessage), falling back to response_url when the bot
 * may not post in the channel; the org's last verdict is recorded for App Home (approvals/verdict-summary.ts;
 * the approval service records its own re-check after a fix, see service.ts).
 */
import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { recordLastVerdict } from '../approvals/verdict-summary';
import type { CheckRequest } from '../request/grammar';
import { verdictFixes, type Verdict } from '../diagnosis/verdict';
import { slackErrorCode } from '../log';
import type { Store } from '../store/types';
import type { SlackMessage } from './blocks/message';
import { postFailedReply } from './blocks/replies';
import { renderVerdictMessage } from './blocks/verdict';
import { verdictDetails } from './blocks/verdict-details';
import { postMessage, updateMessage, type MessageRef } from './post';
import type { RequestStore } from './stores/request-store';

/** Errors that mean "the bot may not post here", where response_url still works. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Whom a verdict's buttons answer to: its request (without `watch`: Re-run runs once), channel and user. */
export interface VerdictAudience {
  request: CheckRequest;
  channelId: string;
  userId: string;
}

/** Where a verdict goes: a channel (or thread), with response_url and an ephemeral answer as fallbacks. */
export interface VerdictTarget {
  client: webApi.WebClient;
  channelId: string;
  threadTs?: string | undefined;
  /** response_url, for channels the bot cannot post to. */
  respond?: RespondFn;
  /** Says privately that the verdict could not be posted; without it the failure is only logged. */
  replyEphemeral?(text: string): Promise<void>;
}

export type Posted = { where: 'channel'; ref?: MessageRef } | { where: 'response_url' | 'failed'; ref?: undefined };

export interface PublishInput {
  verdict: Verdict;
  audience: VerdictAudience;
  target: VerdictTarget;
  /** Fix buttons (the org has fixer credentials); otherwise a line says how to enable fixes. */
  fixButtons: boolean;
  /** Record the org's last verdict (false when the approval service recorded this re-check already). */
  record: boolean;
  /** Adds to the rendered message before it is posted (a watch's progress line). */
  decorate?: (message: SlackMessage) => SlackMessage;
}

export interface VerdictPublisherDeps {
  requests: RequestStore;
  /** How long a verdict's buttons keep working. */
  requestTtlSeconds: number;
  /** Where last verdicts are recorded; none without a shared store. */
  store?: Pick<Store, 'setLastVerdict'>;
  /** Orgs whose verdicts are not recorded (the built-in demo org is not configured). */
  isUnrecorded?: (org: string) => boolean;
  logger: Logger;
  now?: () => number;
  /** The OAuth clients sr-check holds credentials for in an org (only their tokens can be refreshed). */
  managedClientIds?: (org: string) => readonly string[];
  /** Orgs managed as code (`managedAs: terraform`): whether they also allow live fixes; undefined for other orgs. */
  asCode?: (org: string) => { liveFixes: boolean } | undefined;
}

export class VerdictPublisher {
  private readonly now: () => number;

  constructor(private readonly deps: VerdictPublisherDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The one builder of a stored request behind buttons: its id for the buttons' values. */
  storeCheck(audience: VerdictAudience, verdict?: Verdict): Promise<string> {
    const { watch: _flag, ...request } = audience.request;
    return this.deps.requests.put(
      {
        request,
        channelId: audience.channelId,
        userId: audience.userId,
        fixes: verdict ? verdictFixes(verdict) : [],
        ...(verdict ? { overall: verdict.overall, details: verdictDetails(verdict) } : {}),
        createdAt: this.now(),
      },
      this.deps.requestTtlSeconds,
    );
  }

  /** The verdict as a message, its buttons backed by a stored request. */
  async message(verdict: Verdict, audience: VerdictAudience, fixButtons: boolean): Promise<SlackMessage> {
    const requestId = await this.storeCheck(audience, verdict);
    return renderVerdictMessage(verdict, {
      requestId,
      fixButtons,
      requestedBy: audience.userId,
      checkedAt: this.now(),
      managedClientIds: this.deps.managedClientIds?.(verdict.org),
      asCode: this.deps.asCode?.(verdict.org),
    });
  }

  /** App Home lists each configured org's last verdict. */
  async record(verdict: Verdict): Promise<void> {
    if (!this.deps.store || this.deps.isUnrecorded?.(verdict.org)) return;
    await recordLastVerdict(this.deps.store, verdict.org, verdict, this.now(), this.deps.logger);
  }

  /** Stored request, render, post (response_url when the bot may not post here), last verdict. */
  async publish(input: PublishInput): Promise<{ posted: Posted; message: SlackMessage }> {
    // Rendering and posting are a check's longest stretch without a wait: acknowledgements that arrived meanwhile
    // are answered first (setImmediate runs after the loop's pending I/O).
    await afterPendingIo();
    const rendered = await this.message(input.verdict, input.audience, input.fixButtons);
    const message = input.decorate ? input.decorate(rendered) : rendered;
    const posted = await this.post(input.target, message);
    // After the post: a store that waits on a lock delays the last verdict on App Home, never the verdict.
    if (input.record) await this.record(input.verdict);
    return { posted, message: rendered };
  }

  /** A posted verdict, in place (chat.update): a watch's next verdict and progress line. Failures are logged. */
  async update(client: Pick<webApi.WebClient, 'chat'>, ref: MessageRef, message: SlackMessage): Promise<void> {
    try {
      await updateMessage(client, ref, message);
    } catch (error) {
      this.deps.logger.warn({ channel: ref.channel, err: error }, 'could not update a watched verdict');
    }
  }

  /**
   * Posts to the channel; when that fails (the bot may not post here, or the Web API is failing after its
   * bounded retries) through response_url, which does not go through the Web API; otherwise says so
   * privately (or logs it). Never throws: the requester always gets an answer when Slack lets us give one.
   */
  async post(target: VerdictTarget, message: SlackMessage): Promise<Posted> {
    let code: string | undefined;
    try {
      const ref = await postMessage(target.client, { channel: target.channelId, threadTs: target.threadTs }, message);
      return { where: 'channel', ...(ref ? { ref } : {}) };
    } catch (error) {
      code = slackErrorCode(error);
      if (!(code && NOT_POSTABLE.has(code)))
        this.deps.logger.warn(
          { channel: target.channelId, err: error },
          'could not post a verdict; trying response_url',
        );
    }
    if (target.respond) {
      try {
        await target.respond({
          response_type: 'in_channel',
          replace_original: false,
          text: message.text,
          blocks: message.blocks as never,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        });
        return { where: 'response_url' };
      } catch (error) {
        this.deps.logger.warn(
          { channel: target.channelId, err: error },
          'could not send a verdict through response_url',
        );
      }
    }
    try {
      if (target.replyEphemeral) await target.replyEphemeral(postFailedReply(code ?? 'an error'));
      else this.deps.logger.warn({ channel: target.channelId, code }, 'could not post a verdict');
    } catch (error) {
      this.deps.logger.warn(
        { channel: target.channelId, err: error },
        'could not say privately that the verdict was not posted',
      );
    }
    return { where: 'failed' };
  }
}
