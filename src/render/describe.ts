/** Words for verdict parts that every renderer shares (plain text; each renderer escapes for its medium). */
import type { CheckStatus, FixProposal, Verdict } from '../diagnosis/verdict';

export const STATUS_WORD: Record<CheckStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  unknown: 'UNKNOWN',
  skipped: 'SKIPPED',
};

export function describeIdentity(identity: Verdict['identity']): string {
  const kind = identity.kind === 'user' ? 'user' : 'OAuth client';
  return identity.name ? `${kind} "${identity.name}" (${identity.id})` : `${kind} ${identity.id}`;
}

export function describeFix(fix: FixProposal): string {
  switch (fix.kind) {
    case 'grant-role': {
      const division = fix.divisionName ? `"${fix.divisionName}"` : fix.divisionId;
      return `Grant role "${fix.roleName}" in division ${division} to ${fix.target.kind} ${fix.target.id} (carries ${fix.permission}; ${fix.extraPermissions} other permission(s))`;
    }
    case 'add-scope':
      return `Add scope ${fix.scope} to OAuth client ${fix.target.id} (scopes: ${fix.before.join(', ') || 'none'} → ${fix.after.join(', ')})`;
    case 'refresh-credentials':
      return `Refresh credentials of ${fix.target.kind} ${fix.target.id} (${fix.reason})`;
  }
}

/** Short label for a button (Slack shows about 30 characters). */
export function fixLabel(fix: FixProposal): string {
  switch (fix.kind) {
    case 'grant-role':
      return `Grant ${fix.roleName}`;
    case 'add-scope':
      return `Add scope ${fix.scope}`;
    case 'refresh-credentials':
      return 'Refresh credentials';
  }
}
