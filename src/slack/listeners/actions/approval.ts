/**
 * Approve / Deny on an approval message (a DM, the approvals channel, or the Home tab). Approve comes after
 * Slack's confirm dialog (blocks/approval.ts); Deny opens a modal asking for the reason. Acknowledged at once;
 * who may decide is checked by the ApprovalService on the server (the org's approvers, never the requester),
 * whatever the button says. Everyone else gets an answer only they see: ephemeral on a message, a notice at the
 * top of their Home tab there (Home clicks have no response_url).
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DecisionOutcome } from '../../../approvals/types';
import { decisionRefusalText } from '../../../approvals/wording';
import { decodeApprovalId } from '../../button-values';
import { userMention } from '../../blocks/text';
import { renderDenyModal } from '../../blocks/deny-modal';
import { safeText } from '../../blocks/text';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { publishHome } from '../events/app-home';

export function approvalButton(ctx: ListenerContext, kind: 'approve' | 'deny') {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const fromHome = body.container?.type === 'view' || (body.view?.type === 'home' && !body.message);
    const answer = async (text: string): Promise<void> => {
      if (fromHome) await publishHome(ctx, client, userId, text);
      else if (body.response_url) await replyPrivately({ respond }, text, ctx.logger);
    };
    await ctx.inFlight.run(async () => {
      try {
        const requestId = decodeApprovalId(action.value);
        if (!ctx.approvals || !requestId) {
          await answer(decisionRefusalText('unknown-request', undefined));
          return;
        }
        const message = body.message as { ts?: string } | undefined;
        const clicked =
          !fromHome && body.channel?.id && message?.ts ? { channel: body.channel.id, ts: message.ts } : undefined;
        if (kind === 'deny') {
          // Deny asks why first (a modal); the decision is made when it is submitted (views/deny-reason.ts).
          const checked = await ctx.approvals.service.mayDecide(requestId, userId);
          if (!checked.ok) {
            await answer(refusalText(checked));
            return;
          }
          const metadata = fromHome
            ? { id: requestId, home: true as const }
            : { id: requestId, ...(clicked ?? (body.channel?.id ? { channel: body.channel.id } : {})) };
          await client.views.open({ trigger_id: body.trigger_id, view: renderDenyModal(checked.request, metadata) });
          return;
        }
        const outcome = await ctx.approvals.decide(kind, requestId, userId, clicked);
        if (!outcome.ok) await answer(refusalText(outcome));
        else if (fromHome) await answer(doneText(outcome));
      } catch (error) {
        ctx.logger.error({ err: error }, 'approval decision failed');
        await answer(
          'Something went wrong on our side; the request is unchanged unless its message says otherwise. Please try again.',
        );
      }
    });
  };
}

/** The one refusal wording (approvals/wording.ts), with mentions and escaped names. */
function refusalText(outcome: Extract<DecisionOutcome, { ok: false }>): string {
  return decisionRefusalText(outcome.code, outcome.request, {
    org: (name) => safeText(name),
    user: userMention,
    state: (state) => safeText(state),
  });
}

function doneText(outcome: Extract<DecisionOutcome, { ok: true }>): string {
  switch (outcome.kind) {
    case 'applied':
      return `:white_check_mark: Applied: ${safeText(outcome.request.plan.summary)}`;
    case 'failed':
      return `:x: Not applied: ${safeText(outcome.reason)}`;
    case 'denied':
      return `:no_entry_sign: Denied: ${safeText(outcome.request.plan.summary)}`;
  }
}
