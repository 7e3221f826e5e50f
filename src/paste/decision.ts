/**
 * What a text earns, the same for the Slack listeners and `sr-check explain`, decided by ONE table: the
 * surface the text arrived on × the class of evidence it carries (tier.ts) → the reply's tier.
 *
 * Surfaces:
 * - `ask`: someone asked (`sr-check explain`, the "Explain this 403" shortcut, a message mentioning the bot);
 * - `mapped`: an ambient message in a channel mapped to an org (the channel exists for Genesys integrations,
 *   so nobody writes the product's name);
 * - `ambient`: an ambient message anywhere else (a DM): the strictness of before.
 * Tiers: `full` (the whole reply), `brief` (what was read, the one thing to do, the full-check button),
 * `silent`. Another Genesys status gets its hint when asked (or when the text asks); a credential alone gets
 * the rotate warning. Channel mapping and org choice stay with Slack (src/slack/listeners/messages/paste-decision.ts).
 */
import type { Catalog } from '../catalog/catalog';
import { readPaste } from './parse';
import { findPastedSecrets } from './secrets';
import type { PasteEvidence, PasteFinding, PasteParse, SecretSighting } from './types';

export type PasteSurface = 'ask' | 'mapped' | 'ambient';
export type PasteTier = 'full' | 'brief' | 'silent';

/** The decision: surface × evidence → tier. Every row is tested (test/unit/paste/decision.test.ts). */
export const DECISION_TABLE: Readonly<Record<PasteEvidence, Readonly<Record<PasteSurface, PasteTier>>>> = {
  // A Genesys error body, code, host or tool: the whole reply wherever it is.
  'genesys-body': { ask: 'full', mapped: 'full', ambient: 'full' },
  // Prose reporting a refusal that names the product (or a path only Genesys has): brief everywhere.
  'named-report': { ask: 'brief', mapped: 'brief', ambient: 'brief' },
  // Prose reporting a refusal on a catalog path, without the product's name: the channel's prior settles it.
  'catalog-path-report': { ask: 'brief', mapped: 'brief', ambient: 'silent' },
  // ... on an `/api/v2` path under a catalog domain that no operation matches ("not an operation", nearest ones).
  'genesys-path-report': { ask: 'brief', mapped: 'brief', ambient: 'silent' },
  // ... naming a catalog permission as missing, with no path.
  'catalog-permission-report': { ask: 'brief', mapped: 'brief', ambient: 'silent' },
  // A refusal near something Genesys-shaped that says too little to volunteer: only when asked (confidence low).
  'genesys-shaped': { ask: 'brief', mapped: 'silent', ambient: 'silent' },
  // Talk about 403s (changelog, tutorial, code branch, metric, hypothetical, fixed) and other vendors' 403s.
  talk: { ask: 'silent', mapped: 'silent', ambient: 'silent' },
  foreign: { ask: 'silent', mapped: 'silent', ambient: 'silent' },
};

export function tierFor(evidence: PasteEvidence, surface: PasteSurface): PasteTier {
  return DECISION_TABLE[evidence][surface];
}

/**
 * The parse a surface sees: a Genesys 403 only when the table answers it there. `catalog` defaults to the
 * shipped one (loaded only for text that passes the pre-filter); `surface` defaults to the strictest.
 */
export function parsePastedError(text: string, catalog?: Catalog, surface: PasteSurface = 'ambient'): PasteParse {
  return readPaste(text, catalog, (evidence) => tierFor(evidence, surface) !== 'silent');
}

export type PasteAnswer =
  | { kind: 'explain'; finding: PasteFinding; tier: Exclude<PasteTier, 'silent'> }
  | { kind: 'hint'; status: number; code?: string; hint: string; secrets: SecretSighting[] }
  | { kind: 'secrets'; secrets: SecretSighting[] }
  | { kind: 'silent'; reason: string };

export interface PasteDecided {
  parse: PasteParse;
  answer: PasteAnswer;
}

/** What `text` earns on `surface`: on `ask`, another Genesys status always gets its hint. */
export function decideAnswer(text: string, catalog?: Catalog, surface: PasteSurface = 'ambient'): PasteDecided {
  const parse = parsePastedError(text, catalog, surface);
  switch (parse.kind) {
    case 'genesys-403': {
      const tier = tierFor(parse.finding.evidence, surface);
      return { parse, answer: { kind: 'explain', finding: parse.finding, tier: tier === 'full' ? 'full' : 'brief' } };
    }
    case 'other-genesys-status': {
      if (surface === 'ask' || asksForHelp(text)) {
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
