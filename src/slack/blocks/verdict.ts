/**
 * The verdict as a Block Kit message: header (org, identity), overall status, one section per check
 * (status emoji, summary, evidence in context blocks), proposed fixes with their buttons on every check
 * that did not pass (a warning's fix, e.g. the token check's refresh, can be requested too), and a Re-run button. Stays within every Block Kit limit by cutting with "…and N more", and
 * always sets the `text` fallback. All verdict text came from users or Genesys: it is escaped and sent in
 * verbatim mrkdwn (see text.ts).
 */
import type { types } from '@slack/bolt';
import { ENABLE_FIXES_HINT } from '../../approvals/wording';
import type { CheckResult, CheckStatus, FixProposal, Verdict } from '../../diagnosis/verdict';
import { describeFix, describeIdentity, fixLabel, STATUS_WORD } from '../../render/describe';
import { ACTION_IDS, encodeValue, TIME_BOUND_HOURS } from '../button-values';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn, plainText, safeText } from './text';

type Block = types.KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface VerdictMessageOptions {
  /** Id of the stored request the buttons refer to. */
  requestId: string;
  /** False when the org has no fixer credentials: fixes are listed, without buttons, with how to enable them. */
  fixButtons: boolean;
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
  evidenceLineChars: 400,
  evidenceElementChars: 1200,
  evidenceElementsPerCheck: 3,
  fixesListedPerCheck: 5,
  fixButtonsPerCheck: 5,
  fixButtonText: 40,
} as const;

export function renderVerdictMessage(verdict: Verdict, options: VerdictMessageOptions): SlackMessage {
  const head: Block[] = [headerBlock(verdict), overallBlock(verdict)];
  const tail: Block[] = [];
  const anyFixes = verdict.checks.some((c) => c.fixes.length > 0);
  if (anyFixes && !options.fixButtons) {
    tail.push(contextBlock([
      `Fix buttons are off for ${safeText(verdict.org)}: the org has no fixer credentials. ${ENABLE_FIXES_HINT}`,
    ]));
  }
  tail.push({
    type: 'actions',
    block_id: 'verdict-actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.rerun,
        text: plainText('Re-run', BLOCK_LIMITS.buttonText),
        value: encodeValue({ r: options.requestId }),
      },
    ],
  });
  tail.push(contextBlock([`${verdict.apiCalls} Genesys API call(s) · ${verdict.durationMs} ms · full evidence: \`sr-check --json\``]));

  // Checks go in while they fit; one block stays free for the "…and N more checks" line.
  const body: Block[] = [];
  let fixOffset = 0;
  let shown = 0;
  const room = BLOCK_LIMITS.blocksPerMessage - head.length - tail.length - 1;
  for (const [index, check] of verdict.checks.entries()) {
    const group = checkBlocks(check, index, fixOffset, options);
    fixOffset += check.fixes.length;
    if (body.length + group.length > room) break;
    body.push(...group);
    shown += 1;
  }
  const hidden = verdict.checks.length - shown;
  if (hidden > 0) body.push(contextBlock([`…and ${hidden} more check(s) (see \`sr-check --json\`)`]));

  return { text: fallbackText(verdict), blocks: [...head, ...body, ...tail] };
}

function headerBlock(verdict: Verdict): Block {
  return {
    type: 'header',
    text: plainText(`sr-check · ${verdict.org} · ${describeIdentity(verdict.identity)}`, BLOCK_LIMITS.headerText),
  };
}

function overallBlock(verdict: Verdict): Block {
  const lines = [`*Overall:* ${STATUS_EMOJI[verdict.overall]} *${STATUS_WORD[verdict.overall]}*`];
  // The live probe contradicting the model is the most valuable finding there is: first, before the checks.
  if (verdict.modelDisagreement) lines.push(`:rotating_light: *The live probe contradicts sr-check:* ${fitSafe(verdict.modelDisagreement, 600)}`);
  if (verdict.operations.length > 0) {
    const ops = verdict.operations.map((op) => `\`${safeText(`${op.method} ${op.path}`)}\``);
    lines.push(`*Operations:* ${listWithMore(ops, 10)}`);
  }
  if (verdict.missingPermissions.length > 0) {
    const perms = verdict.missingPermissions.map((p) => `\`${safeText(p)}\``);
    lines.push(`*Missing:* ${listWithMore(perms, 10)}`);
  }
  return { type: 'section', text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)) };
}

