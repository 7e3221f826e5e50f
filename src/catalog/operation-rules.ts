/**
 * What an operation really needs: the SDK's "Requires ANY/ALL permissions" line (the catalog) is only the
 * first gate; some operations add rules in their description. Each rule here quotes the SDK sentence it
 * comes from. A requirement is a list of clauses that must ALL hold, each satisfied by ANY of its
 * permissions (the gate is one such clause for `any`, one clause per permission for `all`).
 *
 * The simulator encodes the same SDK sentences separately (src/sim/operation-rules.ts); it must never
 * import this file, so that the differential test can catch a wrong reading here. Both do read the same
 * gate data (data/endpoint-permissions.json); test/unit/catalog/catalog.test.ts checks that data against
 * the SDK docs' "Requires" lines for the operations named here.
 */
import type { Operation } from './catalog';

export interface Clause {
  /** Satisfied by any one of these permissions. */
  anyOf: string[];
  /** Where the clause comes from, for the evidence (the SDK line or the quoted description). */
  because: string;
}

export interface Requirement {
  clauses: Clause[];
  /** Which recording the rules were applied to, and what was assumed ("assumed a screen recording: no recording id was given"). */
  assumptions: string[];
  /** Caveats the rules cannot decide (depend on the request body, on who submitted a job, ...). */
  notes: string[];
}

/** The recording an operation acts on, as far as the facts know it. */
export interface RecordingContext {
  /** `screen`, `audio`, ... as Genesys names the media; undefined when not known. */
  media?: string;
  fileState?: string;
  /** How the recording was identified, for the evidence ("recording 3f… of the conversation"). */
  label: string;
  /** True when the recording (or its type) is a guess, not read. */
  assumed: boolean;
  remainingRestorations?: number;
}

export const SDK_GATE_ANY = 'SDK: "Requires ANY permissions"';
export const SDK_GATE_ALL = 'SDK: "Requires ALL permissions"';

/** The gate of the catalog as clauses. */
export function gateClauses(op: Operation): Clause[] {
  if (op.mode === 'none' || op.permissions.length === 0) return [];
  if (op.mode === 'any') return [{ anyOf: [...op.permissions], because: SDK_GATE_ANY }];
  return op.permissions.map((p) => ({ anyOf: [p], because: SDK_GATE_ALL }));
}

const RETENTION_SDK =
  'SDK putConversationRecording: "The recording:recording:view permission is required for the recording, as well as either the ' +
  'recording:recording:editRetention or recording:screenRecording:editRetention permissions depending on the type of recording."';
const RESTORE_SDK =
  'SDK putConversationRecording: "A request to change the archival date of an archived recording will result in a restoration of the recording until the new date set."';

/** The permission family of a recording's type: screen recordings have their own, other media use `recording:recording`. */
export function recordingFamily(media: string | undefined): 'screenRecording' | 'recording' {
  return media === 'screen' ? 'screenRecording' : 'recording';
}

interface OperationRule {
  /** Whether the rule depends on the recording the call acts on. */
  usesRecording: boolean;
  /** The rule in one plain sentence, for explanations that have no recording to apply it to (pastes). */
  plain?: string;
  clauses(recording: RecordingContext | undefined): Clause[];
  notes: string[];
}

/** Extra rules by `METHOD template`, for the operations sr-check names and the recording reads and exports around them. */
const OPERATION_RULES: Record<string, OperationRule> = {
  'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}': {
    usesRecording: true,
    plain:
      'Beyond that gate, the SDK description requires a view permission for the recording AND the editRetention of its type ' +
      '(screen recording: recording:screenRecording:editRetention; other media: recording:recording:editRetention), and changing the ' +
      "archive date of an ARCHIVED recording restores it, which needs the type's restore permission: so a view permission alone, " +
      "or the other type's editRetention, passes the gate and is still refused.",
    clauses(recording) {
      const family = recordingFamily(recording?.media);
      // "a view permission for the recording": the SDK names recording:recording:view; for a screen recording
      // the screen type's own view is read as the recording's view permission too (the pack's reading).
      const view =
        family === 'screenRecording'
          ? ['recording:recording:view', 'recording:screenRecording:view']
          : ['recording:recording:view'];
      const clauses: Clause[] = [
        { anyOf: view, because: RETENTION_SDK },
        { anyOf: [`recording:${family}:editRetention`], because: RETENTION_SDK },
      ];
      if (recording?.fileState === 'ARCHIVED') {
        clauses.push({
          anyOf: [`recording:${family}:restore`],
          because: `${RESTORE_SDK} Restoring needs the type's restore permission (judged as if the request changes the archive date; a deleteDate-only change restores nothing).`,
        });
      }
      return clauses;
    },
    notes: [],
  },
  'POST /api/v2/recording/jobs': {
    usesRecording: false,
    clauses: () => [],
    notes: [
      'SDK postRecordingJobs: "the recording:recording:viewSensitiveData permission is required to access recordings with PCI DSS and/or PII data when redaction is enabled for their organization. If the requester does not have that permission and includeRecordingsWithSensitiveData is set to true, then their request will be rejected." (depends on the request body: not judged)',
      'SDK postRecordingJobs: "Each organization can run up to a maximum of two concurrent jobs that are either in pending or processing state." (not judged)',
    ],
  },
  'GET /api/v2/recording/batchrequests/{jobId}': {
    usesRecording: false,
    clauses: () => [],
    notes: ['SDK getRecordingBatchrequest: "only the user that submitted the job may retrieve results" (not judged)'],
  },
  'GET /api/v2/conversations/{conversationId}/recordingmetadata': {
    usesRecording: false,
    clauses: () => [],
    notes: [
      'SDK getConversationRecordingmetadata: "Annotations won\'t be included in the response if either recording:recording:view or recording:annotation:view permission is missing." (the call itself is not refused for it)',
    ],
  },
};

