/**
 * The Deny modal's submission: the metadata and the reason are validated with zod (a bad reason is answered in
 * the modal with response_action: errors, changing nothing); then the modal closes and the ApprovalService
 * denies with the reason (who may deny is checked there). A refusal is told to the approver only: in App Home
 * when Deny came from there, else as an ephemeral message where they clicked.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { DecisionOutcome } from '../../../approvals/types';
import { decisionRefusalText } from '../../../approvals/wording';
import { userMention } from '../../blocks/text';
import { DENY_REASON_ACTION, DENY_REASON_BLOCK, DenyMetadataSchema, DenyReasonSchema } from '../../blocks/deny-modal';
import { safeText } from '../../blocks/text';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { publishHome } from '../events/app-home';

export function denyReasonSubmitted(ctx: ListenerContext) {
  return async ({
    ack,
    view,
    body,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const metadata = parseMetadata(view.private_metadata);
    const reason = DenyReasonSchema.safeParse(view.state.values[DENY_REASON_BLOCK]?.[DENY_REASON_ACTION]?.value ?? '');
    if (!reason.success) {
      await ack({
        response_action: 'errors',
        errors: { [DENY_REASON_BLOCK]: reason.error.issues[0]?.message ?? 'Not a valid reason.' },
      });
      return;
    }
    if (!metadata || !ctx.approvals) {
      await ack({
        response_action: 'errors',
        errors: { [DENY_REASON_BLOCK]: 'This request can no longer be denied from here: open it again.' },
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    const clicked = metadata.channel && metadata.ts ? { channel: metadata.channel, ts: metadata.ts } : undefined;
    const tell = async (text: string): Promise<void> => {
      if (metadata.home || !metadata.channel) await publishHome(ctx, client, userId, text);
      else await replyPrivately({ client, channel: metadata.channel, user: userId }, text, ctx.logger);
    };
    await ctx.inFlight.run(async () => {
      try {
        const outcome = await ctx.approvals!.decide('deny', metadata.id, userId, clicked, reason.data);
        if (!outcome.ok) await tell(refusalText(outcome));
        else if (metadata.home) await tell(`:no_entry_sign: Denied: ${safeText(outcome.request.plan.summary)}`);
      } catch (error) {
        ctx.logger.error({ err: error }, 'deny with a reason failed');
        await tell(
          'Something went wrong on our side; the request is unchanged unless its message says otherwise. Please try again.',
        );
      }
    });
  };
}

function parseMetadata(raw: string | undefined) {
  if (!raw || raw.length > 3000) return undefined;
  try {
    const parsed = DenyMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function refusalText(outcome: Extract<DecisionOutcome, { ok: false }>): string {
  return decisionRefusalText(outcome.code, outcome.request, {
    org: (name) => safeText(name),
    user: userMention,
    state: (state) => safeText(state),
  });
}