function checkBlocks(check: CheckResult, index: number, fixOffset: number, options: VerdictMessageOptions): Block[] {
  const blocks: Block[] = [
    {
      type: 'section',
      block_id: `check-${index}`,
      text: mrkdwn(
        fitMarkup(`${STATUS_EMOJI[check.status]} *${safeText(check.id)}* · ${STATUS_WORD[check.status]} — ${safeText(check.summary)}`, BLOCK_LIMITS.sectionText),
      ),
    },
  ];
  if (check.evidence.length > 0) blocks.push(contextBlock(evidenceElements(check.evidence)));
  if (check.fixes.length === 0) return blocks;

  const listed = check.fixes.slice(0, VERDICT_BUDGET.fixesListedPerCheck).map((fix) => `• ${fitSafe(describeFix(fix), 500)}`);
  const more = check.fixes.length - listed.length;
  if (more > 0) listed.push(`…and ${more} more fix(es)`);
  blocks.push({
    type: 'section',
    block_id: `fixes-${index}`,
    text: mrkdwn(fitMarkup(`*Proposed fixes* (an approver must approve):\n${listed.join('\n')}`, BLOCK_LIMITS.sectionText)),
  });

  // Any check that did not pass: some checks only ever warn (token; scope when enforcement is unknown).
  if (options.fixButtons && check.status !== 'pass') {
    // A role grant also gets a time-bound twin ("Grant for 8 h"): revoked automatically once the time is up.
    const buttons = check.fixes.slice(0, Math.min(VERDICT_BUDGET.fixButtonsPerCheck, BLOCK_LIMITS.actionsElements / 2)).flatMap((fix, i) => {
      const f = fixOffset + i;
      const plain = {
        type: 'button' as const,
        action_id: `${ACTION_IDS.fixPrefix}${f}`,
        text: plainText(fixLabel(fix), VERDICT_BUDGET.fixButtonText),
        value: encodeValue({ r: options.requestId, f }),
      };
      if (fix.kind !== 'grant-role') return [plain];
      const timed = {
        type: 'button' as const,
        action_id: `${ACTION_IDS.timedFixPrefix}${f}`,
        text: plainText(`Grant for ${TIME_BOUND_HOURS} h`, VERDICT_BUDGET.fixButtonText),
        value: encodeValue({ r: options.requestId, f, h: TIME_BOUND_HOURS }),
      };
      return [plain, timed];
    });
    blocks.push({ type: 'actions', block_id: `fix-actions-${index}`, elements: buttons });
  }
  return blocks;
}

/** Evidence lines packed into a few context elements; what does not fit is counted, not dropped silently. */
function evidenceElements(evidence: string[]): string[] {
  const elements: string[] = [];
  let current: string[] = [];
  let currentLength = 0;
  let used = 0;
  for (const line of evidence) {
    const safe = fitSafe(line.trimEnd() || ' ', VERDICT_BUDGET.evidenceLineChars);
    if (currentLength + safe.length + 1 > VERDICT_BUDGET.evidenceElementChars && current.length > 0) {
      elements.push(current.join('\n'));
      current = [];
      currentLength = 0;
      if (elements.length === VERDICT_BUDGET.evidenceElementsPerCheck) break;
    }
    current.push(safe);
    currentLength += safe.length + 1;
    used += 1;
  }
  if (current.length > 0 && elements.length < VERDICT_BUDGET.evidenceElementsPerCheck) elements.push(current.join('\n'));
  else used -= current.length;
  const more = evidence.length - used;
  if (more > 0) elements.push(`…and ${more} more evidence line(s)`);
  return elements;
}

function contextBlock(safeTexts: string[]): Block {
  return {
    type: 'context',
    elements: safeTexts.slice(0, BLOCK_LIMITS.contextElements).map((t) => mrkdwn(fitMarkup(t, BLOCK_LIMITS.contextText))),
  };
}

function listWithMore(items: string[], max: number): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} …and ${more} more` : shown.join(', ');
}

/** Notification and screen-reader text: org, identity, overall and the failing checks. */
function fallbackText(verdict: Verdict): string {
  const failing = verdict.checks.filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn');
  const parts = failing.map((c) => `${c.id} ${STATUS_WORD[c.status]}: ${c.summary}`);
  const disagreement = verdict.modelDisagreement ? ` The live probe contradicts sr-check: ${verdict.modelDisagreement}` : '';
  const text = `sr-check ${verdict.org} · ${describeIdentity(verdict.identity)}: ${STATUS_WORD[verdict.overall]}${disagreement}${parts.length ? ` (${parts.join('; ')})` : ''}`;
  return fitSafe(text, BLOCK_LIMITS.fallbackText);
}
