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
  lines.push(
    `Error: 403 Forbidden${code} from Genesys Cloud (read from ${finding.source} text, ${finding.confidence} confidence).`,
  );
  if (finding.message) lines.push(`It says: ${plain(finding.message)}`);
  if (finding.method || finding.path) {
    const request = [finding.method, finding.path ?? finding.operation?.template].filter(Boolean).join(' ');
    lines.push(`Request: ${plain(request)}${finding.region ? ` (region ${finding.region})` : ''}`);
  } else if (finding.region) lines.push(`Region: ${finding.region}`);
  if (finding.missingPermissions.length > 0) {
    const how = finding.code === 'missing.any.permissions' ? 'any one of' : 'missing';
    lines.push(`Permissions named by the error (${how}): ${plain(list(finding.missingPermissions))}`);
  }
  for (const line of unknownPermissionLines(finding)) lines.push(plain(line));
  if (finding.divisions.length > 0) lines.push(`Divisions named by the error: ${plain(list(finding.divisions))}`);
  if (finding.surface) lines.push(`Call: ${plain(finding.surface.call)}`);
  lines.push(...describeHeld(finding).map(plain));
  const ids = [
    finding.contextId ? `contextId ${finding.contextId}` : undefined,
    finding.clientId ? `client ${finding.clientId}` : undefined,
    finding.userId ? `user ${finding.userId}` : undefined,
    finding.conversationId ? `conversation ${finding.conversationId}` : undefined,
  ].filter((s): s is string => s !== undefined);
  if (ids.length > 0)
    lines.push(`Ids: ${plain(ids.join(', '))}${finding.contextId ? ' (give the contextId to Genesys support)' : ''}`);

  const op = finding.operation;
  if (op) {
    const needs =
      op.mode === 'none' || op.permissions.length === 0
        ? 'no permission check'
        : op.mode === 'any'
          ? `any one of ${list(op.permissions)}`
          : `all of ${list(op.permissions)}`;
    lines.push(
      `The endpoint ${op.method} ${op.template} (${op.operationId}) needs, per the permission catalog: ${needs}.`,
    );
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
  if (finding.also401)
    lines.push(
      'The 401 in the same text is a login or credentials problem (a missing, expired or revoked token, or one from another region), not a permission.',
    );
  if (finding.secrets.length > 0) {
    const kinds = [...new Set(finding.secrets.map((s) => s.kind))].join(', ');
    lines.push(
      `A credential was pasted (${kinds}) and should be rotated; delete the message. It is not repeated here.`,
    );
  }
  return lines;
}

/**
 * What the poster says they already have, set against what the error and the catalog say: "you have
 * analytics:readonly, but ...". Every sentence follows from the pasted error or the permission catalog;
 * the scope and propagation remarks are the reference's ("scopes restrict user-context grants", "up to five minutes").
 */
export function describeHeld(finding: PasteFinding): string[] {
  if (finding.held.length === 0) return [];
  const scopes = finding.held.filter((h) => h.split(':').length <= 2);
  const permissions = finding.held.filter((h) => h.split(':').length >= 3);
  const lines: string[] = [];
  const op = finding.operation;
  if (permissions.length > 0) {
    const have = `You say the identity already has ${list(permissions)}`;
    const contradicted = permissions.filter((p) => finding.missingPermissions.includes(p));
    const others = finding.missingPermissions.filter((p) => !permissions.includes(p));
    if (contradicted.length > 0) {
      lines.push(
        `${have}, but Genesys names ${list(contradicted)} as missing: the identity that made the call does not hold it where the call needs it ` +
          "(a different identity, a grant in another division than the object's, or a role change made less than five minutes ago: permission updates can take up to five minutes).",
      );
    } else if (others.length > 0) {
      lines.push(
        `${have}, but the error names ${list(others)}, which ${others.length > 1 ? 'are' : 'is'} not among them: that is what to grant.`,
      );
    } else if (op && op.mode !== 'none' && op.permissions.length > 0) {
      const covering = permissions.filter((p) => op.permissions.includes(p));
      lines.push(
        covering.length > 0 && (op.mode === 'any' || op.permissions.every((p) => permissions.includes(p)))
          ? `${have}, which meets what the permission catalog lists for ${op.method} ${op.template}: if that is so, the refusal comes from another layer (the grant's division, the object itself, or the scope); run the full check.`
          : `${have}, but ${op.method} ${op.template} needs ${op.mode === 'any' ? 'any one' : 'all'} of ${list(op.permissions)} (permission catalog), which what you have does not cover.`,
      );
    }
  }
  if (scopes.length > 0) {
    const have = `You say the app has scope ${list(scopes)}`;
    const scope = op?.scope;
    if (scope) {
      const covers =
        scopes.includes(scope.scope) || (scope.acceptsReadonly && scopes.includes(`${scope.scope}:readonly`));
      lines.push(
        covers
          ? `${have}, which covers ${op!.method} ${op!.template} (scope inferred from ${scope.inferredFrom}): the scope is not what refuses. Scopes never grant permissions; the roles of the identity must hold them.`
          : `${have}, but ${op!.method} ${op!.template} needs ${scope.scope}${scope.acceptsReadonly ? ` or ${scope.scope}:readonly` : ''} (inferred from ${scope.inferredFrom}). Scopes only limit user-context grants (code, implicit, SAML2 bearer), not client credentials.`,
      );
    } else {
      lines.push(
        `${have}, but scopes only limit user-context grants (code, implicit, SAML2 bearer); a client-credentials token's access comes from the OAuth client's roles.`,
      );
    }
  }
  return lines;
}

/** "Not a Genesys Cloud API operation", why when known, and the real operations nearest to the text's topic. */
export function describeNotAnOperation(unknown: NotAnOperation): string[] {
  const call = plain([unknown.method, unknown.path].filter(Boolean).join(' '));
  const why = unknown.why
    ? `: ${plain(unknown.why).replace(/\.$/, '')}`
    : ' (no operation of the permission catalog matches it)';
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
  const needs =
    op.mode === 'none' || op.permissions.length === 0
      ? 'no permission'
      : `${op.mode === 'any' ? 'any of' : 'all of'} ${list(op.permissions, 6)}`;
  const scope = op.scope
    ? `; scope ${op.scope.scope}${op.scope.acceptsReadonly ? ` or ${op.scope.scope}:readonly` : ''}`
    : '';
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

/**
 * A named permission no catalog operation requires: say so (the catalog is the SDK's permission list; whether
 * Genesys knows the string otherwise is unconfirmed) and name the catalog's permissions on the same entity.
 */
export function unknownPermissionLines(finding: PasteFinding): string[] {
  return (finding.unknownPermissions ?? []).map(({ permission, sameEntity }) => {
    const near = sameEntity.length > 0 ? `; on that entity the catalog has ${sameEntity.slice(0, 6).join(', ')}` : '';
    return `${permission} is not a permission any Platform API operation requires in the catalog (unconfirmed that Genesys knows it)${near}.`;
  });
}
