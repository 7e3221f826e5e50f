/**
 * Threaded replies to pasted errors: what a pasted Genesys 403 says, what its endpoint needs per the
 * permission catalog, the likely layer, and a "Run full check" button (or how to name the org); a one-line
 * hint for other Genesys statuses; a warning when a credential was pasted. Everything taken from a paste
 * is escaped and sent as verbatim mrkdwn (text.ts); secret values never reach this module (the parser
 * gives kinds and lines only). Every message has a `text` fallback and stays within Block Kit's limits.
 */
import { ruleLines } from '../../catalog/operation-rules';
import type { types } from '@slack/bolt';
import { formatRequest, type CheckRequest } from '../../request/grammar';
import {
  describeHeld,
  unknownPermissionLines,
  type PasteFinding,
  type SecretKind,
  type SecretSighting,
} from '../../paste';
import { ACTION_IDS, encodeValue } from '../button-values';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn, plainText, safeText } from './text';
import type { SlackMessage } from './message';

type Block = types.KnownBlock;

/** How the reply lets people run the full check. */
export type PasteReplyTarget =
  /** The button runs the stored request `requestId` against `org`. */
  | { kind: 'button'; org: string; requestId: string; suggestions?: Array<{ label: string; requestId: string }> }
  /** No single org applies: say how to run /sr-check with `org=` (listing the orgs available here, if any). */
  | { kind: 'ask'; orgsHere: string[]; isDm: boolean; suggestion: Omit<CheckRequest, 'org' | 'fresh'> };

export const PASTE_BUDGET = {
  messageChars: 500,
  listedItems: 12,
  itemChars: 120,
} as const;

export const PASTE_BLOCK_IDS = {
  summary: 'paste-summary',
  details: 'paste-details',
  held: 'paste-held',
  needs: 'paste-needs',
  premises: 'paste-premises',
  layer: 'paste-layer',
  secrets: 'paste-secrets',
  actions: 'paste-actions',
  suggestions: 'paste-suggestions',
  ask: 'paste-ask',
} as const;

const SECRET_WORDS: Record<SecretKind, string> = {
  'bearer-token': 'a bearer token',
  'basic-auth': 'Basic auth credentials',
  'client-secret': 'a client secret',
  'curl -u': 'a password in curl -u',
  'access-token': 'an access token',
  'refresh-token': 'a refresh token',
  password: 'a password',
  'url-credentials': 'credentials in a URL',
  'slack-token': 'a Slack token',
};

const code = (text: string): string => `\`${fitSafe(text, PASTE_BUDGET.itemChars)}\``;

function codeList(items: string[]): string {
  const shown = items.slice(0, PASTE_BUDGET.listedItems).map(code).join(', ');
  const more = items.length - PASTE_BUDGET.listedItems;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function section(blockId: string, markup: string): Block {
  return { type: 'section', block_id: blockId, text: mrkdwn(fitMarkup(markup, BLOCK_LIMITS.sectionText)) };
}

function context(markup: string): Block {
  return { type: 'context', elements: [mrkdwn(fitMarkup(markup, BLOCK_LIMITS.contextText))] };
}

/** "a bearer token (line 4) and a client secret (line 7)": kinds and lines, never values. */
export function describeSecrets(secrets: SecretSighting[]): string {
  const byKind = new Map<SecretKind, number[]>();
  for (const s of secrets) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.line]);
  const parts = [...byKind.entries()].map(
    ([kind, lines]) => `${SECRET_WORDS[kind]} (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')})`,
  );
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? 'a credential');
}

function secretsMarkup(secrets: SecretSighting[]): string {
  return (
    `:rotating_light: *A credential was pasted* — ${describeSecrets(secrets)}. Treat it as exposed: rotate it now, ` +
    'and delete or edit the message. sr-check does not repeat it.'
  );
}

const ROTATE_FALLBACK = 'A credential was pasted: rotate it and delete the message.';

