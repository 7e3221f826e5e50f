/**
 * splitCommandText splits plain text (no quotes, escapes, operators, variables, globs or comments) itself
 * instead of asking shell-quote: the words must be exactly shell-quote's, for any such text.
 */
import { parse as shellParse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { splitCommandText } from '../../../src/request/grammar';

const PLAIN = 'abcxyzABCXYZ0189_-.:/=,@+%';
const SPACES = [' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000'];

/** A seeded generator, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function plainText(next: () => number): string {
  let text = next() < 0.3 ? SPACES[Math.floor(next() * SPACES.length)]! : '';
  const length = Math.floor(next() * 40);
  for (let i = 0; i < length; i++)
    text += next() < 0.2 ? SPACES[Math.floor(next() * SPACES.length)]! : PLAIN[Math.floor(next() * PLAIN.length)]!;
  return text;
}

describe('splitCommandText on plain text', () => {
  it("gives shell-quote's words for 5,000 random plain texts (whitespace of every kind, empty, edges)", () => {
    const next = random(26);
    for (let n = 0; n < 5000; n++) {
      const text = plainText(next);
      expect(splitCommandText(text), JSON.stringify(text)).toEqual({ ok: true, words: shellParse(text.trim()) });
    }
  });

  it('leaves text with quotes, operators, variables, globs and comments to shell-quote', () => {
    expect(splitCommandText('org=acme op="GET /api/v2/x"')).toEqual({
      ok: true,
      words: ['org=acme', 'op=GET /api/v2/x'],
    });
    expect(splitCommandText('org=acme user=$HOME')).toEqual({ ok: true, words: ['org=acme', 'user=$HOME'] });
    expect(splitCommandText('org=acme; rm')).toMatchObject({ ok: false });
    expect(splitCommandText('org=acme #note')).toEqual({ ok: true, words: ['org=acme', '#note'] });
  });
});
