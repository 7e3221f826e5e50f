/**
 * What evidence a text with a 403 carries, as one word the decision table (decision.ts) reads:
 * - `genesys-body`: a Genesys error body, code, host or tool says so;
 * - `named-report`: prose reports it and names the product (or a path only Genesys has), with a path or a
 *   catalog permission said to be missing;
 * - `catalog-path-report`, `genesys-path-report`, `catalog-permission-report`: prose reports a refusal on a
 *   catalog path, on an `/api/v2` path under a catalog domain that no operation matches, or naming a
 *   catalog permission as missing, without the product's name (a support channel's prior settles those);
 * - `genesys-shaped`: a refusal near something Genesys-shaped (a permission of a catalog domain, a Genesys
 *   code, an `/api/v2` path) that says too little to volunteer an answer;
 * - `talk`: the 403 is talked about (hypothetical, tutorial, fixed, a code branch, a metric), not reported;
 * - `foreign`: somebody else's response.
 */
import type { Catalog, Operation } from '../catalog/catalog';
import { catalogPermissions, type Evidence, hasIninHeader, isErrorBodyEvidence } from './evidence';
import type { PathMention } from './call-mentions';
import { NOT_AUTHORIZED_SENTENCE } from './fields';
import { permissionTokens } from './permission-tokens';
import type { jsonFields } from './json';
import { refusedCatalogPermissions } from './named-permission';
import { holds, holdsAny, lowerCase } from './literals';
import {
  EXAMPLE_FRAMING,
  otherVendorIsNearer,
  readReport,
  type ReportReading,
  refusalIsElsewhere,
  sentencesOf,
  statusSentences,
  statusView,
} from './report';
import type { SurfaceMention } from './surfaces';
import type { PasteEvidence } from './types';

export type { PasteEvidence } from './types';

export interface ResolvedMention {
  mention: PathMention;
  operation: Operation | undefined;
}

const GENESYS_ONLY_CODE = /^missing\.(?:any\.|division\.)?permissions$/;
const GENESYS_WORD =
  /\b(?:genesys|purecloud|pure cloud|cx as code|archy|architect (?:data actions?|flows?)|data actions?)\b/i;
/** The product or one of its hosts, for telling whose 403 it is (report.ts otherVendorIsNearer). */
const GENESYS_MENTION =
  /\b(?:genesys|purecloud|pure cloud|cx as code|archy|architect (?:data actions?|flows?)|data actions?|mypurecloud\.[a-z.]{2,6}|[a-z0-9-]{2,12}\.pure\.cloud)\b/i;
/** Products whose APIs also use `/api/v2` paths and dotted codes, and other services people paste 403s from. */
const OTHER_VENDOR =
  /\b(?:zendesk|freshdesk|freshservice|freshcaller|talkdesk|five9|cxone|incontact|nice inContact|intercom|servicenow|kustomer|gorgias|help ?scout|twilio|amazon connect|avaya|8x8|dialpad|ringcentral|aircall|vonage|zoho|hubspot|jira|confluence|gitlab|bitbucket|okta|auth0|sendgrid|mailchimp|shopify|stripe|salesforce|dynamics 365|jenkins|artifactory|nexus|docker hub|npm registry|vault|grafana|kibana|elastic(?:search)?|sharepoint|onedrive|box\.com|dropbox)\b/i;

/**
 * Catalog paths whose first segment other help-desk and contact-centre APIs also use under `/api/v2`
 * (users, groups, organizations, contacts, tickets, ...): such a path alone does not name Genesys.
 * Any other real operation (`/api/v2/recording/jobs`, `/api/v2/analytics/...`) does, for a medium answer.
 */
const SHARED_FIRST_SEGMENT =
  /^\/api\/v2\/(?:users|groups|organizations|contacts|search|tickets|agents|companies|locations|teams|tokens|integrations|webhooks|channels|messages|calls|views|macros|triggers|brands|skills|settings|fields|attachments|notifications|apps|accounts|audits|languages|downloads|date|health)(?:\/|$)/;

/** What every OTHER_VENDOR match holds, lowercased: one of these words. */
const VENDOR_WORDS = [
  'zendesk',
  'freshdesk',
  'freshservice',
  'freshcaller',
  'talkdesk',
  'five9',
  'cxone',
  'incontact',
  'intercom',
  'servicenow',
  'kustomer',
  'gorgias',
  'scout',
  'twilio',
  'amazon connect',
  'avaya',
  '8x8',
  'dialpad',
  'ringcentral',
  'aircall',
  'vonage',
  'zoho',
  'hubspot',
  'jira',
  'confluence',
  'gitlab',
  'bitbucket',
  'okta',
  'auth0',
  'sendgrid',
  'mailchimp',
  'shopify',
  'stripe',
  'salesforce',
  'dynamics 365',
  'jenkins',
  'artifactory',
  'nexus',
  'docker hub',
  'npm registry',
  'vault',
  'grafana',
  'kibana',
  'elastic',
  'sharepoint',
  'onedrive',
  'box.com',
  'dropbox',
] as const;