/** The most lines before the first button: the heading, the one thing to do, the call, one warning. */
export const LEAD_LINES = 4;

/**
 * The reply leads with the one thing to do (as the verdict does: "needs X: grant a role that carries it"),
 * the call and at most one warning, then the button; the error's text, long "any of" lists, what the poster
 * says they have, the catalog's needs, premises, nearest operations and the layer go below it, under
 * *Details*. High confidence: the full reply; medium and low (prose, no error body): brief, without the
 * catalog and premise sections, since the full check is what settles it.
 */
export function renderPasteReply(finding: PasteFinding, target: PasteReplyTarget): SlackMessage {
  const brief = finding.confidence !== 'high';
  const { lead, overflow } = leadLines(finding);
  const blocks: Block[] = [section(PASTE_BLOCK_IDS.summary, lead.join('\n'))];
  if (target.kind === 'button') {
    blocks.push({
      type: 'actions',
      block_id: PASTE_BLOCK_IDS.actions,
      elements: [
        {
          type: 'button',
          // The Re-run action: it runs the stored request and answers in this thread.
          action_id: ACTION_IDS.rerun,
          style: 'primary',
          text: plainText(`Run full check on ${target.org}`, BLOCK_LIMITS.buttonText),
          value: encodeValue({ r: target.requestId }),
        },
      ],
    });
  } else {
    blocks.push(section(PASTE_BLOCK_IDS.ask, askMarkup(target)));
  }
  blocks.push(section(PASTE_BLOCK_IDS.details, detailsMarkup(finding, overflow)));
  const held = describeHeld(finding);
  if (held.length > 0)
    blocks.push(section(PASTE_BLOCK_IDS.held, held.map((line) => `:bulb: ${safeText(line)}`).join('\n')));
  const needs = brief ? briefNeedsMarkup(finding) : needsMarkup(finding);
  if (needs) blocks.push(section(PASTE_BLOCK_IDS.needs, needs));
  if (target.kind === 'button' && target.suggestions?.length) blocks.push(suggestionButtons(target.suggestions));
  // One section per premise: together they can outgrow one section's 3,000 characters.
  if (!brief) {
    for (const [i, p] of finding.premises.slice(0, MAX_PREMISES).entries()) {
      blocks.push(section(`${PASTE_BLOCK_IDS.premises}-${i}`, premiseMarkup(p, i === 0)));
    }
  }
  blocks.push(
    section(
      PASTE_BLOCK_IDS.layer,
      `*Likely layer:* ${safeText(finding.likelyLayer)} — ${safeText(finding.layerReason)}.`,
    ),
  );
  if (finding.secrets.length > 0) blocks.push(section(PASTE_BLOCK_IDS.secrets, secretsMarkup(finding.secrets)));
  blocks.push(
    context(
      `Read from the pasted ${safeText(finding.source)} text (${finding.confidence} confidence) · permissions per the Genesys Cloud SDK catalog`,
    ),
  );
  return { text: fallbackText(finding), blocks };
}

const ALSO_401 =
  '*The 401 in the same message* is a login or credentials problem (a missing, expired or revoked token, or one from another region), not a permission.';

/** The lines above the button (at most LEAD_LINES) and the ones that did not fit (they open the details). */
function leadLines(finding: PasteFinding): { lead: string[]; overflow: string[] } {
  const heading =
    finding.confidence === 'high'
      ? '*Genesys Cloud answered 403 Forbidden*'
      : finding.confidence === 'medium'
        ? '*This reads like a Genesys Cloud 403 Forbidden*'
        : '*This may be a Genesys Cloud 403 Forbidden* (low confidence: the text says little; the full check settles it)';
  const lines = [`:no_entry: ${heading}${finding.code ? ` (${code(finding.code)})` : ''}`];
  lines.push(`:point_right: *Do this:* ${doThis(finding)}`);
  if (finding.surface) lines.push(`*Call:* ${code(finding.surface.call)}`);
  else if (finding.method || finding.path) {
    const request = [finding.method, finding.path ?? finding.operation?.template].filter(Boolean).join(' ');
    lines.push(`*Endpoint:* ${code(request)}${finding.region ? ` (region ${safeText(finding.region)})` : ''}`);
  } else if (finding.region) lines.push(`*Region:* ${safeText(finding.region)}`);
  const warnings: string[] = [];
  if (finding.secrets.length > 0)
    warnings.push(':rotating_light: *A credential was pasted*: rotate it now and delete the message (details below).');
  if (finding.also401) warnings.push(ALSO_401);
  const all = [...lines, ...warnings];
  return { lead: all.slice(0, LEAD_LINES), overflow: all.slice(LEAD_LINES) };
}

