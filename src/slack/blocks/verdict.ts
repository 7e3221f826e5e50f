/**
 * The verdict as a compact Block Kit message, read in five seconds: a header (status, org, the identity's
 * name), the one thing to do ("needs role Screen Recording Viewer in Home"), one line per check that did not
 * pass, the fix buttons (the first `primary`), a Details button (the full evidence in a modal, see
 * verdict-details.ts), Re-run, one context line for the checks that passed, and who asked and when. Ids stay
 * in the details. The `text` fallback is the headline. All verdict text came from users or Genesys: it is
 * escaped and sent in verbatim mrkdwn (see text.ts).
 */
import type { types } from '@slack/bolt';
import { ENABLE_FIXES_HINT } from '../../approvals/wording';
import type { CheckResult, CheckStatus, FixProposal, Verdict } from '../../diagnosis/verdict';
import { fixLabel, STATUS_WORD } from '../../render/describe';
import { ACTION_IDS, encodeValue, TIME_BOUND_HOURS } from '../button-values';
import { isConfigurationFix } from '../../fixes/as-code/policy';
import { BLOCK_LIMITS } from './limits';
import type { SlackMessage } from './message';
import { terraformButton } from './terraform';
import { fitMarkup, fitPlainString, fitSafe, mrkdwn, plainText, safeText, slackDate, userMention } from './text';

type Block = types.KnownBlock;

export interface VerdictMessageOptions {
  /** Id of the stored request the buttons refer to. */
  requestId: string;
  /** False when the org has no fixer credentials: fixes are listed, without buttons, with how to enable them. */
  fixButtons: boolean;
  /** The Slack user who asked: "Requested by @user" (every verdict posted in a channel names them). */
  requestedBy?: string | undefined;
  /** When the check ran (epoch ms), shown with Slack's date formatting in the reader's time zone. */
  checkedAt?: number | undefined;
  /**
   * The OAuth clients sr-check holds credentials for in this org: only their tokens can be refreshed. A
   * "Refresh credentials" fix for any other client always fails, so it gets what to do instead, not a button.
   */
  managedClientIds?: readonly string[] | undefined;
  /**
   * The org is managed as code (`managedAs: terraform`): a "Terraform change" button shows the fix as code, and
   * role and scope fixes get live buttons only when the org also allows `liveFixes`.
   */
  asCode?: { liveFixes: boolean } | undefined;
}

export const STATUS_EMOJI: Record<CheckStatus, string> = {
  pass: ':white_check_mark:',
  fail: ':x:',
  warn: ':warning:',
  unknown: ':grey_question:',
  skipped: ':heavy_minus_sign:',
};

/** Presentation budget (well inside Slack's limits, so a verdict stays readable). */
export const VERDICT_BUDGET = {
  checkSummaryChars: 300,
  fixButtons: 5,
  fixButtonText: 40,
  operationsListed: 3,
} as const;

/** What the clicked fix button must not be: a refresh sr-check cannot perform (see VerdictMessageOptions). */
export function isDeadRefresh(fix: FixProposal, managedClientIds: readonly string[] | undefined): boolean {
  return (
    fix.kind === 'refresh-credentials' &&
    fix.target.kind === 'oauth-client' &&
    !(managedClientIds ?? []).includes(fix.target.id)
  );
}

/** What to do instead of a refresh sr-check cannot perform (the same words as the fix planner's refusal). */
export const REFRESH_ELSEWHERE =
  'sr-check holds no credentials for this client, so it cannot refresh its token: the integration must mint a new token ' +
  'itself (drop its token cache or restart it); tokens keep the roles they were issued with. Then press Re-run.';

