/**
 * Watches as Slack messages: the verdict message with one line saying where the watch stands, updated in
 * place (chat.update) at each re-check and ending in one final state. Used for the propagation watch after
 * an applied fix (ApprovalFlow) and for `/sr-check … watch` (check-flow.ts). The lines are plain text from
 * watch/propagation-schedule.ts and watch/user-watch.ts; verdict text is escaped by the verdict renderer.
 */
import type { types } from '@slack/bolt';
import type { WatchStep } from '../../approvals/types';
import {
  DOCUMENTED_PROPAGATION_SECONDS,
  failingChecks,
  gaveUpLine,
  passedLine,
  progressLine,
  scheduleText,
  watchOffsets,
  type StepResult,
} from '../../watch/propagation-schedule';
import type { PropagationWatch } from '../../approvals/types';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn } from './text';

type Block = types.KnownBlock;

export interface WatchMessage {
  text: string;
  blocks: Block[];
}

export const WATCH_BLOCK_ID = 'watch-progress';

/** Where the watch line goes: after the verdict's header and overall line, so it is read first. */
const LINE_INDEX = 2;

/**
 * The message with the watch line added (a section, block id `watch-progress`). A message already at Slack's
 * block limit gets the line as the first element of its last context block instead, so nothing else is dropped.
 */
export function withWatchLine(message: WatchMessage, safeLine: string): WatchMessage {
  const line = fitMarkup(safeLine, BLOCK_LIMITS.sectionText);
  const text = fitSafe(`${stripMarkup(safeLine)} · ${message.text}`, BLOCK_LIMITS.fallbackText);
  if (message.blocks.length < BLOCK_LIMITS.blocksPerMessage) {
    const blocks = [...message.blocks];
    blocks.splice(Math.min(LINE_INDEX, blocks.length), 0, {
      type: 'section',
      block_id: WATCH_BLOCK_ID,
      text: mrkdwn(line),
    });
    return { text, blocks };
  }
  const blocks = [...message.blocks];
  const last = blocks.length - 1;
  const block = blocks[last];
  if (block && block.type === 'context') {
    const elements = [mrkdwn(fitMarkup(safeLine, BLOCK_LIMITS.contextText)), ...block.elements].slice(
      0,
      BLOCK_LIMITS.contextElements,
    );
    blocks[last] = { ...block, elements };
  } else {
    blocks[last] = { type: 'context', elements: [mrkdwn(fitMarkup(safeLine, BLOCK_LIMITS.contextText))] };
  }
  return { text, blocks };
}

/** The watch line alone, for a step whose re-check could not run (there is no verdict to show). */
export function watchLineOnly(safeLine: string): WatchMessage {
  return {
    text: fitSafe(stripMarkup(safeLine), BLOCK_LIMITS.fallbackText),
    blocks: [
      { type: 'section', block_id: WATCH_BLOCK_ID, text: mrkdwn(fitMarkup(safeLine, BLOCK_LIMITS.sectionText)) },
    ],
  };
}

/** The fix watch's line (safe mrkdwn) for the watch as it stands after `step`. */
export function fixWatchLine(
  watch: PropagationWatch,
  step?: Pick<WatchStep, 'recheck' | 'result'> & Partial<Pick<WatchStep, 'decision'>> & { ended?: string },
): string {
  if (step?.ended) return `:x: *${fitSafe(`Watch ended: ${step.ended}.`, 600)}*`;
  const seconds =
    watch.resultSeconds ?? Math.max(0, Math.round(((watch.lastCheckedAt ?? watch.startedAt) - watch.startedAt) / 1000));
  const verdict = step?.recheck.ok ? step.recheck.verdict : undefined;
  const result = (step?.result ?? watch.lastResult ?? 'refused') as StepResult;
  switch (watch.status) {
    case 'passed':
      return `:white_check_mark: *${fitSafe(passedLine(seconds, step?.decision?.kind === 'passed' && step.decision.afterInPlace === true), 600)}*`;
    case 'gave-up':
      return `:x: *${fitSafe(gaveUpLine({ seconds, result, failing: failingChecks(verdict) }), 2000)}*`;
    case 'running': {
      // The stored next run, as the watch will keep it (not recomputed from the position).
      const nextAtSeconds = Math.round((watch.nextRunAt - watch.startedAt) / 1000);
      const error = step && !step.recheck.ok ? step.recheck.message : undefined;
      const icon = seconds > DOCUMENTED_PROPAGATION_SECONDS ? ':warning:' : ':hourglass_flowing_sand:';
      // The probe's answer, when one is configured and ran: what a call as the integration sees now.
      const probe = verdict?.checks.find((c) => c.id === 'probe' && c.status !== 'skipped')?.summary;
      const line = progressLine({
        result,
        seconds,
        ...(nextAtSeconds !== undefined ? { nextAtSeconds } : {}),
        ...(error ? { error } : {}),
        ...(probe ? { probe } : {}),
      });
      return `${icon} *${result === 'in-place' ? 'In place; calls may not see it yet.' : 'Is it propagation?'}* ${fitSafe(line, 1500)}`;
    }
  }
}

/** The user watch's line (safe mrkdwn): progress while it runs, the closing line at the end. */
export function userWatchLine(line: string, done: 'changed' | 'unchanged' | 'stopped' | undefined): string {
  const icon =
    done === 'changed'
      ? ':white_check_mark:'
      : done === 'unchanged'
        ? ':stopwatch:'
        : done === 'stopped'
          ? ':double_vertical_bar:'
          : ':eyes:';
  return `${icon} ${done ? '*' : ''}${fitSafe(line, 1500)}${done ? '*' : ''}`;
}

/** "Watching … until it changes or 10 min pass": the line a user watch starts with. */
export function userWatchStartLine(maxSeconds: number): string {
  return userWatchLine(
    `Watching: running the check again at ${scheduleText(watchOffsets(maxSeconds))} until the verdict changes.`,
    undefined,
  );
}

/** Notification text: our markup (emoji codes, bold) out, the entities stay escaped by the caller's fitSafe. */
function stripMarkup(safeLine: string): string {
  return safeLine
    .replace(/:[a-z_]+:\s*/g, '')
    .replace(/\*/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
