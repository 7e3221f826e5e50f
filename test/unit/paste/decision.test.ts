/** decideAnswer: the one decision the Slack listener and `sr-check explain` share. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { decideAnswer, rotateWarning } from '../../../src/paste';
import { table } from '../../support/paste/table';

const catalog = loadCatalog();
const wanted = { explain: 'explain', hint: 'hint', silent: 'silent' } as const;

describe('decideAnswer', () => {
  it("a Genesys 403 is explained, tiered by the finding's confidence", () => {
    const { answer } = decideAnswer(
      'Genesys Cloud returns 403 Forbidden, missing permission wfm:schedule:edit',
      catalog,
    );
    expect(answer.kind).toBe('explain');
    if (answer.kind === 'explain') expect(answer.finding.confidence).toBe('medium');
  });

  it('a credential with no 403 is a secrets-only warning, kinds and lines only', () => {
    const { parse, answer } = decideAnswer(
      'Genesys Cloud OAuth client: client_id=abc client_secret=s3cr3t (works fine)',
      catalog,
    );
    expect(parse.kind).toBe('none');
    expect(answer).toEqual({ kind: 'secrets', secrets: [{ kind: 'client-secret', line: 1 }] });
    expect(rotateWarning([{ kind: 'client-secret', line: 1 }])).not.toContain('s3cr3t');
  });

  it('another Genesys status gets its hint only when asked (or the text asks)', () => {
    const text = 'Genesys Cloud: GET /api/v2/routing/queues returns 429 {"code":"too.many.requests","status":429}';
    expect(decideAnswer(text, catalog).answer.kind).toBe('silent');
    expect(decideAnswer(text, catalog, 'ask').answer.kind).toBe('hint');
    expect(decideAnswer(`${text}\nwhy?`, catalog).answer.kind).toBe('hint');
  });

  it("agrees with every table row's decision (secrets-only rows warn, other silent rows stay silent)", () => {
    for (const row of table) {
      const { answer } = decideAnswer(row.text, catalog);
      const got = answer.kind === 'explain' ? 'explain' : answer.kind === 'hint' ? 'hint' : 'silent';
      if (row.expect.decision !== 'hint') expect(got, row.id).toBe(wanted[row.expect.decision]);
      if (row.expect.decision === 'silent')
        expect(answer.kind, row.id).toBe(row.expect.secrets?.length ? 'secrets' : 'silent');
    }
  });
});
