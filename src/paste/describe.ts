/**
 * Plain-text lines about a pasted 403 for `sr-check explain` (and for the Slack reply, which escapes and
 * formats them itself): what the error says, what the endpoint needs, the likely layer, and a rotation
 * warning when a credential was pasted. Never a secret value, never Slack markup.
 */
import { ruleLines } from '../catalog/operation-rules';
import type { PasteFinding } from './types';

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
  } else if (finding.path) {
    lines.push('The pasted path matches no operation in the permission catalog, so what it needs is unknown.');
  }
  lines.push(`Likely layer: ${finding.likelyLayer}: ${plain(finding.layerReason)}.`);
  if (finding.secrets.length > 0) {
    const kinds = [...new Set(finding.secrets.map((s) => s.kind))].join(', ');
    lines.push(`A credential was pasted (${kinds}) and should be rotated; delete the message. It is not repeated here.`);
  }
  return lines;
}
