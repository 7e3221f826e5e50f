/**
 * `/sr-check org=acme,globex …`, `org=*` and `org=acme client=A compare=B`: the slash command acknowledges at
 * once, then this runs the request against each org the channel may see (through the same concurrency-limited
 * runner as single checks, so each verdict is recorded in the history) and posts one matrix message; past what one
 * message holds, the further pages follow in its thread. An org the channel may not see is neither run nor named:
 * `org=*` leaves it out and a typed name gets the same "no such org here" row as a name that does not exist.
 * Slack retries never run it twice: the delivery is claimed once (listeners/middleware/dedupe.ts) before this runs.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn, webApi } from '@slack/bolt';
import { compareIdentities, runManyOrgs } from '../compare/many-orgs';
import { buildMatrix } from '../compare/matrix';
import {
  formatManyRequest,
  formatRequest,
  parseCommandText,
  type CheckRequest,
  type ParsedCommand,
  type ManyOrgsRequest,
  type OrgSelection,
  type OtherIdentity,
} from '../request/grammar';
import { unknownCallInOp } from '../paste';
import { renderComparisonMessage, renderMatrixMessage } from './blocks/matrix';
import { internalErrorReply, orgNotAvailableReply, usageErrorReply } from './blocks/replies';
import { fitSafe } from './blocks/text';
import type { ChannelAccess } from './access';
import type { ListenerContext } from './listener-context';
import type { VerdictTarget } from './verdict-publisher';

export type MatrixDecision =
  | { kind: 'reply'; text: string }
  | { kind: 'many'; orgs: OrgSelection; request: ManyOrgsRequest }
  | { kind: 'compare'; request: CheckRequest; other: OtherIdentity };

/** The command's decision when it names several orgs or compare=; undefined for everything else (the single-check path). */
export function decideMatrixCommand(
  text: string,
  channelId: string,
  access: ChannelAccess,
): MatrixDecision | undefined {
  return decideMatrix(parseCommandText(text), channelId, access);
}

/** decideMatrixCommand over text already parsed (the slash command parses its text once). */
export function decideMatrix(
  parsed: ParsedCommand,
  channelId: string,
  access: ChannelAccess,
): MatrixDecision | undefined {
  if (parsed.kind === 'many') {
    if (unknownCallInOp(parsed.request.op)) {
      return {
        kind: 'reply',
        text: usageErrorReply(
          `${parsed.request.op} is not a Genesys Cloud API operation (run it for one org to see the nearest real ones)`,
        ),
      };
    }
    return parsed;
  }
  if (parsed.kind === 'compare') {
    // The built-in demo org runs a simulator per check; compare= is for configured orgs (same refusal as elsewhere).
    if (!access.allows(parsed.request.org, channelId) || access.isBuiltInDemo(parsed.request.org))
      return { kind: 'reply', text: orgNotAvailableReply(parsed.request.org) };
    if (unknownCallInOp(parsed.request.op))
      return { kind: 'reply', text: usageErrorReply(`${parsed.request.op} is not a Genesys Cloud API operation`) };
    return parsed;
  }
  return undefined;
}

/** The "Checking…" acknowledgement for a matrix decision. */
export function matrixCheckingReply(decision: Exclude<MatrixDecision, { kind: 'reply' }>): string {
  if (decision.kind === 'compare') return `Comparing two identities in ${fitSafe(decision.request.org, 60)}…`;
  return decision.orgs === '*' ? 'Checking every org of this channel…' : `Checking ${decision.orgs.length} orgs…`;
}

export interface MatrixTarget {
  decision: Exclude<MatrixDecision, { kind: 'reply' }>;
  channelId: string;
  userId: string;
  client: webApi.WebClient;
  respond?: RespondFn;
  replyEphemeral(text: string): Promise<void>;
}

export async function runMatrixAndPost(ctx: ListenerContext, target: MatrixTarget): Promise<void> {
  const requestId = randomUUID().slice(0, 8);
  const requested = { requestedBy: target.userId, requestedAt: Date.now() };
  const { decision } = target;
  const log = ctx.logger.child({
    requestId,
    surface: 'matrix',
    kind: decision.kind,
    channel: target.channelId,
    user: target.userId,
  });
  const destination: VerdictTarget = {
    client: target.client,
    channelId: target.channelId,
    ...(target.respond ? { respond: target.respond } : {}),
    replyEphemeral: (text) => target.replyEphemeral(text),
  };
  const diagnose = (request: CheckRequest, id?: string) =>
    ctx.runner.run(request, id ?? requestId, { channel: target.channelId, user: target.userId });
  const canSee = (org: string) => ctx.access.allows(org, target.channelId) && !ctx.access.isBuiltInDemo(org);
  try {
    if (decision.kind === 'compare') {
      const comparison = await compareIdentities({ diagnose, canSee }, decision.request, decision.other, requestId);
      if ('ok' in comparison) {
        await target.replyEphemeral(usageErrorReply(comparison.message));
        return;
      }
      const command = `sr-check ${formatRequest(decision.request)} compare=${decision.other.user ?? decision.other.client} --json`;
      const posted = await ctx.verdicts.post(
        destination,
        renderComparisonMessage(comparison, { fullTableCommand: command, ...requested }),
      );
      log.info({ org: decision.request.org, working: comparison.working, posted: posted.where }, 'comparison posted');
      return;
    }
    const result = await runManyOrgs(
      {
        diagnose,
        // Only the orgs this channel may use: any other name is "not available here", like one that does not exist.
        orgNames: () => ctx.access.orgsIn(target.channelId).filter((org) => !ctx.access.isBuiltInDemo(org)),
        canSee,
        ...(ctx.metrics ? { metrics: ctx.metrics.orgs } : {}),
      },
      { orgs: decision.orgs, request: decision.request, requestId },
    );
    if (result.summary.orgs === 0) {
      const text =
        decision.orgs === '*' ? 'No org is mapped to this channel.' : orgNotAvailableReply(decision.orgs.join(', '));
      await target.replyEphemeral(text);
      return;
    }
    const matrix = buildMatrix(result, { runsAlone: (org) => ctx.access.isBuiltInDemo(org) });
    const fullTableCommand = `sr-check ${formatManyRequest(decision.orgs, decision.request)} --json`;
    const first = renderMatrixMessage(matrix, { page: 1, fullTableCommand, ...requested });
    const posted = await ctx.verdicts.post(destination, first);
    // Further pages go in the first page's thread (or through response_url when the bot cannot post here).
    for (let page = 2; page <= first.pageCount && posted.where !== 'failed'; page++) {
      const next = renderMatrixMessage(matrix, { page, fullTableCommand, ...requested });
      await ctx.verdicts.post({ ...destination, ...(posted.ref ? { threadTs: posted.ref.ts } : {}) }, next);
    }
    log.info(
      {
        ...result.summary,
        notAvailable: result.summary.notAvailable.length,
        pages: first.pageCount,
        posted: posted.where,
      },
      'matrix posted',
    );
  } catch (error) {
    log.error({ err: error }, 'many-orgs check failed');
    await target.replyEphemeral(internalErrorReply(requestId)).catch(() => undefined);
  }
}