export const ASSUMED_SCREEN_RECORDING: RecordingContext = {
  media: 'screen',
  label: 'a screen recording that is not archived (no recording was named or read)',
  assumed: true,
};

/** What an operation needs beyond its gate, in words: the rule, then its caveats (empty when nothing is added). */
export function ruleLines(op: Pick<Operation, 'method' | 'template'>): string[] {
  const rule = OPERATION_RULES[`${op.method} ${op.template}`];
  return rule ? [...(rule.plain ? [rule.plain] : []), ...rule.notes] : [];
}

export function usesRecording(op: Operation): boolean {
  return OPERATION_RULES[`${op.method} ${op.template}`]?.usesRecording ?? false;
}

/** The whole requirement of one call: the gate plus the operation's own rules for this recording. */
export function requirementFor(op: Operation, named?: RecordingContext): Requirement {
  const rule = OPERATION_RULES[`${op.method} ${op.template}`];
  // sr-check is about screen recordings: without a recording to read, that is the type assumed (and said).
  const recording = rule?.usesRecording ? (named ?? ASSUMED_SCREEN_RECORDING) : named;
  const gate = gateClauses(op);
  const clauses = dedupeClauses([...gate, ...(rule?.clauses(recording) ?? [])]);
  const assumptions: string[] = [];
  if (gate.some((g) => !clauses.includes(g)))
    assumptions.push(
      `the SDK's "Requires ${op.mode.toUpperCase()} permissions" list is met by whatever meets these rules`,
    );
  if (rule?.usesRecording && recording) {
    assumptions.push(recording.assumed ? `assumed ${recording.label}` : `judged for ${recording.label}`);
    if (recording?.fileState === 'ARCHIVED' && recording.remainingRestorations !== undefined) {
      assumptions.push(
        `the org has ${recording.remainingRestorations} archive restoration(s) left (remainingRestorationsAllowedForOrg)`,
      );
    }
  }
  return { clauses, assumptions, notes: rule?.notes ?? [] };
}

/**
 * Drop clauses that another clause implies (a stricter clause whose every alternative they accept): the
 * SDK gate "any of nine" is met by whatever meets "recording:screenRecording:editRetention". Equal clauses
 * keep the first.
 */
function dedupeClauses(clauses: Clause[]): Clause[] {
  const implied = (c: Clause, i: number) =>
    clauses.some(
      (d, j) => j !== i && d.anyOf.every((p) => c.anyOf.includes(p)) && (d.anyOf.length < c.anyOf.length || j < i),
    );
  return clauses.filter((c, i) => !implied(c, i));
}

/** Recordings that take every branch of the rules above (they read the media's family and an ARCHIVED state). */
const EVERY_KIND_OF_RECORDING: RecordingContext[] = ['screen', 'audio'].flatMap((media) =>
  ['AVAILABLE', 'ARCHIVED'].map((fileState) => ({ media, fileState, label: `${media} ${fileState}`, assumed: true })),
);

/**
 * The permission domains (`recording` of `recording:screenRecording:view`) of everything these calls can need,
 * whatever recording they act on: the gate and the rules. What the org's assignable-permission list must be
 * read for (GET /api/v2/authorization/permissions?queryType=domain&query=…); sorted, no repeats.
 */
export function requirementDomains(operations: Operation[]): string[] {
  const domains = new Set<string>();
  for (const op of operations) {
    const recordings = OPERATION_RULES[`${op.method} ${op.template}`] ? EVERY_KIND_OF_RECORDING : [undefined];
    for (const recording of recordings)
      for (const clause of requirementFor(op, recording).clauses)
        for (const permission of clause.anyOf) {
          const colon = permission.indexOf(':');
          if (colon > 0) domains.add(permission.slice(0, colon));
        }
  }
  return [...domains].sort();
}
