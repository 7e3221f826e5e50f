/** "Grant for 8 h" says what it grants to a screen reader: the role, where, for how long, and that it is taken back. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';

const failing = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'verdicts', 'cc-no-role.json'), 'utf8'),
) as Verdict;

describe('the time-bound grant button', () => {
  it('has an accessibility label naming the role, the division, the 8 hours and the automatic revocation', () => {
    const message = renderVerdictMessage(failing, { requestId: 'req12345abc', fixButtons: true });
    const buttons = (message.blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    const timed = buttons.find((b) => (b.text as { text: string }).text === 'Grant for 8 h');
    expect(timed).toBeDefined();
    expect(timed!.accessibility_label).toBe('Grant Screen Recording Viewer in Home for 8 hours; revoked automatically');
  });
});
