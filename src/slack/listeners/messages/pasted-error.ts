/**
 * `message` events in channels mapped to an org and in DMs: a pasted Genesys 403 gets one threaded
 * explanation with a "Run full check" button, another Genesys status a one-line hint when the message
 * asks, a pasted credential a rotate warning. At most one reply per message, ever: the claim is keyed on
 * channel + the ts of the message as first posted, so Slack retries (also dropped by event_id earlier),
 * the same message delivered under another event id, and edits all find it taken.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderPasteReply, renderSecretWarning, renderStatusHint, type PasteReplyTarget } from '../../blocks/paste';
import type { SlackMessage } from '../../blocks/message';
import type { ListenerContext } from '../../listener-context';
import { readMessageEvent, type IncomingMessage } from './incoming-message';
import { mentionCarriesPaste } from '../../command-decision';
import { decidePaste, type PasteDecision, type PasteDecisionDeps } from './paste-decision';
import { loadCatalog } from '../../../catalog/catalog';
import type { PasteFinding } from '../../../paste';
import { answerRoleInOrg } from '../../../paste/premises';
import { storeSuggestions } from '../../suggested-calls';
import { postMessage } from '../../post';

/** How long a message's reply claim is kept; edits of older messages are ignored, so this bounds both. */
export const PASTE_CLAIM_TTL_SECONDS = 24 * 3600;

export function pasteClaimKey(channelId: string, ts: string): string {
  return `paste:${channelId}:${ts}`;
}

const PASTE_METRIC = { explain: 'genesys-403', hint: 'other-genesys-status', secrets: 'secret-flagged' } as const;

export function pastedError(ctx: ListenerContext, deps: PasteDecisionDeps) {
  return async ({ event, context, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const reading = readMessageEvent(
      event,
      { botId: context.botId, botUserId: context.botUserId },
      PASTE_CLAIM_TTL_SECONDS,
    );
    if (!reading.ok) return;
    const message = reading.message;
    if (message.mentionsApp && !mentionCarriesPaste(message.text, message.channelId, ctx.access)) return;
    // A message that mentions the bot asks it: the ask row of the decision table.
    const decision = decidePaste(message, deps, message.mentionsApp);
    if (decision.kind === 'ignore') return;
    ctx.metrics?.recordPasteDetection(PASTE_METRIC[decision.kind]);
    const log = ctx.logger.child({
      surface: 'paste',
      channel: message.channelId,
      user: message.userId,
      reply: decision.kind,
    });

    await ctx.inFlight.run(async () => {
      if (!(await claim(ctx, message, log))) return;
      try {
        const reply = await buildReply(ctx, message, decision);
        await postMessage(client, { channel: message.channelId, threadTs: message.replyThreadTs }, reply);
        log.info({ edited: message.edited }, 'paste reply posted');
      } catch (error) {
        // Unsolicited: nobody waits for it, so a failure is logged, not announced.
        log.warn({ err: error }, 'paste reply not posted');
      }
    });
  };
}

/**
 * First claim wins. A store that fails means no reply: an unasked-for reply posted twice is worse than
 * one not posted (the person can still run /sr-check).
 */
async function claim(ctx: ListenerContext, message: IncomingMessage, log: ListenerContext['logger']): Promise<boolean> {
  try {
    const first = await ctx.idempotency.claim(pasteClaimKey(message.channelId, message.ts), PASTE_CLAIM_TTL_SECONDS);
    if (!first) log.info({ edited: message.edited }, 'message already answered');
    return first;
  } catch (error) {
    log.warn({ err: error }, 'idempotency store failed; not replying to the paste');
    return false;
  }
}

/** The reply a decision earns (the "Explain this 403" shortcut sends the same one, ephemerally). */
export async function buildReply(
  ctx: ListenerContext,
  message: Pick<IncomingMessage, 'channelId' | 'userId' | 'ts' | 'replyThreadTs'>,
  decision: Exclude<PasteDecision, { kind: 'ignore' }>,
): Promise<SlackMessage> {
  switch (decision.kind) {
    case 'explain': {
      let target: PasteReplyTarget;
      let finding = decision.finding;
      if (decision.target.kind === 'org') {
        const { request } = decision.target;
        finding = await withOrgRoleAnswers(ctx, request.org, finding);
        // The buttons carry only these ids; the click re-checks channel access (resolve-button.ts).
        const requestId = await ctx.verdicts.storeCheck({
          request,
          channelId: message.channelId,
          userId: message.userId,
        });
        // A call that is no operation: one button per real operation near it, each running the check with that op=.
        const suggestions = await storeSuggestions(ctx, request, finding.notAnOperation, message);
        target = { kind: 'button', org: request.org, requestId, ...(suggestions.length ? { suggestions } : {}) };
      } else {
        target = decision.target;
      }
      return renderPasteReply(finding, target);
    }
    case 'hint':
      return renderStatusHint(decision.status, decision.code, decision.hint, decision.secrets);
    case 'secrets':
      return renderSecretWarning(decision.secrets);
  }
}

/**
 * A role the paste names, looked up in the org's roles: whether it exists there, and which roles meet the
 * call's requirement. The paste's answer stands unchanged when the roles cannot be read.
 */
async function withOrgRoleAnswers(ctx: ListenerContext, org: string, finding: PasteFinding): Promise<PasteFinding> {
  if (!finding.premises.some((p) => p.roleName)) return finding;
  const pasted = finding.operation ?? finding.notAnOperation?.nearest[0];
  const operation = pasted ? loadCatalog().get(pasted.method, pasted.template) : undefined;
  let roles: Awaited<ReturnType<ListenerContext['runner']['rolesFor']>>;
  try {
    roles = await ctx.runner.rolesFor(org, operation);
  } catch (error) {
    ctx.logger.warn({ err: error, org }, 'could not read the org roles for a named role');
    return finding;
  }
  if (!roles) return finding;
  const { names, meeting } = roles;
  return {
    ...finding,
    premises: finding.premises.map((p) =>
      p.roleName ? { ...p, answer: `${p.answer} ${answerRoleInOrg(p, org, names, meeting)}` } : p,
    ),
  };
}