/** "`a`, `b` and 7 more": the first few items, the rest counted (the full list is in the details). */
function few(items: string[], max = 2): string {
  const shown = items.slice(0, max).map(code).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more (below)` : shown;
}

/** The one thing to do, from the finding alone (every clause follows from the error or the catalog). */
function doThis(finding: PasteFinding): string {
  if (finding.surface?.kind === 'oauth-token')
    return 'check the client id and secret, the grant type and the login host of the org’s region: this is the login layer, where no role or permission applies.';
  if (finding.surface)
    return 'run the full check: why the Notification API WebSocket refuses is unconfirmed (the reference is silent about the streaming host).';
  const unknown = finding.notAnOperation;
  if (unknown) {
    const call = code([unknown.method, unknown.path].filter(Boolean).join(' '));
    const nearest = unknown.nearest[0];
    return nearest
      ? `${call} is not a Genesys Cloud API operation: use a real one, such as ${code(`${nearest.method} ${nearest.template}`)} (more below).`
      : `${call} is not a Genesys Cloud API operation: name the call you meant with \`op="METHOD /api/v2/..."\`.`;
  }
  const missing = finding.missingPermissions;
  if (finding.divisions.length > 0) {
    const what = missing.length > 0 ? few(missing) : 'the permission';
    return `grant ${what} in the division that owns the object (${few(finding.divisions, 1)}): the grant's division, not the role, is what refuses.`;
  }
  if (missing.length > 0) {
    if (finding.code === 'missing.any.permissions' && missing.length > 1)
      return `needs any one of ${few(missing)}: grant a role that carries one.`;
    return `needs ${few(missing)}: grant a role that carries ${missing.length > 1 ? 'them' : 'it'}.`;
  }
  const op = finding.operation;
  if (op && op.mode !== 'none' && op.permissions.length > 0) {
    const call = code(`${op.method} ${op.template}`);
    if (op.mode === 'any' && op.permissions.length > 1)
      return `${call} needs any one of ${few(op.permissions)}: grant a role that carries one.`;
    return `${call} needs ${few(op.permissions)}: grant a role that carries ${op.permissions.length > 1 ? 'them' : 'it'}.`;
  }
  if (op)
    return `${code(`${op.method} ${op.template}`)} checks no permission: another layer refuses; run the full check.`;
  if (finding.likelyLayer === 'scope')
    return "check the OAuth client's scopes cover the call (scopes limit user-context grants only).";
  return 'run the full check to see which layer refuses.';
}

