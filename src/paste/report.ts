/**
 * Is the 403 in this text a failure someone is reporting? A 403 in a code sample's branch, a count or an
 * id in a log, a hypothetical ("would it return 403 if ...") or a tutorial's explanation is not. These
 * checks decide what the status extractor sees (`statusView`) and whether prose counts as a report.
 * Every pattern is linear: literal anchors, bounded quantifiers, no nested repetition.
 */

import { holdsAny, lowerCase } from './literals';
import { firstOccurrence, nextOccurrence, replaceNearAnchors } from './scan';

/** `=== 403`, `case 403:`, `status_code == 403`, `HttpStatus.FORBIDDEN`: a branch in code, not an answer. */
export const CODE_BRANCH =
  /(?:[=!]==?|\bcase|\bin[ \t]{0,2}[([])[ \t]{0,3}\(?["']?403\b|\.(?:toBe|toEqual|toStrictEqual|assertEqual|assertEquals|equal|equals|status|sendStatus|code)\([ \t]{0,2}403\b|\bassert\w{0,20}[ \t]{0,2}\([^)\n]{0,80}\b403\b|\b403["']?[ \t]{0,3}(?:[=!]==?|=>|->)|\b403[ \t]{0,2}:[ \t]{0,3}(?:\/\/|#|return|throw|raise|handle|print|log|console)|HttpStatus(?:Code)?\.Forbidden|HTTPStatus\.FORBIDDEN|status\.HTTP_403\w{0,20}|StatusForbidden|SC_FORBIDDEN|HttpStatusCode\.Forbidden/gi;

/**
 * CODE_BRANCH without its `assert(...)` branch, derived from it so the two cannot drift: the same matches in a
 * text without `assert` (in any case; the branch cannot match there). Its every match holds a `403` or `forbidden` at most 17 characters after its
 * start (`.toStrictEqual(  403`) and reads at most 35 past it (`status.HTTP_403` and 20 word characters).
 */
const ASSERT_BRANCH = String.raw`\bassert\w{0,20}[ \t]{0,2}\([^)\n]{0,80}\b403\b|`;
if (!CODE_BRANCH.source.includes(ASSERT_BRANCH)) throw new Error('report.ts: CODE_BRANCH lost its assert branch');
const CODE_BRANCH_SHORT = new RegExp(CODE_BRANCH.source.replace(ASSERT_BRANCH, ''), CODE_BRANCH.flags);

/** The text with code branches on a 403 blanked (`403` and `forbidden` in them written `xxx`). */
export function blankCodeBranches(text: string): string {
  const blank = (m: string): string => m.replace(/403|forbidden/gi, 'xxx');
  const lower = lowerCase(text);
  // Without `assert` the short pattern finds the same matches; it is tried only near each `403` and `forbidden`
  // (found in the lowercased text, whose positions are the text's when lowercasing kept its length).
  if (lower.includes('assert') || lower.length !== text.length) return text.replace(CODE_BRANCH, blank);
  const nextAnchor = firstOccurrence([nextOccurrence(text, '403'), nextOccurrence(lower, 'forbidden')]);
  return replaceNearAnchors(text, { pattern: CODE_BRANCH_SHORT, nextAnchor, lead: 17, reach: 36 }, blank);
}

/**
 * A number that counts or names something (on one line): `403 records`, `#403`, `id=403`, `took 403 ms`, `403/1000`.
 * After the word list, `(?!\w)` and not `\b`: each word ends in a word character, so the two say the same, and V8
 * compiles the lookahead after a long alternation in ~2.3 ms against ~4 ms for `\b` (explain compiles it every run).
 */
export const COUNT_OR_ID =
  /\b403[ \t]{1,3}(?:records?|rows?|agents?|users?|calls?|conversations?|interactions?|items?|entries|messages?|tickets?|files?|recordings?|seats?|licen[cs]es?|queues?|ms|milliseconds?|seconds?|secs?|minutes?|times|events?|jobs?|bytes?|kb|mb|emails?|chats?|contacts?|leads?|participants?|segments?|objects?|results?|pages?|documents?|people|employees?|members?|sessions?|tasks?|skills?|wrap-?ups?|points?|more|new|total|of[ \t]{1,3}\d)(?!\w)|(?:#|\bno\.[ \t]{0,2}|\b(?:id|count|total|num|number|size|length|ticket|issue|case|pr|order|room|ext|extension|queue|port|line|page|version|build|job|step|row|item|record|index|idx|offset|limit|duration|took|elapsed|latency|seq|batch|pid|tid|bytes|len)[ \t]{0,3}[:=#]?[ \t]{0,3})403\b|\b403[ \t]{0,2}\/[ \t]{0,2}\d{2,}|\b\d{1,6}[ \t]{0,2}\/[ \t]{0,2}403\b|\bv?\d{1,3}\.403\b|\b403\.\d/gi;

/**
 * A 403 that labels or counts something in a metric: `{status="403"} 0`, `status=403 count=0`, `403 rate`,
 * `403s on X: 0 in the last 24h`.
 */
const METRIC =
  /\b\w{1,40}\s{0,2}=\s{0,2}["']403["'][^}\n]{0,300}\}\s{0,3}-?[\d.eE+]{1,24}|\bstatus\s{0,2}[=:]\s{0,2}403\s{1,3}(?:count|total|n)\s{0,2}[=:]\s{0,2}\d|\b403s?\s{1,3}(?:rate|ratio|count|per\s{1,3}(?:second|minute|hour|day))\b|\b403s\b[^\n:]{0,120}:\s{0,2}\d{1,9}\s{1,3}(?:in|over|during|since|per|today|this|last|so far)\b/gi;

/**
 * What every METRIC match holds (a quoted 403, `403` and a count word, `403s`): tested first because it starts
 * at a literal character, where METRIC's first branch tries every word.
 */
const METRIC_MARK = /["']403["']|403\s{1,3}(?:count|total|n)|403s?\s{1,3}(?:rate|ratio|count|per)|403s/i;

/** A Prometheus-style sample line: `name{label="v",...} 12`. Its paths and statuses are labels, never a call. */
const METRIC_SAMPLE =
  /^[ \t]{0,8}[A-Za-z_:][\w:]{0,80}\{[^}\n]{0,400}\}[ \t]{1,4}-?[\d.eE+]{1,24}(?:[ \t]{1,4}\d{1,16})?[ \t]{0,8}$/gm;

/** The text with metric sample lines blanked (kept as empty lines so line numbers stay). */
export function withoutMetricSamples(text: string): string {
  // Every sample line holds `{`, and `}` then a space or tab before its value (a JSON body's `},` does not).
  if (!text.includes('{') || !(text.includes('} ') || text.includes('}\t'))) return text;
  return text.replace(METRIC_SAMPLE, '');
}

let lastViewIn = '';
let lastViewOut = '';

/**
 * Where COUNT_OR_ID's `403` can sit after its match's start, at most: `latency` or `extension`, three spaces,
 * a `:` and three spaces (16) is its longest lead; every other branch starts at, or 5 or 11 characters before, it.
 */
const COUNT_LEAD = 16;
/**
 * How far past its `403` an attempt starting at or before it reads, at most (`403   participants` and the
 * character after), but through the digits of `403/1000`, which `\d{2,}` reads to their end.
 */
const COUNT_REACH = 24;

/**
 * `text.replace(COUNT_OR_ID, blank)`, with the pattern tried only near each `403` (scan.ts replaceNearAnchors):
 * every match holds a `403` within COUNT_LEAD of its start. The prose between them is not scanned.
 */
export function blankCountsAndIds(text: string): string {
  return replaceNearAnchors(
    text,
    {
      pattern: COUNT_OR_ID,
      nextAnchor: nextOccurrence(text, '403'),
      lead: COUNT_LEAD,
      reach: COUNT_REACH,
      extendOverDigits: true,
    },
    (m) => m.replace(/403/g, 'xxx'),
  );
}

/**
 * What the status extractor reads: code branches, counts and ids no longer look like a status. The last
 * answer is kept: one parse asks for the same text's view several times.
 */
export function statusView(text: string): string {
  if (!text.includes('403') && !/forbidden/i.test(text)) return text;
  if (text === lastViewIn) return lastViewOut;
  let out = blankCodeBranches(text);
  // Every count, id or metric match holds a 403: a text left without one has none.
  if (out.includes('403')) {
    out = blankCountsAndIds(out);
    if (METRIC_MARK.test(out)) out = out.replace(METRIC, (m) => m.replace(/403/g, 'xxx'));
  }
  lastViewIn = text;
  lastViewOut = out;
  return out;
}

const STATUS_WORD = /\b403s?\b|\bforbidden\b|\bpermission denied\b|\baccess denied\b|\bnot authori[sz]ed to\b/i;
/** The sentence reports that it happened: someone gets it, something returns it, it started, it is an error. */
const REPORTED =
  /\b(?:i'?m|we'?re|we are|i am|are|is|keep|keeps|kept|still|started|starts?|been|am)\s{1,3}(?:getting|receiving|seeing|hitting|returning|throwing|failing)\b|\b(?:i|we|they|it|app|client|integration|call|request|job|script|code|service|bot|flow|api|endpoint|sync|export|import|tool|provider|sdk|terraform|postman|curl|one|this)\s{1,3}(?:get|gets|got|receive|received|see|saw|hit|hits|returns|returned|fails|failed|throws|threw|gave|gives|answers|answered|responds|responded)\b|\b(?:returns|throws|gives|getting|receiving|returning|returned|throwing|threw|failing|failed|fails|errors? out|errored|came back|comes back|blew up|broke|breaks|stopped|suddenly|keeps)\b|\berror\s{0,2}:|\bstatus\s{0,2}:|\bgot\b|\bresult(?:s|ed)? in\b/i;
/** The sentence is about what would or could happen, or explains 403s in general. */
const HYPOTHETICAL =
  /^\s{0,3}should\b|\bshould\s{1,3}(?:return|get|give|answer|respond with|fail with|throw)\s{1,3}(?:a |an )?(?:403|forbidden)\b|\bshould (?:we|i|the|it|our)\b[^.?!]{0,200}\?|\bexpect(?:s|ing)? (?:a |an |the )?(?:403|forbidden)\b|\bonce (?:the|we|it|they)\b|\btest plan\b|\b(?:if|unless|would|could|might|in case|whenever|suppose|supposing|what happens|what if|shall|will (?:it|this|that|they|you|we|i)\b|does (?:it|this|that|the)\b|do (?:you|they|we)\b|can (?:it|this|that|the)\b|is it possible|hypothetical(?:ly)?|e\.g\.|for example|for instance|such as)\b|\bnext (?:sprint|week|release|quarter)\b|\bbacklog\b|\btodo\b|\bhandl(?:e|ing)\s{1,3}(?:the\s{1,3}|a\s{1,3}|an\s{1,3})?(?:403|forbidden)/i;
/**
 * "When the role lacks X, GET returns 403": a condition before the status is about what would happen; after
 * it ("POST ... → 403 when the agent replies") it says when the reported failure happens.
 */
const WHEN_CONDITION = /\bwhen (?:the|a|an|your|you|a user|someone|it|they|there)\b/i;
const STATUS_AT = /\b403s?\b|\bforbidden\b|\baccess denied\b|\bpermission denied\b|\bnot authori[sz]ed\b/i;

/** A when-clause about what the caller lacks states a rule ("answers 403 when the role does not carry X"). */
const LACKS = /\b(?:does not|doesn'?t|do not|don'?t|lacks?|lacking|without|is missing|are missing|has no|have no)\b/i;

function isConditional(sentence: string): boolean {
  if (HYPOTHETICAL.test(sentence)) return true;
  const at = sentence.search(STATUS_AT);
  if (at <= 0) return WHEN_CONDITION.test(sentence);
  if (WHEN_CONDITION.test(sentence.slice(0, at))) return true;
  const after = sentence.slice(at);
  const when = after.search(WHEN_CONDITION);
  return when >= 0 && LACKS.test(after.slice(when));
}

const EXPLAINS =
  /\b(?:means|meaning|indicates?|usually|typically|generally|normally|commonly|often|tutorial|guide|docs? say|documentation says|explains?|explained|in this (?:post|article|video|guide|tutorial)|how to (?:fix|handle|debug|resolve|troubleshoot)|tip:|til\b|pro tip|refers to|stands for|common causes?|best practice|this (?:pr|pull request|commit|change)|adds? (?:a )?tests?|unit tests?|map(?:s|ped|ping)? (?:the )?(?:403|forbidden)|without (?:it|that|this|them|the permission)|you(?:'ll| will)? (?:get|see|receive) (?:a |an )?(?:403|forbidden))\b/i;
/**
 * A changelog or release notes: a version heading or line, or Keep-a-Changelog bullets. What it says of a
 * 403 is history, not a failure happening now.
 */
const CHANGELOG =
  /^#{1,4}[ \t]{0,3}\[?v?\d{1,4}\.\d{1,4}(?:\.\d{1,4})?|^[ \t]{0,3}v?\d{1,4}\.\d{1,4}\.\d{1,4}[ \t]{0,3}[:(-]|^[ \t]{0,4}[-*][ \t]{0,2}(?:Fixed|Added|Changed|Removed|Deprecated|Security)[ \t]{0,2}:|\brelease notes?\b|\bchangelog\b/im;
/** What every CHANGELOG match holds, lowercased, besides a `#` or a digit, a dot and a digit (a version). */
const CHANGELOG_WORDS = ['release note', 'changelog', 'fixed', 'added', 'changed', 'removed', 'deprecated', 'security'];

/**
 * A necessary condition for a CHANGELOG match (its every branch holds a `#`, a version's digit-dot-digit or one
 * of CHANGELOG_WORDS in any case): most pastes hold none, and the pattern tries every line and word start.
 */
function mayBeChangelog(text: string): boolean {
  return text.includes('#') || /\d\.\d/.test(text) || holdsAny(lowerCase(text), CHANGELOG_WORDS);
}

/** A status sentence that is only the status as a question ("403?"): it goes with the question around it. */
const BARE_STATUS_QUESTION = /^\W{0,3}(?:403s?|forbidden)\W{0,3}\?\W{0,3}$/i;
/** The failure is over: a thread about a fixed 403 is not one to explain. */
const RESOLVED =
  /\b(?:fixed|resolved|solved|no longer|works now|working now|went away|is gone|sorted|figured (?:it )?out|all good now|not an issue anymore)\b/i;

/** "when calling ...", "if I call X I get 403": a report phrased as a condition. */
const FIRST_PERSON_CONDITION =
  /\bwhen\s{1,3}(?:i|we|calling|trying|posting|putting|patching|deleting|hitting|using|our|my|making)\b|\bif\s{1,3}(?:i|we)\s{1,3}(?:call|hit|try|send|make|run|use|do)\b[^.?!]{0,120}\b(?:i|we)\s{1,3}(?:get|receive|see|always get)\b/i;

const SENTENCE_BREAK = /(?<=[.!?])\s+|\n+/;
const splitIn: string[] = [];
const splitOut: string[][] = [];

/**
 * The sentences of a text's first 20,000 characters (split on sentence ends and line breaks). The answers
 * for the last two texts are kept: one parse splits the view and its status view several times. Shared:
 * callers never change the array.
 */
export function sentencesOf(text: string): readonly string[] {
  const at = splitIn.indexOf(text);
  if (at >= 0) return splitOut[at]!;
  const out = text.slice(0, 20_000).split(SENTENCE_BREAK);
  splitIn.unshift(text);
  splitOut.unshift(out);
  if (splitIn.length > 2) {
    splitIn.pop();
    splitOut.pop();
  }
  return out;
}

/** Sentences (bounded count and length) that mention a 403 or a refusal. */
let lastSentencesIn = '';
let lastSentencesOut: string[] = [];

export function statusSentences(text: string): string[] {
  if (text === lastSentencesIn) return lastSentencesOut;
  const out: string[] = [];
  // Split on sentence ends and line breaks; a sentence longer than 600 characters is cut, which only shortens what is read.
  for (const raw of sentencesOf(text)) {
    if (out.length >= 30) break;
    const sentence = raw.length > 600 ? raw.slice(0, 600) : raw;
    if (STATUS_WORD.test(sentence)) out.push(sentence);
  }
  lastSentencesIn = text;
  lastSentencesOut = out;
  return out;
}

export type ReportReading = 'report' | 'hypothetical' | 'explains' | 'resolved' | 'unclear';

/**
 * How the prose around a status speaks of it. `report` when some sentence reports it (and none says it is
 * fixed); `unclear` when sentences name it without saying either (a bare `403 on GET ...` reads as a report
 * by whoever decides on evidence).
 */
let lastReportIn = '';
let lastReportOut: ReportReading = 'unclear';

export function readReport(text: string): ReportReading {
  // One parse asks for the same text's reading more than once (the early talk exit, then the evidence class).
  if (text === lastReportIn) return lastReportOut;
  lastReportOut = readReportOnce(text);
  lastReportIn = text;
  return lastReportOut;
}

function readReportOnce(text: string): ReportReading {
  const sentences = statusSentences(statusView(text));
  if (sentences.length === 0) return 'unclear';
  if (mayBeChangelog(text) && CHANGELOG.test(text.length > 20_000 ? text.slice(0, 20_000) : text)) return 'explains';
  let reported = false;
  let hypothetical = false;
  let plain = false;
  for (const s of sentences) {
    if (RESOLVED.test(s)) return 'resolved';
    // Once a sentence reports it, the answer is 'report' unless a later one says it is fixed: read only that.
    if (reported) continue;
    const isHypothetical = (isConditional(s) || BARE_STATUS_QUESTION.test(s)) && !FIRST_PERSON_CONDITION.test(s);
    const isExplaining = EXPLAINS.test(s);
    // "we granted X, but it returns 403 and the docs say it needs X": the poster's own report wins over "the docs say".
    if (REPORTED.test(s) && !isHypothetical && (!isExplaining || /\b(?:we|i|our|my|us)\b/i.test(s))) reported = true;
    else if (isHypothetical) hypothetical = true;
    else if (!isExplaining) plain = true;
  }
  if (reported) return 'report';
  if (plain) return 'unclear';
  return hypothetical ? 'hypothetical' : 'explains';
}

/** Framing that presents a body as an example rather than as what came back. */
export const EXAMPLE_FRAMING =
  /\b(?:for example|e\.g\.|for instance|example (?:response|error|body|output)|sample (?:response|error|body|output)|would look like|looks like this|you(?:'ll| will) (?:get|see|receive)|will (?:return|respond with)|returns? something like)\b/i;

const SUCCESS = /\b(?:200|201|204|works?|working|fine|succeeds?|succeeded|successful(?:ly)?)\b|\bOK\b/;
const GENESYS_CALL = /\/api\/v2\/|\bgenesys|purecloud|pure\.cloud/i;
const GENESYS_IN_SENTENCE =
  /\/api\/v2\/|\bgenesys|purecloud|pure\.cloud|\bmissing\.|not\.authorized|\b(?:it|that|this|the call|the request|the endpoint|the api)\b/i;

/**
 * "GET https://api.mypurecloud.com/... works (200), but our Jenkins job returns 403": Genesys answers
 * fine and the 403 is somebody else's. True when a sentence says a Genesys call succeeded and no sentence
 * with the 403 points at Genesys.
 */
export function refusalIsElsewhere(text: string): boolean {
  const sentences = sentencesOf(text).slice(0, 200);
  if (!sentences.some((s) => SUCCESS.test(s) && GENESYS_CALL.test(s) && !STATUS_WORD.test(s))) return false;
  const withStatus = statusSentences(statusView(text));
  return withStatus.length > 0 && !withStatus.some((s) => GENESYS_IN_SENTENCE.test(s));
}

const STATUS_ANCHOR = /\b403s?\b|\bforbidden\b/gi;

function positions(pattern: RegExp, text: string, limit = 50): number[] {
  const out: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m && out.length < limit; m = pattern.exec(text)) {
    out.push(m.index);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}

function nearest(from: number[], to: number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const a of from) for (const b of to) best = Math.min(best, Math.abs(a - b));
  return best;
}

/**
 * Whose 403 is it when the text names another product and Genesys: the one named nearer to the status.
 * "heads up: Genesys maintenance tonight" in the chat does not make a Five9 403 a Genesys one.
 */
export function otherVendorIsNearer(text: string, vendor: RegExp, genesys: RegExp): boolean {
  const view = statusView(text.slice(0, 20_000));
  const vendorAny = new RegExp(vendor.source, 'i');
  const genesysAny = new RegExp(genesys.source, 'i');
  if (!vendorAny.test(view)) return false;
  if (!genesysAny.test(view)) return true;
  // First the lines that carry the status: whichever product they name.
  const statusLines = view
    .split('\n')
    .slice(0, 400)
    .filter((line) => STATUS_WORD.test(line));
  const vendorOnLine = statusLines.some((line) => vendorAny.test(line));
  const genesysOnLine = statusLines.some((line) => genesysAny.test(line));
  if (vendorOnLine !== genesysOnLine) return vendorOnLine;
  // Both on the status lines: the one named nearer to a status on those lines; neither: in the whole text.
  const scope = vendorOnLine ? statusLines.join('\n') : view;
  const statuses = positions(STATUS_ANCHOR, scope);
  if (statuses.length === 0) return false;
  return (
    nearest(statuses, positions(new RegExp(vendor.source, 'gi'), scope)) <
    nearest(statuses, positions(new RegExp(genesys.source, 'gi'), scope))
  );
}
