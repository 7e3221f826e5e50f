/**
 * Runs one CheckRequest against several orgs (`org=a,b,c`, `org=*`) with bounded concurrency, and two
 * identities in one org (`compare=`). Each org keeps its own Genesys client and per-token rate limit (the
 * Diagnoser's clients, one per org), so the limiter here only bounds how many orgs are checked at once.
 * Access is the caller's predicate: an org it refuses is neither run nor named (`org=*` leaves it out; a
 * name the caller typed is answered like an org that does not exist).
 */
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { CheckRequest, OrgSelection, OtherIdentity } from '../request/grammar';
import { snapshotFacts, type FactSnapshot } from '../diagnosis/snapshot';
import type { Verdict } from '../diagnosis/verdict';
import pLimit from 'p-limit';
import type { OrgMetrics } from '../org-metrics';
import { diffSnapshots, type Difference } from './differs';

export const DEFAULT_ORG_CONCURRENCY = 8;
/** The `org=` grammar lives with the rest of the request grammar (request/grammar.ts); re-exported for callers here. */
export { MAX_ORGS_PER_REQUEST, OrgSelectionSchema, type OrgSelection, type OtherIdentity } from '../request/grammar';

/** What one org answered: a verdict (with its facts in comparable form) or why no verdict was made. */
export type OrgRun =
  | { org: string; kind: 'verdict'; verdict: Verdict; snapshot: FactSnapshot }
  | { org: string; kind: 'error'; message: string };

export interface ManyOrgsSummary {
  /** Orgs run. */
  orgs: number;
  pass: number;
  warn: number;
  fail: number;
  unknown: number;
  /** Orgs where no verdict could be made (configuration, identity, operation problems). */
  error: number;
  /** Names the caller asked for that are not available here (no such org, or not visible: one answer for both). */
  notAvailable: string[];
  /** The passing org the failing ones were compared with, when there is one. */
  reference?: string;
  durationMs: number;
}

export interface ManyOrgsResult {
  runs: OrgRun[];
  /** Per failing org (by name), what the reference org has that it lacks. */
  differs: Record<string, Difference[]>;
  summary: ManyOrgsSummary;
}

export interface ManyOrgsDeps {
  /** The Diagnoser's `diagnose` (bound), or anything with its contract. */
  diagnose(request: CheckRequest, requestId?: string): Promise<DiagnoseOutcome>;
  /** Every configured org name (for `*`). */
  orgNames(): string[];
  /** May this caller (a channel, a CLI user) see `org`? Refused orgs are neither run nor named. */
  canSee(org: string): boolean;
  /** Orgs checked at once (default 8). */
  concurrency?: number;
  now?: () => number;
  /** Counts each org's result (org_checks_total). */
  metrics?: OrgMetrics;
}

export interface ManyOrgsInput {
  orgs: OrgSelection;
  /** The request run against every org (its `org` is replaced per org). */
  request: Omit<CheckRequest, 'org'>;
  requestId?: string;
}

export async function runManyOrgs(deps: ManyOrgsDeps, input: ManyOrgsInput): Promise<ManyOrgsResult> {
  const started = (deps.now ?? Date.now)();
  const known = new Set(deps.orgNames());
  const visible = (name: string) => known.has(name) && deps.canSee(name);
  const wanted = input.orgs === '*' ? [...known].filter(visible).sort() : input.orgs.filter(visible);
  const notAvailable = input.orgs === '*' ? [] : input.orgs.filter((name) => !visible(name));

  const limit = pLimit(Math.max(1, deps.concurrency ?? DEFAULT_ORG_CONCURRENCY));
  const runs = await Promise.all(
    wanted.map((org) => limit(() => runOne(deps, { ...input.request, org } as CheckRequest, input.requestId))),
  );
  for (const run of runs) deps.metrics?.recordOrgCheck(run.org, run.kind === 'verdict' ? run.verdict.overall : 'error');

  const reference = runs.find(
    (r): r is Extract<OrgRun, { kind: 'verdict' }> => r.kind === 'verdict' && r.verdict.overall === 'pass',
  );
  const differs: Record<string, Difference[]> = {};
  if (reference) {
    for (const run of runs) {
      if (run.kind === 'verdict' && run.verdict.overall === 'fail') {
        const brokenCredentials = run.verdict.checks.find((c) => c.id === 'credentials')?.status;
        differs[run.org] = diffSnapshots(
          reference.snapshot,
          run.snapshot,
          { working: reference.org, broken: run.org },
          brokenCredentials ? { brokenCredentials } : {},
        );
      }
    }
  }
  const count = (status: Verdict['overall']) =>
    runs.filter((r) => r.kind === 'verdict' && r.verdict.overall === status).length;
  return {
    runs,
    differs,
    summary: {
      orgs: runs.length,
      pass: count('pass'),
      warn: count('warn'),
      fail: count('fail'),
      unknown: count('unknown'),
      error: runs.filter((r) => r.kind === 'error').length,
      notAvailable,
      ...(reference ? { reference: reference.org } : {}),
      durationMs: Math.max(0, (deps.now ?? Date.now)() - started),
    },
  };
}