const GENESYS_FOR_VENDOR = /\b(genesys(?:\s{1,3}cloud)?|purecloud)\s{1,3}for\s{1,3}[A-Za-z0-9]{2,20}(?:\s{1,3}365)?/gi;

export interface TierInput {
  view: string;
  catalog: Catalog;
  evidence: Evidence;
  code: string | undefined;
  json: ReturnType<typeof jsonFields>;
  contextId: string | undefined;
  surface: SurfaceMention | undefined;
  mentions: PathMention[];
  resolved: ResolvedMention[];
  /** An SDK method name in the text (`get_routing_queues(`) names a real operation. */
  sdkOperation: boolean;
  /** The refusal sentence, the old-style sentence or the `API Error: 403 - ...` line. */
  bodyRefusal: boolean;
  /** otherVendorReport(view), when the caller has it already. */
  otherVendor?: boolean;
}

export interface BodyInput {
  bodyRefusal: boolean;
  /** Evidence `error-body` and `inin-correlation-id` (evidence.ts). */
  errorBody: boolean;
  inin: boolean;
  json: ReturnType<typeof jsonFields>;
  code: string | undefined;
}

/** A Genesys error body (refusal sentence, parsed body, ININ header, Genesys-only code with a message) says so. */
export function saysGenesysBody(input: BodyInput): boolean {
  const { json, code } = input;
  return Boolean(
    input.bodyRefusal ||
      input.errorBody ||
      input.inin ||
      (json.errorBody && json.message !== undefined && code !== undefined && GENESYS_ONLY_CODE.test(code)) ||
      (json.errorBody && code === 'not.authorized' && NOT_AUTHORIZED_SENTENCE.test(json.message ?? '')),
  );
}

/** Another vendor is named nearer to the status than Genesys ("Genesys Cloud for Salesforce" is Genesys's). */
export function otherVendorReport(view: string): boolean {
  // Literal gates (case-insensitive patterns match ASCII letters only to ASCII letters, so the lowercased text
  // holds their words): the rewrite needs `genesys` or `purecloud`, the vendor test one of VENDOR_WORDS.
  const lower = lowerCase(view);
  const vendorView =
    holds(lower, 'genesys') || holds(lower, 'purecloud')
      ? view.replace(GENESYS_FOR_VENDOR, '$1 for its integration')
      : view;
  if (!holdsAny(vendorView === view ? lower : lowerCase(vendorView), VENDOR_WORDS)) return false;
  return OTHER_VENDOR.test(vendorView) && otherVendorIsNearer(vendorView, OTHER_VENDOR, GENESYS_MENTION);
}

/** The prose around the status talks about it (hypothetically, explaining it, or as fixed) rather than reporting it. */
function isNotAReport(reading: ReportReading): boolean {
  return reading === 'hypothetical' || reading === 'explains' || reading === 'resolved';
}

