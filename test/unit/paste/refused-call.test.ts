/**
 * Which call a 403 belongs to when a log names each call on a line of its own and its answer on the lines after
 * (the answer lines decide: "200 OK" marks a call that worked, an error body with `status: 403` the refused one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePastedError } from '../../../src/paste';

const CONVERSATION = '0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b';

function refusedPath(text: string): string | undefined {
  const parsed = parsePastedError(text, undefined, 'ask');
  return parsed.kind === 'genesys-403' ? parsed.finding.path : undefined;
}

describe('the refused call in a log: the lines after a call are its answer', () => {
  it('a 50-line SDK log: the first GET answered 200, the /recordings GET answered 403', () => {
    const log = readFileSync(join(__dirname, '..', '..', '..', 'bench', 'fixtures', 'explain-50-lines.txt'), 'utf8');
    expect(refusedPath(log)).toBe(`/api/v2/conversations/${CONVERSATION}/recordings`);
  });

  it.each([
    [
      'the 403 answers the first call, the second is fine',
      `GET /api/v2/conversations/${CONVERSATION}/recordings\n  -> status: 403 Forbidden missing.permissions\nGET /api/v2/conversations/${CONVERSATION}\n  -> 200 OK`,
      `/api/v2/conversations/${CONVERSATION}/recordings`,
    ],
    [
      'the first call is fine, the 403 answers the second',
      `GET /api/v2/conversations/${CONVERSATION}\n  -> 200 OK\nGET /api/v2/conversations/${CONVERSATION}/recordings\n  -> status: 403 Forbidden missing.permissions`,
      `/api/v2/conversations/${CONVERSATION}/recordings`,
    ],
  ])('%s', (_name, text, path) => {
    expect(refusedPath(`Genesys Cloud API log\n${text}`)).toBe(path);
  });
});
