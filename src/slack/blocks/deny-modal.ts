/**
 * The modal Deny opens: the change in one line and a required reason, which goes in the audit log and the
 * requester's thread. private_metadata carries only the request id and, when Deny was clicked on a message,
 * that message's address (so it is updated in place); the submission is validated with zod (views/deny-reason.ts).
 */
import type { types } from '@slack/bolt';
import * as z from 'zod';
import type { ApprovalRequest } from '../../approvals/types';
import { APPROVAL_ID } from '../button-values';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn, plainText } from './text';

export const DENY_CALLBACK_ID = 'approval:deny-reason';
export const DENY_REASON_BLOCK = 'deny-reason';
export const DENY_REASON_ACTION = 'reason';
/** The service keeps at most 500 characters of a reason. */
export const DENY_REASON_MAX = 500;

export const DenyMetadataSchema = z.strictObject({
  id: z.string().regex(APPROVAL_ID),
  channel: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,30}$/)
    .optional(),
  ts: z
    .string()
    .regex(/^\d{1,12}\.\d{1,8}$/)
    .optional(),
  /** Deny was clicked in App Home: the answer goes there. */
  home: z.literal(true).optional(),
});
export type DenyMetadata = z.infer<typeof DenyMetadataSchema>;

/** The reason as submitted: required, trimmed, at most DENY_REASON_MAX characters. */
export const DenyReasonSchema = z
  .string()
  .trim()
  .min(1, 'Say why, in a few words: the requester reads it in the thread.')
  .max(DENY_REASON_MAX, `At most ${DENY_REASON_MAX} characters, please.`);

export function renderDenyModal(request: ApprovalRequest, metadata: DenyMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: DENY_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plainText('Deny the fix', 24),
    submit: plainText('Deny', 24),
    close: plainText('Cancel', 24),
    blocks: [
      {
        type: 'section',
        block_id: 'deny-change',
        text: mrkdwn(
          fitMarkup(
            `*${fitSafe(request.org, 100)}:* ${fitSafe(request.plan.summary, 600)}\nNothing changes; the requester sees your reason in their thread, and it is kept in the audit log.`,
            BLOCK_LIMITS.sectionText,
          ),
        ),
      },
      {
        type: 'input',
        block_id: DENY_REASON_BLOCK,
        label: plainText('Why is it denied?', 2000),
        element: {
          type: 'plain_text_input',
          action_id: DENY_REASON_ACTION,
          multiline: true,
          max_length: DENY_REASON_MAX,
          placeholder: plainText('e.g. use the existing Archive role instead', 150),
        },
      },
    ],
  };
}
