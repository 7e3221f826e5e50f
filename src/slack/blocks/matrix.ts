/**
 * The comparison matrix as a Block Kit message: header, summary, one line per org (overall and an emoji per
 * check, packed into sections), then for failing orgs their one fix and what differs from the passing
 * reference org. Past what one message holds it pages (`page`, `pageCount`) and says where the full table is
 * (the CLI and `--json`). Stays within BLOCK_LIMITS whatever the input; org names, summaries, fixes and
 * differences came from users or Genesys, so all of it is escaped and sent as verbatim mrkdwn (see text.ts).
 * Also the App Home status strip: the last runs of an org as emoji.
 */
import type { types } from '@slack/bolt';
import type { IdentityComparison, OrgRun } from '../../compare/many-orgs';
import type { Matrix, MatrixRow, RowStatus } from '../../compare/matrix';
import { verdictHeadline, type VerdictHistoryEntry } from '../../diagnosis/history';
import { describeFix, describeIdentity, STATUS_WORD } from '../../render/describe';
import { summaryLine } from '../../render/matrix-text';
import type { StatusChange } from '../../schedule/status-change';
import { slackDate, userMention } from './text';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn, plainText, safeText } from './text';
import { STATUS_EMOJI } from './verdict';

type Block = types.KnownBlock;

export interface MatrixMessage {
  text: string;
  blocks: Block[];
  /** 1-based page shown, and how many pages the matrix has (a caller adds its own next/previous buttons). */
  page: number;
  pageCount: number;
}

export interface MatrixMessageOptions {
  page?: number;
  /** The command that gives the full table, for the footer (e.g. `sr-check org=* --json`); user text, escaped. */
  fullTableCommand?: string;
  /** The Slack user who asked ("Requested by @user", as on every verdict posted in a channel). */
  requestedBy?: string | undefined;
  /** When the run was asked for (epoch ms), in Slack's date formatting (the reader's time zone). */
  requestedAt?: number | undefined;
}

/** Presentation budget: far inside Slack's limits (50 blocks, 3,000 characters a section). */
export const MATRIX_BUDGET = {
  rowsPerPage: 60,
  rowsPerSection: 15,
  detailsPerPage: 10,
  differsPerRow: 3,
  detailChars: 1500,
} as const;

const ROW_EMOJI: Record<RowStatus, string> = {
  ...STATUS_EMOJI,
  error: ':warning:',
  'not-available': ':no_entry_sign:',
};

export function renderMatrixMessage(matrix: Matrix, options: MatrixMessageOptions = {}): MatrixMessage {
  const pageCount = Math.max(1, Math.ceil(matrix.rows.length / MATRIX_BUDGET.rowsPerPage));
  const page = Math.min(pageCount, Math.max(1, Math.floor(options.page ?? 1)));
  const rows = matrix.rows.slice((page - 1) * MATRIX_BUDGET.rowsPerPage, page * MATRIX_BUDGET.rowsPerPage);
  const summary = summaryLine(matrix);

  const blocks: Block[] = [
    { type: 'header', text: plainText(`sr-check · ${matrix.summary.orgs} org(s)`, BLOCK_LIMITS.headerText) },
    { type: 'section', text: mrkdwn(fitSafe(summary, BLOCK_LIMITS.sectionText)) },
  ];
  if (matrix.columns.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(fitSafe(`columns: overall · ${matrix.columns.join(' · ')}`, BLOCK_LIMITS.contextText))],
    });
  }
  for (let i = 0; i < rows.length; i += MATRIX_BUDGET.rowsPerSection) {
    const lines = rows.slice(i, i + MATRIX_BUDGET.rowsPerSection).map((row) => rowLine(matrix, row));
    blocks.push({ type: 'section', text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)) });
  }

  const failing = rows.filter((r) => r.fix);
  for (const row of failing.slice(0, MATRIX_BUDGET.detailsPerPage)) blocks.push(detailBlock(matrix, row));
  if (failing.length > MATRIX_BUDGET.detailsPerPage) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `…and ${failing.length - MATRIX_BUDGET.detailsPerPage} more failing org(s) on this page: the full table is in the CLI and \`--json\`.`,
        ),
      ],
    });
  }
  const footer = [...requestedLine(options), `page ${page} of ${pageCount}`];
  if (options.fullTableCommand) footer.push(`full table: \`${fitSafe(options.fullTableCommand, 200)}\``);
  blocks.push({ type: 'context', elements: [mrkdwn(footer.join(' · '))] });

  return {
    text: fitSafe(`sr-check: ${summary}`, BLOCK_LIMITS.fallbackText),
    blocks: blocks.slice(0, BLOCK_LIMITS.blocksPerMessage),
    page,
    pageCount,
  };
}

function rowLine(matrix: Matrix, row: MatrixRow): string {
  const name = `${ROW_EMOJI[row.overall]} *${fitSafe(row.org, 60)}*`;
  if (row.overall === 'not-available' || row.overall === 'error') return `${name} ${fitSafe(row.headline, 120)}`;
  const cells = matrix.columns.map((c) => (row.cells[c] ? STATUS_EMOJI[row.cells[c]] : '·')).join(' ');
  return `${name} ${cells}`;
}