async function runOne(
  deps: Pick<ManyOrgsDeps, 'diagnose'>,
  request: CheckRequest,
  requestId?: string,
): Promise<OrgRun> {
  try {
    const outcome = await deps.diagnose(request, requestId);
    if (!outcome.ok) return { org: request.org, kind: 'error', message: outcome.message };
    return { org: request.org, kind: 'verdict', verdict: outcome.verdict, snapshot: snapshotFacts(outcome.facts) };
  } catch (error) {
    // One org's failure must not sink the others' answers; the message is the error's, never a secret.
    return {
      org: request.org,
      kind: 'error',
      message: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export interface IdentityComparison {
  first: OrgRun;
  second: OrgRun;
  /** What the working identity has that the other lacks; both ways when neither or both pass. */
  differences: Difference[];
  /** Which run was taken as working (`first`/`second`), or `none` when both or neither passed. */
  working: 'first' | 'second' | 'none';
}

/** `org=acme client=A compare=B`: the same request for two identities of one org, and what differs between them. */
export async function compareIdentities(
  deps: Pick<ManyOrgsDeps, 'diagnose' | 'canSee'>,
  request: CheckRequest,
  other: OtherIdentity,
  requestId?: string,
): Promise<IdentityComparison | { ok: false; message: string }> {
  if (!deps.canSee(request.org)) return { ok: false, message: `Unknown org "${request.org}".` };
  if (!other.client && !other.user)
    return { ok: false, message: 'compare= needs the other identity: an OAuth client id or a user id' };
  const secondRequest: CheckRequest = { ...request, client: other.client, user: other.user };
  const [first, second] = await Promise.all([runOne(deps, request, requestId), runOne(deps, secondRequest, requestId)]);
  const label = (run: OrgRun) => (run.kind === 'verdict' ? identityLabel(run.verdict.identity) : 'the other identity');
  const labels = { first: label(first), second: label(second) };
  if (first.kind !== 'verdict' || second.kind !== 'verdict') return { first, second, differences: [], working: 'none' };
  const firstPasses = first.verdict.overall === 'pass';
  const secondPasses = second.verdict.overall === 'pass';
  if (firstPasses && !secondPasses) {
    return {
      first,
      second,
      working: 'first',
      differences: diffSnapshots(first.snapshot, second.snapshot, { working: labels.first, broken: labels.second }),
    };
  }
  if (secondPasses && !firstPasses) {
    return {
      first,
      second,
      working: 'second',
      differences: diffSnapshots(second.snapshot, first.snapshot, { working: labels.second, broken: labels.first }),
    };
  }
  return {
    first,
    second,
    working: 'none',
    differences: [
      ...diffSnapshots(first.snapshot, second.snapshot, { working: labels.first, broken: labels.second }),
      ...diffSnapshots(second.snapshot, first.snapshot, { working: labels.second, broken: labels.first }),
    ].filter((d) => d.kind !== 'setting'), // same org: settings are the same on both sides
  };
}

function identityLabel(identity: Verdict['identity']): string {
  const kind = identity.kind === 'user' ? 'user' : 'client';
  return identity.name ? `${kind} "${identity.name}"` : `${kind} ${identity.id}`;
}