export function renderVerdictMessage(verdict: Verdict, options: VerdictMessageOptions): SlackMessage {
  const blocks: Block[] = [headerBlock(verdict), headlineBlock(verdict)];
  const notPassed = verdict.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped');
  if (notPassed.length > 0) blocks.push(checksBlock(notPassed));

  const fixes = verdict.checks.flatMap((check) => check.fixes.map((fix) => ({ fix, check })));
  const offered = fixes
    .map(({ fix, check }, f) => ({ fix, check, f }))
    .filter(({ fix, check }) => check.status !== 'pass' && !isDeadRefresh(fix, options.managedClientIds));
  const deadRefresh = fixes.some(
    ({ fix, check }) => check.status !== 'pass' && isDeadRefresh(fix, options.managedClientIds),
  );
  const asCode = options.asCode;
  const live = (asCode && !asCode.liveFixes ? offered.filter(({ fix }) => !isConfigurationFix(fix)) : offered)
    // A role the fixer does not hold cannot be handed out by it (issue 21): no live button; the fix text says why.
    // The Terraform change stays: Terraform's own client applies it, not sr-check's fixer.
    .filter(({ fix }) => !(fix.kind === 'grant-role' && fix.fixer?.holds === 'no'));
  const asCodeFixes = asCode ? offered.filter(({ fix }) => isConfigurationFix(fix)) : [];
  const notes: string[] = [];
  if (asCodeFixes.length > 0)
    notes.push(
      `:page_facing_up: *${safeText(verdict.org)} is managed as code:* the fix is the Terraform change (button below); a role or scope granted live is removed by the next \`terraform apply\`.`,
    );
  if (live.length > 0 && !options.fixButtons)
    notes.push(
      `Fix buttons are off for ${safeText(verdict.org)}: the org has no fixer credentials. ${ENABLE_FIXES_HINT}`,
    );
  if (deadRefresh) notes.push(`:arrows_counterclockwise: *Refresh the token:* ${REFRESH_ELSEWHERE}`);
  if (notes.length > 0)
    blocks.push({
      type: 'section',
      block_id: 'verdict-notes',
      text: mrkdwn(fitMarkup(notes.join('\n'), BLOCK_LIMITS.sectionText)),
    });

  const elements = actionButtons(live, options);
  // Before Details and Re-run (always the last two); the primary action when no live fix is offered.
  if (asCodeFixes.length > 0)
    elements.splice(
      elements.length - 2,
      0,
      terraformButton(
        options.requestId,
        asCodeFixes.map(({ f }) => f),
        !elements.some((b) => b.style === 'primary'),
      ),
    );
  blocks.push({ type: 'actions', block_id: 'verdict-actions', elements });

  const passed = verdict.checks.filter((c) => c.status === 'pass');
  const skipped = verdict.checks.filter((c) => c.status === 'skipped');
  if (passed.length + skipped.length > 0) {
    // One line, one element per check (a context block shows its elements side by side).
    const elements = [...passed.map((c) => `${STATUS_EMOJI.pass} *${safeText(c.id)}* · ${STATUS_WORD.pass}`)];
    if (skipped.length > 0)
      elements.push(`${STATUS_EMOJI.skipped} skipped: ${skipped.map((c) => safeText(c.id)).join(', ')}`);
    blocks.push(contextBlock('verdict-passed', elements));
  }
  blocks.push(contextBlock('verdict-meta', [metaLine(verdict, options)]));
  return { text: fitSafe(headline(verdict), BLOCK_LIMITS.fallbackText), blocks };
}

/** The identity as people know it: its name, else (no name from Genesys) its id. */
export function identityLabel(identity: Verdict['identity']): string {
  const kind = identity.kind === 'user' ? 'user' : 'OAuth client';
  return identity.name ? `${kind} "${identity.name}"` : `${kind} ${identity.id}`;
}

function headerBlock(verdict: Verdict): Block {
  return {
    type: 'header',
    text: plainText(
      `${STATUS_WORD[verdict.overall]} · ${verdict.org} · ${identityLabel(verdict.identity)}`,
      BLOCK_LIMITS.headerText,
    ),
  };
}

/**
 * The one thing to do, from the verdict itself: the first failing check's first fix in words (the role check
 * proposes the minimal permission set as roles), else that check's summary.
 */
export function oneThingToDo(verdict: Verdict): string | undefined {
  if (verdict.overall === 'pass') return undefined;
  const worst =
    verdict.checks.find((c) => c.status === verdict.overall) ??
    verdict.checks.find((c) => c.status !== 'pass' && c.status !== 'skipped');
  if (!worst) return undefined;
  const fix = worst.fixes[0];
  // A partial grant is not the one thing to do: the check's summary says what is missing (issue 21).
  if (fix?.kind === 'grant-role' && !fix.partial && fix.fixer?.holds !== 'no') {
    const division = fix.divisionId === '*' ? 'all divisions' : (fix.divisionName ?? 'its division');
    return `needs role ${fix.roleName} in ${division} (for ${fix.permission})`;
  }
  if (fix?.kind === 'add-scope') return `needs scope ${fix.scope}`;
  return `${worst.id}: ${worst.summary}`;
}

/** Status, org, identity and the one thing to do: the fallback text and the notification. */
export function headline(verdict: Verdict): string {
  const todo = oneThingToDo(verdict);
  const head = `${STATUS_WORD[verdict.overall]} · ${verdict.org} · ${identityLabel(verdict.identity)}`;
  if (verdict.modelDisagreement) return `${head}: the live probe contradicts sr-check. ${verdict.modelDisagreement}`;
  return todo ? `${head}: ${todo}` : `${head}: all checks pass`;
}

