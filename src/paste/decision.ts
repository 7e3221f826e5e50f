/**
 * What a text earns, the same for the Slack listener and `sr-check explain`: a Genesys 403 (the reply's
 * tier is the finding's confidence: high full, medium brief), a hint for another Genesys status when
 * asked, a rotate warning when the text only carries a credential, or silence. Channel mapping and org
 * choice stay with Slack (src/slack/listeners/messages/paste-decision.ts).
 */
import type { Catalog } from '../catalog/catalog';
import { parsePastedError } from './parse';
import { findPastedSecrets } from './secrets';
import type { PasteFinding, PasteParse, SecretSighting } from './types';

export type PasteAnswer =
  | { kind: 'explain'; finding: PasteFinding }
  | { kind: 'hint'; status: number; code?: string; hint: string; secrets: SecretSighting[] }
  | { kind: 'secrets'; secrets: SecretSighting[] }
  | { kind: 'silent'; reason: string };

export interface PasteDecided {
  parse: PasteParse;
  answer: PasteAnswer;
}

/** `asked`: someone asked about this text (the shortcut, the CLI): another Genesys status then always gets its hint. */
export function decideAnswer(text: string, catalog?: Catalog, asked = false): PasteDecided {
  const parse = parsePastedError(text, catalog);
  switch (parse.kind) {
    case 'genesys-403':
      return { parse, answer: { kind: 'explain', finding: parse.finding } };
    case 'other-genesys-status': {
      if (asked || asksForHelp(text)) {
        return {
          parse,
          answer: {
            kind: 'hint',
            status: parse.status,
            ...(parse.code ? { code: parse.code } : {}),
            hint: parse.hint,
            secrets: parse.secrets,
          },
        };
      }
      if (parse.secrets.length > 0) return { parse, answer: { kind: 'secrets', secrets: parse.secrets } };
      return { parse, answer: { kind: 'silent', reason: `Genesys ${parse.status} without a question` } };
    }
    case 'none': {
      const secrets = findPastedSecrets(text);
      return {
        parse,
        answer: secrets.length > 0 ? { kind: 'secrets', secrets } : { kind: 'silent', reason: 'nothing for us' },
      };
    }
  }
}

/** The credentials an answer warns about (kinds and lines only). */
export function answerSecrets(answer: PasteAnswer): SecretSighting[] {
  if (answer.kind === 'explain') return answer.finding.secrets;
  return answer.kind === 'silent' ? [] : answer.secrets;
}

/** "client-secret (line 1), bearer-token (lines 3, 4)": kinds and lines, never values. */
export function describeSecretSightings(secrets: SecretSighting[]): string {
  const byKind = new Map<string, number[]>();
  for (const s of secrets) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.line]);
  return [...byKind.entries()]
    .map(([kind, lines]) => `${kind} (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')})`)
    .join(', ');
}

export function rotateWarning(secrets: SecretSighting[]): string {
  return `A credential was pasted: ${describeSecretSightings(secrets)}. Treat it as exposed: rotate it now and delete the message. It is not repeated here.`;
}

/**
 * Whether the words around a paste ask something. Code blocks, quotes, links and URLs are left out first,
 * so a `?` in a query string or an error text does not count.
 */
export function asksForHelp(text: string): boolean {
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .split('\n')
    .filter((line) => !/^\s*(?:&gt;|>|<|&lt;|[{}[\]"]|\s*at\s)/.test(line))
    .join('\n');
  if (/\?(?=\s|$)/.test(prose)) return true;
  return /\b(?:why|help|anyone|anybody|any ideas?|someone|somebody|what does|what's wrong|how (?:do|can|to|should))\b/i.test(
    prose,
  );
}
