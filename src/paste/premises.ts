/**
 * False premises in what people write about a 403: scopes that do not exist, role names that are not
 * Genesys's, admin-console places that are not where the setting lives, and claims the documentation does
 * not support. Each answer comes from data/folklore.yaml or the scope list, never from a guess. A premise
 * names what the text said and the real thing; it never repeats more of the text than the name itself.
 */
import { loadFolklore } from '../catalog/folklore';
import { knownScopeNames } from '../catalog/scopes';

export type PremiseKind = 'scope' | 'role' | 'place' | 'claim';

export interface Premise {
  kind: PremiseKind;
  /** What the text said (a scope or role name, or the folklore's short form of a place or claim). */
  said: string;
  /** The real thing, one or two sentences. */
  answer: string;
  /** For a role name: the name as written, to look up in the org's roles when the org is known. */
  roleName?: string;
}

const CLIENT_CREDENTIALS_REMINDER =
  "A client-credentials token's access comes from the OAuth client's roles, not from scopes in the token request; scopes restrict only user-context grants (code, implicit, SAML2 bearer).";

/** `domain:action`-shaped words that look like a scope (a permission has three parts and is not one). */
const SCOPE_LIKE = /(?<![\w:])([a-z][a-z0-9_-]{2,40}):(read|write|readonly|all|admin|view|edit)(?![\w:])/gi;
/** A role someone names: `'Screen Recording Admin' role`, `the "X" role`. */
const QUOTED_ROLE = /['"‘’“”`]([A-Z][A-Za-z0-9 &/-]{2,60})['"‘’“”`]\s+role\b/g;

/** Premises are read from the first 20 KB: a question is never longer, and the scan stays bounded. */
const MAX_PREMISE_CHARS = 20_000;

export function findPremises(fullText: string): Premise[] {
  const text = fullText.length > MAX_PREMISE_CHARS ? fullText.slice(0, MAX_PREMISE_CHARS) : fullText;
  const folklore = loadFolklore();
  const premises: Premise[] = [];
  const seen = new Set<string>();
  const add = (premise: Premise) => {
    const key = `${premise.kind}:${premise.said.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    premises.push(premise);
  };

  const known = knownScopeNames();
  const lower = text.toLowerCase();
  // The reminder goes with the first made-up scope only: it is the same for all of them.
  let reminded = false;
  const reminder = () => {
    if (reminded) return '';
    reminded = true;
    return ` ${CLIENT_CREDENTIALS_REMINDER}`;
  };
  for (const entry of folklore.scopes) {
    if (!entry.pattern.test(text)) continue;
    add({
      kind: 'scope',
      said: entry.name,
      answer: `No such Genesys scope: ${entry.why} The real scope${entry.real.length > 1 ? 's are' : ' is'} ${entry.real.join(' / ')}.${reminder()}`,
    });
  }
  for (const match of text.matchAll(SCOPE_LIKE)) {
    const name = match[0].toLowerCase();
    if (known.has(name) || seen.has(`scope:${name}`)) continue;
    const real = nearestScopes(match[1]!.toLowerCase(), match[2]!.toLowerCase(), known);
    add({
      kind: 'scope',
      said: name,
      answer:
        `No such Genesys scope: scope names are domain-based, each with a read-only twin (\`x\` / \`x:readonly\`).` +
        `${real.length ? ` The nearest real ones: ${real.join(', ')}.` : ''}${reminder()}`,
    });
  }

  for (const entry of folklore.roles) {
    if (!lower.includes(entry.name.toLowerCase())) continue;
    add({ kind: 'role', said: entry.name, roleName: entry.name, answer: `"${entry.name}" is ${entry.why}` });
  }
  for (const match of text.matchAll(QUOTED_ROLE)) {
    const name = match[1]!.trim();
    if (seen.has(`role:${name.toLowerCase()}`)) continue;
    add({
      kind: 'role',
      said: name,
      roleName: name,
      answer: `Whether a role named "${name}" exists is the org's own business (orgs create custom roles); what matters is whether the role carries the permissions the call needs: run the full check to see which of the org's roles do.`,
    });
  }

  for (const place of folklore.places) {
    if (place.pattern.test(text))
      add({ kind: 'place', said: place.said, answer: `${place.why} The real place: ${place.real}.` });
  }
  for (const claim of folklore.claims) {
    if (claim.pattern.test(text)) add({ kind: 'claim', said: claim.said, answer: claim.answer });
  }
  return premises;
}

/** Real scopes whose name is close to a made-up one: `screen_recording` + write → recordings. */
function nearestScopes(base: string, action: string, known: Set<string>): string[] {
  const words = base.split(/[_-]+/).filter((w) => w.length >= 3);
  const full = [...known].filter((s) => !s.endsWith(':readonly'));
  const hits = full.filter((s) => words.some((w) => s.startsWith(w) || w.startsWith(s.replace(/s$/, ''))));
  const wantsRead = action === 'read' || action === 'readonly' || action === 'view';
  return hits.slice(0, 3).flatMap((s) => (wantsRead && known.has(`${s}:readonly`) ? [`${s}:readonly`, s] : [s]));
}

/** The org's roles that match a name (case-insensitive), for the answer to a named role. */
export function answerRoleInOrg(premise: Premise, orgName: string, roleNames: string[], carrying: string[]): string {
  const name = premise.roleName ?? premise.said;
  const exists = roleNames.some((r) => r.toLowerCase() === name.toLowerCase());
  const carriers = carrying.length
    ? ` These roles of ${orgName} carry the needed permissions: ${carrying.slice(0, 5).join(', ')}${carrying.length > 5 ? ', …' : ''}.`
    : '';
  return exists
    ? `A role named "${name}" exists in ${orgName}; whether it helps depends on the permissions it carries (the full check evaluates it).${carriers}`
    : `No role named "${name}" exists in ${orgName}.${carriers || ' Run the full check to see which of its roles carry the needed permissions.'}`;
}