/** The evidence class of a text that carries a 403 (see the module comment). */
export function classifyEvidence(input: TierInput): PasteEvidence {
  const { view, catalog, evidence, code, json, contextId, surface, mentions, resolved, sdkOperation } = input;
  const genesysBody = saysGenesysBody({
    bodyRefusal: input.bodyRefusal,
    // What evidence.definitive's `error-body` and `inin-correlation-id` say, read without the rest of its list.
    errorBody: isErrorBodyEvidence(json.errorBody ? json : undefined),
    inin: hasIninHeader(view),
    json,
    code,
  });
  // Each reading below is made only where the answer needs it (all are pure; a body, the common case, stops early).
  if (!genesysBody && (evidence.foreign.length > 0 || (input.otherVendor ?? otherVendorReport(view)))) return 'foreign';

  // A body shown as an example ("a 403 looks like this: {...}") without a context id is not a failure.
  if (genesysBody)
    return !contextId && isNotAReport(readReport(view)) && EXAMPLE_FRAMING.test(view) ? 'talk' : 'genesys-body';
  const reading = readReport(view);
  if (isNotAReport(reading) || refusalIsElsewhere(view)) return 'talk';
  // A Genesys-only code with nothing else around it (`{"code":"missing.permissions","status":403}`) proves too little.
  const genesysCode =
    code !== undefined &&
    GENESYS_ONLY_CODE.test(code) &&
    (mentions.some((m) => !SHARED_FIRST_SEGMENT.test(m.path) || resolved.some((r) => r.mention === m && r.operation)) ||
      statusSentences(statusView(view)).some((sentence) => GENESYS_MENTION.test(sentence)) ||
      permissionTokens(view).length > 0 ||
      json.message !== undefined);
  const genesysHost = evidence.definitive.includes('genesys-host');
  const genesysTool = evidence.definitive.includes('sdk-name') || evidence.definitive.includes('terraform-provider');
  if (genesysCode || genesysHost || genesysTool || surface?.host !== undefined) return 'genesys-body';

  // Medium: a real operation's path (any method) with the product named; or any path (a path that is no
  // operation gets the nearest-operation answer) when a sentence with the status names Genesys, or one other
  // APIs do not share when Genesys is named and the path starts like one of its operations.
  const fromGenesys = (m: PathMention) => !m.origin || isGenesysOrLoopback(m.origin);
  const realPaths = new Map<string, boolean>();
  const isReal = (path: string): boolean => {
    let real = realPaths.get(path);
    if (real === undefined) realPaths.set(path, (real = catalog.resolveAnyMethod(path).length > 0));
    return real;
  };
  const realPath = mentions.some((m) => fromGenesys(m) && isReal(m.path)) || surface !== undefined || sdkOperation;
  const saidOfGenesys = statusSentences(statusView(view)).some((sentence) => GENESYS_MENTION.test(sentence));
  const pathSaidOfGenesys = mentions.some(
    (m) =>
      fromGenesys(m) &&
      (saidOfGenesys ||
        (!SHARED_FIRST_SEGMENT.test(m.path) &&
          GENESYS_WORD.test(view) &&
          firstSegments(catalog).has(firstSegment(m.path)))),
  );
  // A real operation's path that other APIs do not share (its method may be open: GET and POST share it).
  const distinctivePath = mentions.some((m) => fromGenesys(m) && !SHARED_FIRST_SEGMENT.test(m.path) && isReal(m.path));
  const named = GENESYS_WORD.test(view) || evidence.definitive.includes('catalog-permission') || distinctivePath;
  if (pathSaidOfGenesys) return 'named-report';
  if (realPath && named) return 'named-report';
  // No path, but the product, the status and a real catalog permission said to be missing, in one sentence.
  if (refusedCatalogPermissions(genesysStatusSentences(view), catalog).length > 0) return 'named-report';

  // Without the product's name: what a channel that exists for Genesys integrations reads as a report.
  const genesysPaths = mentions.filter(fromGenesys);
  if (realPath) return 'catalog-path-report';
  if (genesysPaths.some((m) => firstSegments(catalog).has(firstSegment(m.path)))) return 'genesys-path-report';
  if (refusedCatalogPermissions(reportSentences(view), catalog).length > 0) return 'catalog-permission-report';
  const domains = catalogDomains(catalog);
  const shaped =
    genesysPaths.length > 0 ||
    (code !== undefined && (GENESYS_ONLY_CODE.test(code) || code === 'not.authorized')) ||
    permissionTokens(view).some((token) => domains.has(token.split(':')[0]!.toLowerCase()));
  // Asked about, a Genesys-shaped thing near a 403 is answered only when some sentence reports the refusal.
  return shaped && reading === 'report' ? 'genesys-shaped' : 'talk';
}

/**
 * Sentences of a text that reports a status, for a permission said to be missing: the status sentences, and
 * the sentence right after each ("Forbidden. apparently the account needs architect:datatable:view").
 */
function reportSentences(view: string): string[] {
  const sentences = sentencesOf(view).slice(0, 200);
  const out: string[] = [];
  sentences.forEach((sentence, i) => {
    if (!/\b403s?\b|\bforbidden\b|\baccess denied\b|\bnot authori[sz]ed\b|\bpermission denied\b/i.test(sentence))
      return;
    out.push(i + 1 < sentences.length ? `${sentence} ${sentences[i + 1]}` : sentence);
  });
  return out;
}

const domainSets = new WeakMap<Catalog, Set<string>>();

/** `routing`, `analytics`, `wfm`, ...: the domains of the catalog's permissions. */
function catalogDomains(catalog: Catalog): Set<string> {
  let set = domainSets.get(catalog);
  if (!set) {
    set = new Set();
    for (const p of catalogPermissions(catalog)) set.add(p.split(':')[0]!);
    domainSets.set(catalog, set);
  }
  return set;
}

export function genesysStatusSentences(view: string): string[] {
  return statusSentences(statusView(view)).filter((sentence) => GENESYS_MENTION.test(sentence));
}

const segmentSets = new WeakMap<Catalog, Set<string>>();

/** `routing`, `analytics`, `recording`, ...: the first segments of the catalog's paths. */
function firstSegments(catalog: Catalog): Set<string> {
  let set = segmentSets.get(catalog);
  if (!set) {
    set = new Set();
    for (const op of catalog.all()) set.add(firstSegment(op.template));
    segmentSets.set(catalog, set);
  }
  return set;
}

function firstSegment(path: string): string {
  return path.split('/')[3] ?? '';
}

function isGenesysOrLoopback(origin: string): boolean {
  return /mypurecloud|pure\.cloud|inindca|inintca|localhost|127\.0\.0\.1|\[::1\]/i.test(origin);
}
