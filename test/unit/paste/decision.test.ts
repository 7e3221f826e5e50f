/** decideAnswer: the one decision the Slack listener and `sr-check explain` share. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import {
  DECISION_TABLE,
  decideAnswer,
  describeFinding,
  parsePastedError,
  rotateWarning,
  tierFor,
  type PasteEvidence,
  type PasteSurface,
} from '../../../src/paste';
import { readPaste } from '../../../src/paste/parse';
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

describe('the decision table (surface × evidence → tier), row by row', () => {
  /** One text per evidence class, checked to carry that class before its row is read. */
  const EXAMPLES: Record<PasteEvidence, string> = {
    'genesys-body':
      '{"message":"You are missing the following permission(s): [recording:screenRecording:view]","code":"missing.permissions","status":403,"contextId":"8f3c2b1a-1111-4222-8333-944455556666"}',
    'named-report': 'Genesys Cloud returns 403 Forbidden, missing permission wfm:schedule:edit',
    'catalog-path-report': 'PATCH /api/v2/users/{userId} returns Forbidden when we sync job titles',
    'genesys-path-report': '403 on GET /api/v2/recording/screenrecordings/{id} when we try to pull screen recordings',
    'catalog-permission-report': "403 when publishing schedules, it says we're missing wfm:schedule:edit",
    'genesys-shaped': 'we keep getting not.authorized (403) again',
    talk: '## 2.14.0\n- Fixed: GET /api/v2/routing/queues no longer returns 403 for users in a sub-division',
    foreign: 'Zendesk GET /api/v2/users/123/identities returns 403 Forbidden',
  };
  const surfaces: PasteSurface[] = ['ask', 'mapped', 'ambient'];

  for (const [evidence, row] of Object.entries(DECISION_TABLE) as Array<
    [PasteEvidence, Record<PasteSurface, string>]
  >) {
    it(`${evidence}: ask ${row.ask}, mapped ${row.mapped}, elsewhere ${row.ambient}`, () => {
      const text = EXAMPLES[evidence];
      const read = parsePastedError(text, catalog, 'ask');
      // The ask row answers every class that is not talk or foreign; those are read with the parser directly.
      if (row.ask !== 'silent') {
        expect(read.kind).toBe('genesys-403');
        if (read.kind === 'genesys-403') expect(read.finding.evidence).toBe(evidence);
      }
      for (const surface of surfaces) {
        const { answer } = decideAnswer(text, catalog, surface);
        const tier = answer.kind === 'explain' ? answer.tier : 'silent';
        expect(tier, `${evidence} on ${surface}`).toBe(row[surface]);
        expect(tierFor(evidence, surface)).toBe(row[surface]);
      }
    });
  }

  it('the silent classes are what they say: talk and foreign texts are read as such', () => {
    const wanted: PasteEvidence[] = [];
    const record = (e: PasteEvidence) => {
      wanted.push(e);
      return false;
    };
    readPaste(EXAMPLES.talk, catalog, record);
    readPaste(EXAMPLES.foreign, catalog, record);
    expect(wanted).toEqual(['talk', 'foreign']);
  });

  it('asking never answers less than a mapped channel, and a mapped channel never less than elsewhere', () => {
    const rank = { silent: 0, brief: 1, full: 2 } as const;
    for (const row of Object.values(DECISION_TABLE)) {
      expect(rank[row.ask]).toBeGreaterThanOrEqual(rank[row.mapped]);
      expect(rank[row.mapped]).toBeGreaterThanOrEqual(rank[row.ambient]);
    }
  });

  it('the confidence stated follows the evidence: high for a body, medium for reports, low for an ask-only answer', () => {
    const confidence = (evidence: PasteEvidence) => {
      const read = parsePastedError(EXAMPLES[evidence], catalog, 'ask');
      return read.kind === 'genesys-403' ? read.finding.confidence : undefined;
    };
    expect(confidence('genesys-body')).toBe('high');
    expect(confidence('catalog-path-report')).toBe('medium');
    expect(confidence('genesys-shaped')).toBe('low');
  });
});

describe('a 401 and a 403 in one message', () => {
  it('explains the 403 and names the 401 a login problem in one line', () => {
    const text =
      'two problems with our Genesys integration: GET /api/v2/users/me gives 401 on the staging client, and GET /api/v2/routing/queues gives 403 on prod';
    const { answer } = decideAnswer(text, catalog, 'mapped');
    expect(answer.kind).toBe('explain');
    if (answer.kind !== 'explain') return;
    expect(answer.finding.operation?.template).toBe('/api/v2/routing/queues');
    expect(answer.finding.also401).toBe(true);
    expect(describeFinding(answer.finding).filter((l) => l.startsWith('The 401'))).toHaveLength(1);
  });
});
