/**
 * Properties of the decision table on support-channel text (issue 22):
 * - in a channel mapped to an org, ordinary chat around a report never flips its decision, tier or the
 *   call and permissions it is read for, and never wakes a near miss;
 * - a changelog or metrics wrapper around a near miss never wakes it, on any surface.
 * 300 runs each by default; PASTE_SURFACE_RUNS raises it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { decideAnswer, type PasteSurface } from '../../../src/paste';
import { table } from '../../support/paste/table';
import { supportChannel } from '../../support/paste/table/support-channel';

const catalog = loadCatalog();
const runs = Number(process.env.PASTE_SURFACE_RUNS ?? 300);

/** What people add around a report in a support channel: greetings, context, asks, names, links. */
const CONTEXT = [
  'morning all',
  'hey team, quick one',
  'any idea?',
  'can someone take a look? :pray:',
  'this started after the release on Tuesday',
  'pasting what we see below',
  'thanks in advance!',
  'cc <@U0123ABCD>',
  'our integration is the nightly archiver, written in Node',
  'see <https://example.atlassian.net/browse/SUP-1234|SUP-1234> for the ticket',
  'I already restarted the service twice',
  'not urgent but would be nice to sort this week',
  'prod only, staging looks ok',
  'customer is waiting on this one',
  ':eyes:',
];
const context = fc
  .array(fc.oneof(fc.constantFrom(...CONTEXT), fc.lorem({ maxCount: 10 })), { minLength: 1, maxLength: 3 })
  .map((lines) => lines.join('\n'));

function essence(text: string, surface: PasteSurface): unknown {
  const { answer } = decideAnswer(text, catalog, surface);
  if (answer.kind !== 'explain') return { kind: answer.kind === 'hint' ? 'hint' : 'silent' };
  const f = answer.finding;
  return {
    kind: 'explain',
    tier: answer.tier,
    template: f.operation?.template,
    method: f.method,
    missing: f.missingPermissions,
    notAnOperation: f.notAnOperation !== undefined,
  };
}

const reports = supportChannel.filter((r) => r.want.mapped === 'explain');
/**
 * Near misses on every surface: the batch's own, and the table's talk about 403s (its other-vendor and
 * other-service rows are near misses only where the product is not the channel's prior).
 */
const TALK_SHAPES = new Set(['tutorial', 'hypothetical', 'code-sample', 'count-or-id', 'chat', 'changelog', 'metrics']);
const nearMisses = [
  ...supportChannel.filter((r) => r.want.ask === 'silent'),
  ...table.filter((r) => r.expect.decision === 'silent' && TALK_SHAPES.has(r.shape)),
];

describe('context words never flip a decision in a mapped channel', () => {
  it('a report keeps its decision, tier, call and permissions with chat before, after or around it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...reports),
        context,
        context,
        fc.constantFrom('before', 'after', 'around'),
        (row, before, after, where) => {
          const wrapped = [where !== 'after' ? before : '', row.text, where !== 'before' ? after : '']
            .filter(Boolean)
            .join('\n');
          expect(essence(wrapped, 'mapped')).toEqual(essence(row.text, 'mapped'));
        },
      ),
      { numRuns: runs },
    );
  });

  it('the same chat around a near miss keeps it silent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...nearMisses), context, context, (row, before, after) => {
        expect(decideAnswer(`${before}\n${row.text}\n${after}`, catalog, 'mapped').answer.kind).not.toBe('explain');
      }),
      { numRuns: runs },
    );
  });
});

/** Wrappers that make any text history or a number: release notes, changelog entries, metric samples. */
const changelog = fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 40 }), fc.constantFrom('Fixed', 'Changed', 'Added')).map(
  ([major, minor, kind]) =>
    (text: string) =>
      `## ${major}.${minor}.0\n- ${kind}: ${text}`,
);
const releaseNotes = fc
  .constantFrom('Release notes (May)', 'CHANGELOG', 'Release notes v4.2')
  .map((title) => (text: string) => `${title}\n${text}`);
const metrics = fc
  .tuple(
    fc.constantFrom('/api/v2/routing/queues', '/api/v2/analytics/conversations/details/query', '/api/v2/users/me'),
    fc.nat({ max: 5000 }),
    fc.constantFrom('before', 'after'),
  )
  .map(([path, count, where]) => (text: string) => {
    const line = `http_requests_total{path="${path}",status="403"} ${count}`;
    return where === 'before' ? `${line}\n${text}` : `${text}\n${line}`;
  });

describe('a changelog or metrics wrapper never wakes a near miss', () => {
  it('on any surface: asked, a mapped channel, elsewhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...nearMisses),
        fc.oneof(changelog, releaseNotes, metrics),
        fc.constantFrom<PasteSurface>('ask', 'mapped', 'ambient'),
        (row, wrap, surface) => {
          expect(decideAnswer(wrap(row.text), catalog, surface).answer.kind).not.toBe('explain');
        },
      ),
      { numRuns: runs },
    );
  });

  it('a metric sample alone (status="403"} 0) is no report on any surface', () => {
    fc.assert(
      fc.property(metrics, fc.constantFrom<PasteSurface>('ask', 'mapped', 'ambient'), (wrap, surface) => {
        expect(decideAnswer(wrap('dashboard export for the week'), catalog, surface).answer.kind).not.toBe('explain');
      }),
      { numRuns: runs },
    );
  });
});
