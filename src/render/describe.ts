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

/**
 * A fix in words. `identity` is the verdict's: when it is the fix's target and has a name, the name is shown
 * and the id is left to the details and `--json` (a person reads names; ids are for machines).
 */
export function describeFix(fix: FixProposal, identity?: Verdict['identity']): string {
  const target = describeTarget(fix.target, identity);
  switch (fix.kind) {
    case 'grant-role': {
      const division = fix.divisionName ? `"${fix.divisionName}"` : fix.divisionId;
      const partial = fix.partial ? `PARTIAL fix, does not fix ${fix.partial.notFixed.join(', ')}: ` : '';
      // What the fixer lacks, when it cannot (or may not be able to) hand the role out.
      const fixer = fix.fixer && fix.fixer.holds !== 'yes' ? `. ${fix.fixer.note}` : '';
      return `${partial}Grant role "${fix.roleName}" in division ${division} to ${target} (carries ${fix.permission}; ${fix.extraPermissions} other permission(s))${fixer}`;
    }
    case 'add-scope':
      return `Add scope ${fix.scope} to ${target} (scopes: ${fix.before.join(', ') || 'none'} → ${fix.after.join(', ')})`;
    case 'refresh-credentials':
      return `Refresh credentials of ${target} (${fix.reason})`;
  }
}

function describeTarget(target: FixProposal['target'], identity?: Verdict['identity']): string {
  const kind = target.kind === 'user' ? 'user' : 'OAuth client';
  if (identity?.name && identity.kind === target.kind && identity.id === target.id) return `${kind} "${identity.name}"`;
  return `${kind} ${target.id}`;
}

/** Short label for a button (Slack shows about 30 characters). */
export function fixLabel(fix: FixProposal): string {
  switch (fix.kind) {
    case 'grant-role':
      return `${fix.partial ? 'Partly: grant' : 'Grant'} ${fix.roleName}`;
    case 'add-scope':
      return `Add scope ${fix.scope}`;
    case 'refresh-credentials':
      return 'Refresh credentials';
  }
}
