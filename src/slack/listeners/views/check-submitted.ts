/**
 * The check modal's submission (blocks/check-modal.ts): read with zod, turned into command words and judged
 * by the same grammar and channel rules as a typed `/sr-check` (command-decision.ts). Anything wrong is shown
 * next to its field (response_action: errors) and nothing runs; otherwise the modal closes and the verdict is
 * posted in the command's channel, as for the typed command.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import {
  ChannelIdSchema,
  CHECK_ACTION,
  CHECK_BLOCKS,
  CheckMetadataSchema,
  CheckSubmissionSchema,
  submissionWords,
} from '../../blocks/check-modal';
import { type CommandProblem, parseCommandWords } from '../../../request/grammar';
import { decideWords } from '../../command-decision';
import { runCheckAndPost } from '../../check-flow';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { withoutControlChars } from '../../../render/terminal';
import { ChannelMembership } from '../../channel-membership';

type Values = ViewSubmitAction['view']['state']['values'];

/** Modal errors are plain text shown to a person: built from input or upstream words, they pass the one stripping function. */
function shown(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, withoutControlChars(text)]));
}

function read(values: Values) {
  const text = (block: string) => values[block]?.[CHECK_ACTION]?.value ?? undefined;
  return {
    org:
      values[CHECK_BLOCKS.org]?.[CHECK_ACTION]?.selected_option?.value ??
      values[CHECK_BLOCKS.org]?.[CHECK_ACTION]?.value ??
      '',
    identity: text(CHECK_BLOCKS.identity),
    interaction: text(CHECK_BLOCKS.interaction),
    op: text(CHECK_BLOCKS.op),
  };
}

/** The form field that holds a command key (the grammar says which key each problem is about). */
const FIELD_OF_KEY: Record<string, string> = {
  interaction: CHECK_BLOCKS.interaction,
  client: CHECK_BLOCKS.identity,
  user: CHECK_BLOCKS.identity,
  compare: CHECK_BLOCKS.identity,
  op: CHECK_BLOCKS.op,
};

/** Each problem next to its field (the org's when it is about no field of the form); one field's problems joined. */
function fieldErrors(problems: CommandProblem[]): Record<string, string> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    const field = (problem.key !== undefined ? FIELD_OF_KEY[problem.key] : undefined) ?? CHECK_BLOCKS.org;
    (byField[field] ??= []).push(problem.message);
  }
  return Object.fromEntries(
    Object.entries(byField).map(([field, messages]) => [field, messages.join('; ').slice(0, 300)]),
  );
}

export function checkSubmitted(ctx: ListenerContext) {
  const membership = new ChannelMembership(ctx.logger);
  return async ({
    ack,
    view,
    body,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    let metadata: { channel?: string | undefined } | undefined;
    try {
      metadata = CheckMetadataSchema.parse(JSON.parse(view.private_metadata));
    } catch {
      metadata = undefined;
    }
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: shown({ [CHECK_BLOCKS.org]: 'This form lost its channel: run /sr-check again.' }),
      });
      return;
    }
    // From App Home the channel is picked in the form (and judged like the command's channel below).
    const picked = ChannelIdSchema.safeParse(
      metadata.channel ?? view.state.values[CHECK_BLOCKS.channel]?.[CHECK_ACTION]?.selected_conversation ?? '',
    );
    if (!picked.success) {
      await ack({
        response_action: 'errors',
        errors: shown({
          [metadata.channel ? CHECK_BLOCKS.org : CHECK_BLOCKS.channel]:
            picked.error.issues[0]?.message ?? 'Choose a channel.',
        }),
      });
      return;
    }
    const channel = picked.data;
    const submission = CheckSubmissionSchema.safeParse(read(view.state.values));
    if (!submission.success) {
      const errors: Record<string, string> = {};
      for (const issue of submission.error.issues) {
        const key = CHECK_BLOCKS[String(issue.path[0]) as keyof typeof CHECK_BLOCKS] ?? CHECK_BLOCKS.org;
        errors[key] ??= issue.message;
      }
      await ack({ response_action: 'errors', errors: shown(errors) });
      return;
    }
    const words = submissionWords(submission.data);
    // The grammar's own words, in plain text (modal errors are not mrkdwn), next to the field they are about.
    const parsed = parseCommandWords(words);
    if (parsed.kind === 'error') {
      await ack({ response_action: 'errors', errors: shown(fieldErrors(parsed.problems)) });
      return;
    }
    // Only in a channel the submitter is in (Slack says; the metadata's channel too, as a form can be replayed).
    const member = await membership.isMember(client, body.user.id, channel);
    if (member === undefined) {
      await ack({
        response_action: 'errors',
        errors: shown({
          [CHECK_BLOCKS.org]: `Slack did not confirm that you are in ${metadata.channel ? 'this' : 'that'} channel, so nothing ran. Try again in a moment.`,
        }),
      });
      return;
    }
    if (parsed.kind !== 'check' || !member || !ctx.access.allows(parsed.request.org, channel)) {
      // The same words for an unknown org, one not mapped here and a channel the submitter is not in (access.ts).
      await ack({
        response_action: 'errors',
        errors: shown({
          [CHECK_BLOCKS.org]: `No org "${submission.data.org.slice(0, 100)}" is available in ${metadata.channel ? 'this' : 'that'} channel.`,
        }),
      });
      return;
    }
    const decision = decideWords(words, channel, ctx.access);
    if (decision.kind !== 'check') {
      const message =
        decision.kind === 'not-an-operation'
          ? `${decision.request.op ?? 'This'} is not a Genesys Cloud API operation: type /sr-check op="…" to see the nearest real ones.`
          : 'This check cannot run from the form: type /sr-check help for what it accepts.';
      await ack({
        response_action: 'errors',
        errors: shown({
          [decision.kind === 'not-an-operation' ? CHECK_BLOCKS.op : CHECK_BLOCKS.org]: message.slice(0, 300),
        }),
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    await ctx.inFlight.run(() =>
      runCheckAndPost(ctx, {
        surface: 'command',
        request: decision.request,
        channelId: channel,
        userId,
        client,
        replyEphemeral: async (text) => {
          await replyPrivately({ client, channel, user: userId }, text, ctx.logger);
        },
      }),
    );
  };
}
