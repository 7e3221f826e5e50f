/**
 * The modal `/sr-check` opens when typed alone: org (preselected when the channel is mapped to one org),
 * identity, interaction and operation. Submitting runs the same check as the typed command, in the channel
 * the command came from (private_metadata: that channel id only). The submission is read back with zod and
 * turned into command words, so one grammar (request/grammar.ts) judges both (views/check-submitted.ts).
 */
import type { types } from '@slack/bolt';
import * as z from 'zod';
import { withoutControlChars } from '../../render/terminal';
import { BLOCK_LIMITS } from './limits';
import { fitSafe, mrkdwn, plainText } from './text';

export const CHECK_CALLBACK_ID = 'check:run';
export const CHECK_BLOCKS = {
  org: 'check-org',
  channel: 'check-channel',
  identity: 'check-identity',
  interaction: 'check-interaction',
  op: 'check-op',
} as const;
export const CHECK_ACTION = 'value';
/** A static_select lists at most 100 options. */
const MAX_ORG_OPTIONS = 100;

const CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;
/** The channel the command came from; none when opened from App Home (the form then asks for one). */
export const CheckMetadataSchema = z.strictObject({ channel: z.string().regex(CHANNEL_ID).optional() });
export const ChannelIdSchema = z.string().regex(CHANNEL_ID, 'Choose the channel to post the verdict in.');

/** Said instead of echoing a field that holds control characters (escape sequences, direction overrides). */
const NO_CONTROL_CHARS =
  'Remove the control characters (escape sequences, invisible or direction marks) from this field.';
const withoutControls = (v: string | undefined) => v === undefined || withoutControlChars(v) === v;

const optionalText = z
  .string()
  .trim()
  .max(300, 'At most 300 characters.')
  .refine(withoutControls, NO_CONTROL_CHARS)
  .optional()
  .transform((v) => (v ? v : undefined));

/** What the inputs hold once read (Slack sends null for an empty optional input). */
export const CheckSubmissionSchema = z.object({
  org: z.string().min(1, 'Choose an org.').max(100).refine(withoutControls, NO_CONTROL_CHARS),
  identity: optionalText.refine(
    (v) => v === undefined || /^((client|user)=)?[^\s=]+$/i.test(v),
    'An id, or client=<id> / user=<id>.',
  ),
  interaction: optionalText,
  op: optionalText,
});
export type CheckSubmission = z.infer<typeof CheckSubmissionSchema>;

/** The submission as command words: `identity` alone is an OAuth client id; `user=…` names a user. */
export function submissionWords(submission: CheckSubmission): string[] {
  const words = [`org=${submission.org}`];
  if (submission.identity)
    words.push(/^(client|user)=/i.test(submission.identity) ? submission.identity : `client=${submission.identity}`);
  if (submission.interaction) words.push(`interaction=${submission.interaction}`);
  if (submission.op) words.push(`op=${submission.op}`);
  return words;
}

const textInput = (blockId: string, label: string, placeholder: string, hint: string): types.InputBlock => ({
  type: 'input',
  block_id: blockId,
  optional: true,
  label: plainText(label, 2000),
  hint: plainText(hint, 2000),
  element: {
    type: 'plain_text_input',
    action_id: CHECK_ACTION,
    max_length: 300,
    placeholder: plainText(placeholder, 150),
  },
});

/**
 * From a channel (`channelId`): the orgs that channel may use, in a select. From App Home (no channel): the
 * org is typed and a channel picked, and the submission is judged by that channel's mapping, so the form
 * lists no org names to someone who may see none.
 */
export function renderCheckModal(input: {
  channelId?: string | undefined;
  orgs: string[];
  preselected?: string | undefined;
}): types.ModalView {
  const options = input.orgs.slice(0, MAX_ORG_OPTIONS).map((org) => ({ text: plainText(org, 75), value: org }));
  const initial = input.preselected ? options.find((o) => o.value === input.preselected) : undefined;
  const orgBlock: types.InputBlock = input.channelId
    ? {
        type: 'input',
        block_id: CHECK_BLOCKS.org,
        label: plainText('Org', 2000),
        element: {
          type: 'static_select',
          action_id: CHECK_ACTION,
          placeholder: plainText('Choose an org', 150),
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      }
    : {
        type: 'input',
        block_id: CHECK_BLOCKS.org,
        label: plainText('Org', 2000),
        hint: plainText('The org name from the sr-check config (`/sr-check orgs` in the channel lists them).', 2000),
        element: { type: 'plain_text_input', action_id: CHECK_ACTION, max_length: 100 },
      };
  const channelBlock: types.InputBlock[] = input.channelId
    ? []
    : [
        {
          type: 'input',
          block_id: CHECK_BLOCKS.channel,
          label: plainText('Post the verdict in', 2000),
          hint: plainText('A channel mapped to the org; the bot must be a member.', 2000),
          element: {
            type: 'conversations_select',
            action_id: CHECK_ACTION,
            filter: { include: ['public', 'private'], exclude_bot_users: true },
          },
        },
      ];
  return {
    type: 'modal',
    callback_id: CHECK_CALLBACK_ID,
    private_metadata: JSON.stringify(input.channelId ? { channel: input.channelId } : {}),
    title: plainText('Run a check', 24),
    submit: plainText('Check', 24),
    close: plainText('Cancel', 24),
    blocks: [
      {
        type: 'section',
        block_id: 'check-intro',
        text: mrkdwn(
          fitSafe(
            `Why does a Genesys Cloud call answer 403? sr-check reads the org and posts the verdict in ${input.channelId ? 'this channel' : 'the channel you choose'}. Empty fields use the org's configured integration and calls.`,
            BLOCK_LIMITS.sectionText,
          ),
        ),
      },
      orgBlock,
      ...channelBlock,
      textInput(
        CHECK_BLOCKS.identity,
        'Identity',
        'client=<id> or user=<id>',
        'The OAuth client or user that gets 403 (an id alone is a client).',
      ),
      textInput(
        CHECK_BLOCKS.interaction,
        'Interaction',
        'conversation id',
        'A conversation id, to check access to that one conversation.',
      ),
      textInput(
        CHECK_BLOCKS.op,
        'Operation',
        'GET /api/v2/recordings/screensessions',
        'The call that fails, or an alias from the orgs file.',
      ),
    ],
  };
}