/** What the error says and the ids in it: below the button. */
function detailsMarkup(finding: PasteFinding, overflow: string[]): string {
  const lines = ['*Details*', ...overflow];
  if (finding.message) lines.push(`>${fitSafe(finding.message.replace(/\s+/g, ' '), PASTE_BUDGET.messageChars)}`);
  if (finding.missingPermissions.length > 0) {
    const how = finding.code === 'missing.any.permissions' ? 'any one of' : 'missing';
    lines.push(`*Permissions named by the error* (${how}): ${codeList(finding.missingPermissions)}`);
  }
  for (const line of unknownPermissionLines(finding)) lines.push(safeText(line));
  if (finding.divisions.length > 0) lines.push(`*Divisions named by the error:* ${codeList(finding.divisions)}`);
  if (finding.contextId)
    lines.push(`*contextId:* ${code(finding.contextId)} (give it to Genesys support if you open a case)`);
  const ids = [
    finding.clientId ? `client ${code(finding.clientId)}` : undefined,
    finding.userId ? `user ${code(finding.userId)}` : undefined,
    finding.conversationId ? `conversation ${code(finding.conversationId)}` : undefined,
  ].filter((s): s is string => s !== undefined);
  if (ids.length > 0) lines.push(`*Ids in the paste:* ${ids.join(', ')}`);
  return lines.join('\n');
}

/** Brief replies keep only the nearest real operations of a call that is none (each has its button). */
function briefNeedsMarkup(finding: PasteFinding): string | undefined {
  return finding.notAnOperation ? notAnOperationMarkup(finding.notAnOperation) : undefined;
}

function needsMarkup(finding: PasteFinding): string | undefined {
  const op = finding.operation;
  if (!op) {
    if (finding.notAnOperation) return notAnOperationMarkup(finding.notAnOperation);
    return finding.path
      ? '*What the endpoint needs:* unknown — the pasted path matches no operation in the permission catalog.'
      : undefined;
  }
  const needs =
    op.mode === 'none' || op.permissions.length === 0
      ? 'no permission check'
      : `*${op.mode === 'any' ? 'any one' : 'all'}* of ${codeList(op.permissions)}`;
  const lines = [
    `*What the endpoint needs* (permission catalog): ${code(`${op.method} ${op.template}`)} (${safeText(op.operationId)}) needs ${needs}.`,
  ];
  for (const rule of ruleLines(op)) lines.push(safeText(rule));
  if (op.scope) {
    const scopes = op.scope.acceptsReadonly
      ? `${code(op.scope.scope)} or ${code(`${op.scope.scope}:readonly`)}`
      : code(op.scope.scope);
    lines.push(
      `*OAuth scope:* ${scopes} — inferred from ${safeText(op.scope.inferredFrom)}, not documented per endpoint; ` +
        'it only limits user-context grants (code, implicit, SAML2 bearer), not client credentials.',
    );
  }
  return lines.join('\n');
}

function askMarkup(target: Extract<PasteReplyTarget, { kind: 'ask' }>): string {
  const command = `\`/sr-check ${safeText(formatRequest({ org: '<name>', fresh: false, ...target.suggestion }))}\``;
  if (target.isDm && target.orgsHere.length === 0) {
    return `*Full check:* run ${command} in a channel mapped to the org.`;
  }
  const here = target.orgsHere.length > 0 ? ` (orgs here: ${codeList(target.orgsHere)})` : '';
  return `*Full check:* I can't tell which org this paste is from${here}. Run ${command}.`;
}

function fallbackText(finding: PasteFinding): string {
  const parts = [`Genesys 403${finding.code ? ` ${finding.code}` : ''}`];
  const request = [finding.method, finding.path ?? finding.operation?.template].filter(Boolean).join(' ');
  if (request) parts.push(`on ${request}`);
  if (finding.missingPermissions.length > 0) parts.push(`missing ${finding.missingPermissions.slice(0, 5).join(', ')}`);
  const text = fitSafe(parts.join(' '), BLOCK_LIMITS.fallbackText - ROTATE_FALLBACK.length - 2);
  return finding.secrets.length > 0 ? `${text}. ${ROTATE_FALLBACK}` : text;
}