function headlineBlock(verdict: Verdict): Block {
  const todo = oneThingToDo(verdict);
  const lines = [
    `${STATUS_EMOJI[verdict.overall]} *${STATUS_WORD[verdict.overall]}*${todo ? ` — ${fitSafe(todo, 600)}` : ' — every check passes'}`,
  ];
  // The live probe contradicting the model is the most valuable finding there is: right under the status.
  if (verdict.modelDisagreement)
    lines.push(`:rotating_light: *The live probe contradicts sr-check:* ${fitSafe(verdict.modelDisagreement, 600)}`);
  if (verdict.operations.length > 0) {
    const ops = verdict.operations
      .slice(0, VERDICT_BUDGET.operationsListed)
      .map((op) => `\`${safeText(`${op.method} ${op.path}`)}\``);
    const more = verdict.operations.length - ops.length;
    lines.push(`*Checked:* ${ops.join(', ')}${more > 0 ? ` …and ${more} more (Details)` : ''}`);
  }
  return {
    type: 'section',
    block_id: 'verdict-headline',
    text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)),
  };
}

function checksBlock(checks: CheckResult[]): Block {
  const lines = checks.map(
    (c) =>
      `${STATUS_EMOJI[c.status]} *${safeText(c.id)}* · ${STATUS_WORD[c.status]} — ${fitSafe(c.summary, VERDICT_BUDGET.checkSummaryChars)}`,
  );
  return {
    type: 'section',
    block_id: 'verdict-checks',
    text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)),
  };
}

function actionButtons(
  offered: Array<{ fix: FixProposal; f: number }>,
  options: VerdictMessageOptions,
): types.Button[] {
  const buttons: types.Button[] = [];
  if (options.fixButtons) {
    for (const { fix, f } of offered.slice(0, VERDICT_BUDGET.fixButtons)) {
      buttons.push({
        type: 'button',
        action_id: `${ACTION_IDS.fixPrefix}${f}`,
        text: plainText(fixLabel(fix), VERDICT_BUDGET.fixButtonText),
        value: encodeValue({ r: options.requestId, f }),
        // The main fix (the first one offered) is the primary action.
        ...(buttons.length === 0 ? { style: 'primary' as const } : {}),
      });
      // A role grant also gets a time-bound twin ("Grant for 8 h"): revoked automatically once the time is up.
      if (fix.kind === 'grant-role' && buttons.length === 1) {
        buttons.push({
          type: 'button',
          action_id: `${ACTION_IDS.timedFixPrefix}${f}`,
          text: plainText(`Grant for ${TIME_BOUND_HOURS} h`, VERDICT_BUDGET.fixButtonText),
          // Read aloud instead of "Grant for 8 h": which role, where, for how long, and that it is taken back.
          accessibility_label: fitPlainString(
            `Grant ${fix.roleName} in ${fix.divisionName ?? (fix.divisionId === '*' ? 'all divisions' : fix.divisionId)} for ${TIME_BOUND_HOURS} hours; revoked automatically`,
            BLOCK_LIMITS.buttonText,
          ),
          value: encodeValue({ r: options.requestId, f, h: TIME_BOUND_HOURS }),
        });
      }
    }
  }
  buttons.push({
    type: 'button',
    action_id: ACTION_IDS.details,
    text: plainText('Details', BLOCK_LIMITS.buttonText),
    value: encodeValue({ r: options.requestId }),
    accessibility_label: 'Open the full evidence of every check',
  });
  buttons.push({
    type: 'button',
    action_id: ACTION_IDS.rerun,
    text: plainText('Re-run', BLOCK_LIMITS.buttonText),
    value: encodeValue({ r: options.requestId }),
  });
  return buttons;
}

function metaLine(verdict: Verdict, options: VerdictMessageOptions): string {
  const parts: string[] = [];
  if (options.requestedBy) parts.push(`Requested by ${userMention(options.requestedBy)}`);
  if (options.checkedAt !== undefined) parts.push(slackDate(options.checkedAt));
  parts.push(`${verdict.apiCalls} Genesys API call(s) in ${verdict.durationMs} ms`);
  return parts.join(' · ');
}

function contextBlock(blockId: string, safeTexts: string[]): Block {
  const shown = safeTexts.slice(0, BLOCK_LIMITS.contextElements);
  return {
    type: 'context',
    block_id: blockId,
    elements: shown.map((t) => mrkdwn(fitMarkup(t, BLOCK_LIMITS.contextText))),
  };
}
