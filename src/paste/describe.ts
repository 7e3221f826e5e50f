/**
 * Plain-text lines about a pasted 403 for `sr-check explain` (and for the Slack reply, which escapes and
 * formats them itself): what the error says, what the endpoint needs, the likely layer, and a rotation
 * warning when a credential was pasted. Never a secret value, never Slack markup.
 */
import { ruleLines } from '../catalog/operation-rules';
import type { Premise } from './premises';
import type { NotAnOperation, PasteFinding, PastedOperation } from './types';

const MAX_LINE = 400;

/** Neutralizes anything Slack or a terminal would interpret in pasted text, and bounds its length. */
function plain(text: string): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
    .replace(/`/g, "'")
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE - 1)}…` : flat;
}

function list(items: string[], max = 12): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, and ${items.length - max} more` : shown;
}

export function describeFinding(finding: PasteFinding): string[] {
  const lines: string[] = [];
  const code = finding.code ? ` ${finding.code}` : '';
  lines.push(`Error: 403 Forbidden${code} from Genesys Cloud (read from ${finding.source} text, ${finding.confidence} confidence).`);
  if (finding.message) lines.push(`It says: ${plain(finding.message)}`);
  if (finding.method || finding.path) {
    const request = [finding.method, finding.path ?? finding.operation?.template].filter(Boolean).join(' ');
    lines.push(`Request: ${plain(request)}${finding.region ? ` (region ${finding.region})` : ''}`);
  } else if (finding.region) lines.push(`Region: ${finding.region}`);
  if (finding.missingPermissions.length > 0) {
    const how = finding.code === 'missing.any.permissions' ? 'any one of' : 'missing';
    lines.push(`Permissions named by the error (${how}): ${plain(list(finding.missingPermissions))}`);
  }
  if (finding.divisions.length > 0) lines.push(`Divisions named by the error: ${plain(list(finding.divisions))}`);
  const ids = [
    finding.contextId ? `contextId ${finding.contextId}` : undefined,
    finding.clientId ? `client ${finding.clientId}` : undefined,
    finding.userId ? `user ${finding.userId}` : undefined,
    finding.conversationId ? `conversation ${finding.conversationId}` : undefined,
  ].filter((s): s is string => s !== undefined);
  if (ids.length > 0) lines.push(`Ids: ${plain(ids.join(', '))}${finding.contextId ? ' (give the contextId to Genesys support)' : ''}`);

  const op = finding.operation;
  if (op) {
    const needs =
      op.mode === 'none' || op.permissions.length === 0
        ? 'no permission check'
        : op.mode === 'any'
          ? `any one of ${list(op.permissions)}`
          : `all of ${list(op.permissions)}`;
    lines.push(`The endpoint ${op.method} ${op.template} (${op.operationId}) needs, per the permission catalog: ${needs}.`);
    lines.push(...ruleLines(op));
    if (op.scope) {
      const readonly = op.scope.acceptsReadonly ? ` or ${op.scope.scope}:readonly` : '';
      lines.push(
        `OAuth scope (inferred from ${op.scope.inferredFrom}, not documented per endpoint): ${op.scope.scope}${readonly}; it only limits user-context grants (code, implicit, SAML2 bearer), not client credentials.`,
      );
    }
  } else if (finding.notAnOperation) {
    lines.push(...describeNotAnOperation(finding.notAnOperation));
  } else if (finding.path) {
    lines.push('The pasted path matches no operation in the permission catalog, so what it needs is unknown.');
  }
  lines.push(...describePremises(finding.premises));
  lines.push(`Likely layer: ${finding.likelyLayer}: ${plain(finding.layerReason)}.`);
  if (finding.secrets.length > 0) {
    const kinds = [...new Set(finding.secrets.map((s) => s.kind))].join(', ');
    lines.push(`A credential was pasted (${kinds}) and should be rotated; delete the message. It is not repeated here.`);
  }
  return lines;
}

/** "Not a Genesys Cloud API operation", why when known, and the real operations nearest to the text's topic. */
export function describeNotAnOperation(unknown: NotAnOperation): string[] {
  const call = plain([unknown.method, unknown.path].filter(Boolean).join(' '));
  const why = unknown.why ? `: ${plain(unknown.why).replace(/\.$/, '')}` : ' (no operation of the permission catalog matches it)';
  const lines = [`${call} is not a Genesys Cloud API operation${why}.`];
  if (unknown.nearest.length === 0) {
    lines.push('No real operation is near it; name the call you meant with op="METHOD /api/v2/...".');
    return lines;
  }
  lines.push('The nearest real operations:');
  for (const op of unknown.nearest) {
    lines.push(`  ${describeSuggestion(op)}`);
    const rule = ruleLines(op)[0];
    if (rule) lines.push(`    ${rule}`);
  }
  return lines;
}

function describeSuggestion(op: PastedOperation): string {
  const needs = op.mode === 'none' || op.permissions.length === 0 ? 'no permission' : `${op.mode === 'any' ? 'any of' : 'all of'} ${list(op.permissions, 6)}`;
  const scope = op.scope ? `; scope ${op.scope.scope}${op.scope.acceptsReadonly ? ` or ${op.scope.scope}:readonly` : ''}` : '';
  return `${op.method} ${op.template} (${op.operationId}): needs ${needs}${scope}`;
}

/** One line per false premise: what was said, then the real thing. */
export function describePremises(premises: Premise[]): string[] {
  return premises.map((p) => `${PREMISE_LABEL[p.kind]} ${plain(p.said)}: ${plain(p.answer)}`);
}

const PREMISE_LABEL: Record<Premise['kind'], string> = {
  scope: 'Scope',
  role: 'Role',
  place: 'Place',
  claim: 'Claim',
};