function detailBlock(matrix: Matrix, row: MatrixRow): Block {
  const fix = row.fix!;
  const lines = [`${ROW_EMOJI.fail} *${safeText(row.org)}* · ${safeText(fix.check)}: ${fitSafe(fix.summary, 400)}`];
  if (fix.proposal) lines.push(`→ ${fitSafe(describeFix(fix.proposal, fix.identity), 400)}`);
  if (row.differs && matrix.summary.reference) {
    const shown = row.differs.slice(0, MATRIX_BUDGET.differsPerRow);
    if (shown.length === 0)
      lines.push(`differs from *${safeText(matrix.summary.reference)}*: nothing in the facts both checks read`);
    else
      lines.push(
        `differs from *${safeText(matrix.summary.reference)}*:`,
        ...shown.map((d) => `• ${fitSafe(d.line, 300)}`),
      );
    if (row.differs.length > shown.length)
      lines.push(`…and ${row.differs.length - shown.length} more (CLI or \`--json\`)`);
  }
  return { type: 'section', text: mrkdwn(fitMarkup(lines.join('\n'), MATRIX_BUDGET.detailChars)) };
}

/** "Requested by @user · <date>" parts (none when the caller gave neither). */
function requestedLine(options: Pick<MatrixMessageOptions, 'requestedBy' | 'requestedAt'>): string[] {
  const parts: string[] = [];
  if (options.requestedBy) parts.push(`Requested by ${userMention(options.requestedBy)}`);
  if (options.requestedAt !== undefined) parts.push(slackDate(options.requestedAt));
  return parts;
}

/** Differences shown in a comparison message (the rest: the CLI or `--json`). */
export const COMPARISON_DIFFERENCES = 20;

/** `compare=`: each identity's overall status and headline, then what the working one has and the other lacks. */
export function renderComparisonMessage(
  comparison: IdentityComparison,
  options: Pick<MatrixMessageOptions, 'fullTableCommand' | 'requestedBy' | 'requestedAt'> = {},
): { text: string; blocks: Block[] } {
  const side = (label: string, run: OrgRun) => {
    if (run.kind === 'error') return `${ROW_EMOJI.error} *${label}* ${fitSafe(run.message, 400)}`;
    const v = run.verdict;
    return `${ROW_EMOJI[v.overall]} *${label}* ${safeText(STATUS_WORD[v.overall])} · ${fitSafe(describeIdentity(v.identity), 200)}\n${fitSafe(verdictHeadline(v), 600)}`;
  };
  const blocks: Block[] = [
    { type: 'header', text: plainText(`sr-check · compare in ${comparison.first.org}`, BLOCK_LIMITS.headerText) },
    { type: 'section', text: mrkdwn(fitMarkup(side('1', comparison.first), BLOCK_LIMITS.sectionText)) },
    { type: 'section', text: mrkdwn(fitMarkup(side('2', comparison.second), BLOCK_LIMITS.sectionText)) },
  ];
  let heading: string;
  if (comparison.first.kind !== 'verdict' || comparison.second.kind !== 'verdict')
    heading = 'No comparison: one identity has no verdict.';
  else if (comparison.working === 'none') heading = 'Neither or both pass, so what differs both ways:';
  else heading = `What *${comparison.working === 'first' ? '1' : '2'}* (passing) has and the other lacks:`;
  const shown = comparison.differences.slice(0, COMPARISON_DIFFERENCES);
  const lines = [heading];
  if (comparison.first.kind === 'verdict' && comparison.second.kind === 'verdict' && shown.length === 0)
    lines.push('nothing in the facts both checks read');
  lines.push(...shown.map((d) => `• ${fitSafe(d.line, 300)}`));
  if (comparison.differences.length > shown.length)
    lines.push(`…and ${comparison.differences.length - shown.length} more (CLI or \`--json\`)`);
  blocks.push({ type: 'section', text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)) });
  const footer = requestedLine(options);
  if (options.fullTableCommand) footer.push(`in full: \`${fitSafe(options.fullTableCommand, 200)}\``);
  if (footer.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(footer.join(' · '))] });
  const statuses = [comparison.first, comparison.second]
    .map((r) => (r.kind === 'verdict' ? r.verdict.overall : 'error'))
    .join(' vs ');
  return {
    text: fitSafe(`sr-check compare in ${comparison.first.org}: ${statuses}`, BLOCK_LIMITS.fallbackText),
    blocks,
  };
}

/** Changes listed in a status-change post (the rest: `sr-check history`). */
export const STATUS_CHANGE_LINES = 10;

/** A scheduled run's status change, for the org's channels: the message line, then what changed. All of it escaped. */
export function renderStatusChangeMessage(change: StatusChange): { text: string; blocks: Block[] } {
  // Who and when, as the verdict says them: sr-check's scheduled check, at the run that saw the change.
  const lines = [
    `${ROW_EMOJI[change.to]} *Scheduled check* · ${slackDate(change.at)} · ${fitSafe(change.message, 1200)}`,
  ];
  const shown = change.changes.slice(0, STATUS_CHANGE_LINES);
  lines.push(...shown.map((line) => `• ${fitSafe(line, 300)}`));
  if (change.changes.length > shown.length)
    lines.push(
      `…and ${change.changes.length - shown.length} more (\`sr-check history org=${safeText(change.org)} --json\`)`,
    );
  return {
    text: fitSafe(`sr-check: ${change.message}`, BLOCK_LIMITS.fallbackText),
    blocks: [{ type: 'section', text: mrkdwn(fitMarkup(lines.join('\n'), BLOCK_LIMITS.sectionText)) }],
  };
}

/** App Home: the last `count` runs of an org as emoji, oldest first (entries come newest first, as listHistory gives them). */
export function statusStrip(entries: Array<Pick<VerdictHistoryEntry, 'overall'>>, count = 30): string {
  return entries
    .slice(0, count)
    .reverse()
    .map((e) => STATUS_EMOJI[e.overall])
    .join('');
}
