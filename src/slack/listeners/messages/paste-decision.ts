/**
 * What a message in a channel or DM earns, decided before anything is posted: nothing, an explanation of
 * a pasted Genesys 403 (with the org to check, or a request to name it), a one-line hint for another
 * Genesys status when the message asks, or a warning that a credential was pasted. What the text earns is
 * src/paste/decision.ts's answer (the same one `sr-check explain` gives); this adds where it may go and
 * which org to check. Pure apart from the parser, so it is unit-tested alone.
 *
 * Org choice follows channel access: the orgs ChannelAccess allows here (the built-in demo org never
 * counts: pastes are about real orgs), narrowed by the paste's region when several could apply. A DM is
 * only mapped to orgs when the config lists its channel id, so a DM gets the explanation (catalog facts
 * only) and is asked to run /sr-check in a mapped channel; it never learns which orgs exist.
 */
import type { Catalog } from '../../../catalog/catalog';
import type { AppConfig, OrgConfig } from '../../../config/types';
import { CheckRequestSchema, type CheckRequest } from '../../../request/grammar';
import { regionForHost } from '../../../genesys/regions';
import { asksForHelp, decideAnswer, type PasteFinding, type SecretSighting } from '../../../paste';
import type { ChannelAccess } from '../../access';

export type PasteTarget =
  /** Exactly one org applies: the button runs this request. */
  | { kind: 'org'; request: CheckRequest }
  /** Several orgs (listed: they are the ones available here) or none: the reply asks for `org=`. */
  | { kind: 'ask'; orgsHere: string[]; isDm: boolean; suggestion: Omit<CheckRequest, 'org' | 'fresh'> };

export type PasteDecision =
  | { kind: 'ignore'; reason: string }
  | { kind: 'explain'; finding: PasteFinding; target: PasteTarget }
  | { kind: 'hint'; status: number; code?: string; hint: string; secrets: SecretSighting[] }
  | { kind: 'secrets'; secrets: SecretSighting[] };

export interface PasteDecisionDeps {
  access: ChannelAccess;
  config: AppConfig;
  catalog: Catalog;
}

/**
 * `asked`: someone used the "Explain this 403" shortcut on the message, or mentioned the bot in it. Then any
 * channel counts (the shortcut is how people reach messages in unmapped channels), the ask row of the
 * decision table applies, and another Genesys status always gets its hint. Otherwise a channel mapped to an
 * org reads with the mapped row (that org's prior), a DM with the strict ambient row.
 */
export function decidePaste(
  message: { text: string; channelId: string; isDm: boolean },
  deps: PasteDecisionDeps,
  asked = false,
): PasteDecision {
  const orgsHere = deps.access.orgsIn(message.channelId).filter((name) => !deps.access.isBuiltInDemo(name));
  if (!asked && !message.isDm && orgsHere.length === 0)
    return { kind: 'ignore', reason: 'channel not mapped to an org' };

  // What the text earns is decided in src/paste (shared with `sr-check explain`); here only where it goes.
  // The surface: asked (shortcut, mention), a channel mapped to an org (its prior), or elsewhere (a DM).
  const surface = asked ? 'ask' : orgsHere.length > 0 ? 'mapped' : 'ambient';
  const { answer } = decideAnswer(message.text, deps.catalog, surface);
  switch (answer.kind) {
    case 'explain': {
      const { finding } = answer;
      const org = chooseOrg(orgsHere, deps.config, finding.region);
      const fields = requestFields(finding, deps.catalog);
      const target: PasteTarget = org
        ? { kind: 'org', request: CheckRequestSchema.parse({ org, ...fields }) }
        : { kind: 'ask', orgsHere, isDm: message.isDm, suggestion: fields };
      return { kind: 'explain', finding, target };
    }
    case 'hint':
    case 'secrets':
      return answer;
    case 'silent':
      return { kind: 'ignore', reason: answer.reason };
  }
}

/** The org's region: configured, or read from its API host. */
export function orgRegion(org: OrgConfig): string | undefined {
  return org.region ?? regionForHost(org.apiBaseUrl);
}

/**
 * One org or none. Several orgs here: the one whose region is the paste's, if exactly one is. A single
 * org here: that one, unless both regions are known and differ (the paste is then about another org).
 */
export function chooseOrg(orgsHere: string[], config: AppConfig, pasteRegion: string | undefined): string | undefined {
  const regionOf = (name: string) => {
    const org = config.orgs.get(name);
    return org ? orgRegion(org) : undefined;
  };
  if (orgsHere.length === 1) {
    const only = orgsHere[0]!;
    const region = regionOf(only);
    return pasteRegion && region && region !== pasteRegion ? undefined : only;
  }
  if (!pasteRegion) return undefined;
  const matching = orgsHere.filter((name) => regionOf(name) === pasteRegion);
  return matching.length === 1 ? matching[0] : undefined;
}

/**
 * What the paste revealed, as request fields: ids only when they are valid Genesys ids, and the
 * operation as `METHOD /concrete/path` (the template when the pasted path does not resolve to it).
 */
export function requestFields(finding: PasteFinding, catalog: Catalog): Omit<CheckRequest, 'org' | 'fresh'> {
  const fields: Omit<CheckRequest, 'org' | 'fresh'> = {};
  const candidates = { client: finding.clientId, user: finding.userId, interaction: finding.conversationId };
  for (const [key, value] of Object.entries(candidates) as Array<[keyof typeof candidates, string | undefined]>) {
    if (!value) continue;
    const parsed = CheckRequestSchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data) fields[key] = parsed.data;
  }
  const op = finding.operation;
  if (op) {
    const path = finding.path;
    const concrete = path && /^\/\S{1,280}$/.test(path) && catalog.resolve(op.method, path)?.template === op.template;
    fields.op = `${op.method} ${concrete ? path : op.template}`;
  }
  return fields;
}

/** Kept here for callers of the Slack side; the rule lives in src/paste/decision.ts. */
export { asksForHelp };
