/**
 * Surrounding chat never flips a decision: a high-confidence Genesys 403 from the paste table stays a
 * high-confidence 403 (same code, permissions and operation) when ordinary chat is added before or after it,
 * and a wrapped message read without its chat (the table row itself) gives the same answer; a near miss
 * stays silent with the same chat around it. The chat is ordinary talk, including talk that names Genesys.
 * 400 runs each by default; PASTE_CHAT_RUNS=20000 searches harder (passes, 2026-12-01).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { parsePastedError, type PasteParse } from '../../../src/paste';
import { table } from '../../support/paste/table';

const catalog = loadCatalog();

/** Ordinary chat around a paste: greetings, context, thanks, names of things, links. */
const CHAT = [
  'morning all',
  'hey team, quick one',
  'can someone take a look? :pray:',
  'this started after the release on Tuesday',
  'pasting what we see below',
  'thanks in advance!',
  'cc <@U0123ABCD>',
  'heads up: Genesys maintenance window tonight at 22:00 UTC',
  'our integration is the nightly archiver, written in Node',
  'see <https://example.atlassian.net/browse/SUP-1234|SUP-1234> for the ticket',
  'the same code works in the sandbox org',
  'I already restarted the service twice',
  'ok',
  'lunch first, then I will dig in :pizza:',
  'we are on the Genesys Cloud 3 licence',
  '```\n(full log attached in the thread)\n```',
  '> quoted from the customer: "the wallboard is empty"',
  'not urgent but would be nice to fix this week',
];

const chatLines = fc
  .array(fc.oneof(fc.constantFrom(...CHAT), fc.lorem({ maxCount: 12 })), { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join('\n'));

/** What must not change: the decision, its tier, and the fields the reply is built from. */
function essence(parse: PasteParse): unknown {
  if (parse.kind !== 'genesys-403') return { kind: parse.kind };
  const f = parse.finding;
  return {
    kind: parse.kind,
    confidence: f.confidence,
    code: f.code,
    missing: f.missingPermissions,
    operation: f.operation?.template,
    surface: f.surface?.kind,
  };
}

const highRows = table.filter((r) => r.expect.decision === 'explain' && r.expect.confidence === 'high');
const silentRows = table.filter((r) => r.expect.decision === 'silent');

describe('surrounding chat never flips a decision', () => {
  it('the table has high-confidence rows and near misses to try', () => {
    expect(highRows.length).toBeGreaterThanOrEqual(50);
    expect(silentRows.length).toBeGreaterThanOrEqual(50);
  });

  it('adding chat before, after or around a high-confidence 403 (or removing it again) keeps the decision, tier and fields', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...highRows),
        chatLines,
        chatLines,
        fc.constantFrom('before', 'after', 'around'),
        (row, before, after, where) => {
          const alone = parsePastedError(row.text, catalog);
          expect(alone.kind === 'genesys-403' && alone.finding.confidence).toBe('high');
          const wrapped = [where !== 'after' ? before : '', row.text, where !== 'before' ? after : '']
            .filter(Boolean)
            .join('\n');
          expect(essence(parsePastedError(wrapped, catalog))).toEqual(essence(alone));
        },
      ),
      { numRuns: Number(process.env.PASTE_CHAT_RUNS ?? 400) },
    );
  });

  it('the same chat around a near miss keeps it silent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...silentRows), chatLines, chatLines, (row, before, after) => {
        expect(parsePastedError(`${before}\n${row.text}\n${after}`, catalog).kind).not.toBe('genesys-403');
      }),
      { numRuns: Number(process.env.PASTE_CHAT_RUNS ?? 400) },
    );
  });
});