/** The one-line hint for a non-403 Genesys error, when the message asked. */
export function renderStatusHint(
  status: number,
  errorCode: string | undefined,
  hint: string,
  secrets: SecretSighting[],
): SlackMessage {
  const line = `:information_source: *Genesys ${status}${errorCode ? ` ${code(errorCode)}` : ''}:* ${safeText(hint)}`;
  const blocks: Block[] = [section(PASTE_BLOCK_IDS.summary, line)];
  if (secrets.length > 0) blocks.push(section(PASTE_BLOCK_IDS.secrets, secretsMarkup(secrets)));
  const text = fitSafe(`Genesys ${status}${errorCode ? ` ${errorCode}` : ''}: ${hint}`, 2000);
  return { text: secrets.length > 0 ? `${text} ${ROTATE_FALLBACK}` : text, blocks };
}

/** The short warning for a pasted credential in a message that is not an error we explain. */
export function renderSecretWarning(secrets: SecretSighting[]): SlackMessage {
  return { text: ROTATE_FALLBACK, blocks: [section(PASTE_BLOCK_IDS.secrets, secretsMarkup(secrets))] };
}

function notAnOperationMarkup(unknown: NonNullable<PasteFinding['notAnOperation']>): string {
  const call = code([unknown.method, unknown.path].filter(Boolean).join(' '));
  const lines = [`*Not a Genesys Cloud API operation:* ${call}${unknown.why ? ` — ${safeText(unknown.why)}` : ''}`];
  if (unknown.nearest.length === 0) {
    lines.push('No real operation is near it: name the call you meant with `op="METHOD /api/v2/..."`.');
    return lines.join('\n');
  }
  lines.push('*The nearest real operations* (each button runs the full check with it):');
  for (const op of unknown.nearest) {
    const needs =
      op.mode === 'none' || op.permissions.length === 0
        ? 'no permission'
        : `${op.mode === 'any' ? 'any one' : 'all'} of ${codeList(op.permissions)}`;
    const scope = op.scope
      ? `; scope ${code(op.scope.scope)}${op.scope.acceptsReadonly ? ` or ${code(`${op.scope.scope}:readonly`)}` : ''}`
      : '';
    lines.push(`• ${code(`${op.method} ${op.template}`)} needs ${needs}${scope}`);
  }
  return lines.join('\n');
}

const PREMISE_EMOJI: Record<PasteFinding['premises'][number]['kind'], string> = {
  scope: ':key:',
  role: ':bust_in_silhouette:',
  place: ':round_pushpin:',
  claim: ':speech_balloon:',
};

const MAX_PREMISES = 10;

/** One thing the message around the error assumes that is not so, with the real thing. */
function premiseMarkup(premise: PasteFinding['premises'][number], first: boolean): string {
  const heading = first ? '*What the message assumes, and what is so:*\n' : '';
  return `${heading}${PREMISE_EMOJI[premise.kind]} ${code(premise.said)}: ${safeText(premise.answer)}`;
}

/** One run button per suggested operation (`rerun:N`: action ids must be unique within a message). */
function suggestionButtons(suggestions: Array<{ label: string; requestId: string }>): Block {
  return {
    type: 'actions',
    block_id: PASTE_BLOCK_IDS.suggestions,
    elements: suggestions.slice(0, 5).map((s, i) => ({
      type: 'button',
      action_id: `${ACTION_IDS.rerunPrefix}${i}`,
      text: plainText(`Check ${s.label.replace('/api/v2/', '…/')}`, BLOCK_LIMITS.buttonText),
      value: encodeValue({ r: s.requestId }),
    })),
  };
}

/** `/sr-check … op="POST /api/v2/not/real"`: the call is no operation; the nearest real ones, each a button. */
export function renderNotAnOperationReply(
  unknown: NonNullable<PasteFinding['notAnOperation']>,
  suggestions: Array<{ label: string; requestId: string }>,
): SlackMessage {
  const blocks: Block[] = [section(PASTE_BLOCK_IDS.needs, notAnOperationMarkup(unknown))];
  if (suggestions.length > 0) blocks.push(suggestionButtons(suggestions));
  const call = [unknown.method, unknown.path].filter(Boolean).join(' ');
  return { text: fitSafe(`${call} is not a Genesys Cloud API operation`, 300), blocks };
}
