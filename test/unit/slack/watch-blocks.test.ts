/** Watch lines in Slack messages: where the line goes, the block limit, escaping, and each state's wording. */
import { describe, expect, it } from 'vitest';
import type { PropagationWatch } from '../../../src/approvals/types';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import {
  fixWatchLine,
  userWatchLine,
  userWatchStartLine,
  watchLineOnly,
  withWatchLine,
  WATCH_BLOCK_ID,
} from '../../../src/slack/blocks/watch';
import { allTextFields } from '../../e2e/helpers';
import { blockKitViolations } from '../../support/block-kit-limits';
import { hugeVerdict, injectedVerdict, INJECTIONS, unsafeParts } from '../../support/verdict-fixtures';

const T0 = Date.UTC(2025, 0, 15, 12);

function watch(patch: Partial<PropagationWatch> = {}): PropagationWatch {
  return {
    id: 'w1',
    requestId: 'r1',
    org: 'acme',
    check: { org: 'acme', fresh: true },
    position: 5,
    startedAt: T0,
    nextRunAt: T0 + 180_000,
    status: 'running',
    checks: 5,
    lastCheckedAt: T0 + 120_000,
    lastResult: 'refused',
    createdAt: T0,
    updatedAt: T0 + 120_000,
    ...patch,
  };
}

describe('withWatchLine', () => {
  it('puts the line right after the header and overall line, and into the notification text', () => {
    const message = renderVerdictMessage(injectedVerdict(), { requestId: 'abc', fixButtons: true });
    const watched = withWatchLine(message, ':eyes: Watching');
    expect(watched.blocks).toHaveLength(message.blocks.length + 1);
    expect(watched.blocks[0]!.type).toBe('header');
    expect(watched.blocks[2]).toMatchObject({ type: 'section', block_id: WATCH_BLOCK_ID });
    expect(watched.text.startsWith('Watching · ')).toBe(true);
    expect(blockKitViolations(watched)).toEqual([]);
  });

  it('a message already at the block limit gets the line in its last context block instead', () => {
    const base = renderVerdictMessage(hugeVerdict(500, 40), { requestId: 'abc', fixButtons: true });
    const filler = Array.from({ length: 50 - base.blocks.length }, (_, i) => ({
      type: 'section' as const,
      block_id: `filler-${i}`,
      text: { type: 'mrkdwn' as const, text: 'x' },
    }));
    const message = { text: base.text, blocks: [...base.blocks.slice(0, -1), ...filler, base.blocks.at(-1)!] };
    expect(message.blocks).toHaveLength(50);
    expect(message.blocks.at(-1)!.type).toBe('context');
    const watched = withWatchLine(message, ':eyes: Watching');
    expect(watched.blocks).toHaveLength(50);
    expect(allTextFields(watched.blocks).join('\n')).toContain('Watching');
    expect(blockKitViolations(watched)).toEqual([]);
  });

  it('a line alone (the re-check could not run) is a valid message', () => {
    expect(blockKitViolations(watchLineOnly(':hourglass: x'))).toEqual([]);
  });
});

describe('fixWatchLine', () => {
  it.each<[string, Partial<PropagationWatch>, RegExp]>([
    [
      'running at 2 min',
      {},
      /^:hourglass_flowing_sand: \*Is it propagation\?\* Still refused after 2 min; Genesys documents up to 5 min\. Re-checking at 3 min \(gives up at 10 min\)\.$/,
    ],
    [
      'running past 5 min',
      { position: 8, nextRunAt: T0 + 600_000, lastCheckedAt: T0 + 420_000 },
      /^:warning: .*Still refused after 7 min; .*probably not propagation\. Re-checking at 10 min/,
    ],
    [
      'passed at once',
      { status: 'passed', resultSeconds: 0, position: 0 },
      /^:white_check_mark: \*Took effect at once/,
    ],
    [
      'passed after 2 min',
      { status: 'passed', resultSeconds: 120 },
      /^:white_check_mark: \*Took effect after 2 min \(120 s from applying/,
    ],
    [
      'gave up',
      { status: 'gave-up', resultSeconds: 600 },
      /^:x: \*Still refused after 10 min: .*not propagation\. Check the verdict below\./,
    ],
  ])('%s', (_name, patch, line) => {
    expect(fixWatchLine(watch(patch))).toMatch(line);
  });

  it('names what still fails when it gives up, escaped', () => {
    const verdict = injectedVerdict();
    verdict.checks = verdict.checks.map((c) => ({ ...c, status: 'fail' as const }));
    const line = fixWatchLine(watch({ status: 'gave-up', resultSeconds: 600 }), {
      recheck: { ok: true, verdict },
      result: 'refused',
    });
    expect(line).toContain('Check what still fails:');
    expect(unsafeParts(line)).toEqual([]);
  });

  it('an error re-check says why, escaped', () => {
    const line = fixWatchLine(watch(), { recheck: { ok: false, message: INJECTIONS.join(' ') }, result: 'error' });
    expect(line).toContain('could not run');
    expect(unsafeParts(line)).toEqual([]);
  });
});

describe('user watch lines', () => {
  it.each<[string, string]>([
    [
      userWatchStartLine(600),
      ':eyes: Watching: running the check again at 15 s, 30 s, 1 min, 2 min, 3 min, 5 min, 7 min and 10 min until the verdict changes.',
    ],
    [
      userWatchLine('Changed after 2 min: FAIL → PASS (120 s, 5 runs).', 'changed'),
      ':white_check_mark: *Changed after 2 min: FAIL → PASS (120 s, 5 runs).*',
    ],
    [userWatchLine('No change', 'unchanged'), ':stopwatch: *No change*'],
    [userWatchLine('<!channel> stop', 'stopped'), ':double_vertical_bar: *&lt;!channel&gt; stop*'],
  ])('%s', (line, expected) => {
    expect(line).toBe(expected);
  });
});
