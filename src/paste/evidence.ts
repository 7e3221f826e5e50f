/**
 * Is this error from Genesys Cloud? A status or a dotted code proves nothing by itself (other vendors use
 * `not.authorized` too), so the parser asks for Genesys evidence, and lets a response that plainly came
 * from someone else (AWS, Slack, GitHub, a proxy's HTML page) veto anything short of a Genesys error body.
 */
import type { Catalog } from '../catalog/catalog';
import { regionForHost, type RegionName } from '../genesys/regions';
import type { PathMention } from './call-mentions';
import { saysNotAuthorized } from './fields';
import { permissionTokens } from './permission-tokens';
import { holds, holdsAny, lowerCase } from './literals';
import { execNearAnchors, firstOccurrence, nextOccurrence } from './scan';

/** Evidence that settles it: only Genesys (or its SDKs and tools) writes these. */
export type DefinitiveEvidence =
  | 'genesys-host'
  | 'inin-correlation-id'
  | 'sdk-name'
  | 'terraform-provider'
  | 'refusal-sentence'
  | 'api-error-line'
  | 'error-body'
  | 'catalog-permission';

/** Evidence that supports it: enough together, or a catalog path with an error status. */
export type SupportingEvidence = 'catalog-path' | 'genesys-word' | 'genesys-code' | 'not-authorized-sentence';

/** Definitive evidence that sits in the error body itself, which a foreign response cannot veto. */
const BODY_LEVEL: ReadonlySet<DefinitiveEvidence> = new Set([
  'refusal-sentence',
  'api-error-line',
  'error-body',
  'inin-correlation-id',
  'catalog-permission',
]);

export interface Evidence {
  definitive: DefinitiveEvidence[];
  supporting: SupportingEvidence[];
  foreign: string[];
  /** Region of the first Genesys API/login host in the text. */
  region?: RegionName;
}

export const GENESYS_HOST =
  /\b(?:[a-z0-9-]{1,40}\.){0,3}(?:mypurecloud\.(?:com\.au|com|ie|de|jp)|(?:[a-z0-9]{2,10}\.)?(?:us-gov-|eusc-)?pure\.cloud|inindca\.com|inintca\.com)\b/gi;
const SDK_NAMES =
  /purecloud-platform-client-v2|PureCloudPlatformClientV2|com\.mypurecloud\.sdk|PureCloudPlatform\.Client\.V2|platformclientv2|platform-client-sdk-|\bplatformClient\.(?:ApiClient|[A-Z]\w{1,60}Api)\b|genesys-cloud-purecloud|GenesysCloudPlatformClient/;
const TERRAFORM_PROVIDER = /\bgenesyscloud_[a-z_]{2,60}\b|MyPureCloud\/genesyscloud|terraform-provider-genesyscloud/i;
const GENESYS_WORD = /\b(?:genesys|purecloud|pure cloud|cx as code|archy)\b/i;
/** GENESYS_WORD's words, lowercased: its every match holds one. */
const GENESYS_WORDS = ['genesys', 'purecloud', 'pure cloud', 'cx as code', 'archy'];
const GENESYS_CODE =
  /\b(?:missing\.any\.permissions|missing\.permissions|not\.authorized|authentication\.required|bad\.credentials|credentials\.expired|too\.many\.requests)\b/;
/** What every GENESYS_CODE match holds. */
const GENESYS_CODE_PREFIXES = [
  'missing.',
  'not.authorized',
  'authentication.required',
  'bad.credentials',
  'credentials.expired',
  'too.many.requests',
];
const API_ERROR_LINE = /\bAPI\s{1,4}Error:\s{0,3}[1-5]\d\d\s{0,3}-\s/;
const ININ_HEADER = /\binin-correlation-id\b|\bININ-[A-Za-z-]{2,40}:/i;

/**
 * Responses that came from somebody else: a cloud provider, a chat or code host, a proxy's HTML page.
 * Response shapes count anywhere in the text; a bare host name (`HOST_ONLY`) counts only in a sentence that
 * carries the status, so a link to a Jira ticket in the chat around a Genesys paste vetoes nothing.
 */
const HOST_ONLY = new Set(['other-saas']);
const FOREIGN: Array<[string, RegExp]> = [
  ['aws', /\bAccessDenied(?:Exception)?\b|amazonaws\.com|\barn:aws:|\bx-amz-[a-z-]{2,40}|\bAWS4-HMAC-SHA256\b/],
  ['slack', /slack\.com\/api|"ok"\s{0,3}:\s{0,3}false|\bmissing_scope\b|\bnot_allowed_token_type\b/],
  ['github', /api\.github\.com|Resource not accessible by integration|docs\.github\.com/i],
  [
    'html-proxy',
    /<\/?(?:html|center|title|body|h1)\b|\bnginx(?:\/\d|\b)|cloudflare|\bError 1020\b|request could not be satisfied|\bsquid\/\d|\bzscaler\b/i,
  ],
  ['azure', /\bAuthorizationFailed\b|management\.azure\.com|login\.microsoftonline\.com|graph\.microsoft\.com/],
  ['gcp', /googleapis\.com|\bPERMISSION_DENIED\b/],
  [
    'kubernetes',
    /kubernetes\.client|io\.kubernetes|system:serviceaccount|cannot (?:get|list|watch|create|update|patch|delete) resource/i,
  ],
  [
    'other-saas',
    /zendesk\.com|salesforce\.com|force\.com|atlassian\.net|service-now\.com|okta\.com|auth0\.com|twilio\.com|api\.stripe\.com|hubapi\.com/i,
  ],
];

/**
 * For the case-insensitive shapes: lowercase words one of which their every match holds, so a text holding
 * none skips the scan (such patterns match ASCII letters only to ASCII letters).
 */
const FOREIGN_NEEDS: Record<string, string[]> = {
  github: ['github', 'resource not accessible by integration'],
  'html-proxy': ['<', 'nginx', 'cloudflare', 'error 1020', 'request could not be satisfied', 'squid/', 'zscaler'],
  kubernetes: ['kubernetes', 'system:serviceaccount', 'cannot '],
};

/**
 * For the case-sensitive shapes: literal strings one of which their every match holds, so a text holding none
 * skips the scan (a few substring searches cost less than one pass of an alternation).
 */
const FOREIGN_LITERALS: Record<string, string[]> = {
  aws: ['AccessDenied', 'amazonaws.com', 'arn:aws:', 'x-amz-', 'AWS4-HMAC-SHA256'],
  slack: ['slack.com/api', '"ok"', 'missing_scope', 'not_allowed_token_type'],
  azure: ['AuthorizationFailed', 'management.azure.com', 'login.microsoftonline.com', 'graph.microsoft.com'],
  gcp: ['googleapis.com', 'PERMISSION_DENIED'],
};
/** Every other-saas host ends in `.com` or `.net`. */
const SAAS_TLD = /\.(?:com|net)/i;
/** What every SDK_NAMES match holds. */
const SDK_LITERALS = ['latform', 'com.mypurecloud.sdk', 'genesys-cloud-purecloud'];

const permissionSets = new WeakMap<Catalog, Set<string>>();

export function catalogPermissions(catalog: Catalog): Set<string> {
  let set = permissionSets.get(catalog);
  if (!set) {
    set = new Set();
    for (const op of catalog.all()) for (const p of op.permissions) set.add(p.toLowerCase());
    permissionSets.set(catalog, set);
  }
  return set;
}

/** What every GENESYS_HOST match holds, lowercased: the gate before the host scan. */
const HOST_WORDS = ['purecloud', 'pure.cloud', 'inindca', 'inintca'];
/** The domains GENESYS_HOST ends in, lowercased: its every match holds one (its anchors). */
const HOST_DOMAINS = ['mypurecloud.', 'pure.cloud', 'inindca.com', 'inintca.com'];
/**
 * What GENESYS_HOST reads before its domain, at most: three labels (41 each), a region label (11) and
 * `us-gov-` (7), all of `[A-Za-z0-9.-]`. Past the domain's start it reads 159 more at most (the labels before
 * it, when the domain word is itself a label, and `mypurecloud.com.au`), and one character for its `\b`.
 */
const HOST_LEAD = 141;
const HOST_REACH = 160;

function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 /* - */ || c === 46 /* . */;
}

/**
 * `GENESYS_HOST.exec(text)` from `from`: the host and where it ends. Tried only near each domain (scan.ts
 * execNearAnchors), and no earlier than the run of host characters that ends at the domain: everything a
 * match holds before its domain is one. Falls back to the whole-text scan when lowercasing moved positions.
 */
export function nextGenesysHost(text: string, from: number): { name: string; end: number } | undefined {
  const lower = lowerCase(text);
  if (lower.length !== text.length) {
    GENESYS_HOST.lastIndex = from;
    const m = GENESYS_HOST.exec(text);
    GENESYS_HOST.lastIndex = 0;
    return m === null ? undefined : { name: m[0], end: m.index + m[0].length };
  }
  const found = execNearAnchors(
    text,
    {
      pattern: GENESYS_HOST,
      nextAnchor: firstOccurrence(HOST_DOMAINS.map((domain) => nextOccurrence(lower, domain))),
      lead: HOST_LEAD,
      reach: HOST_REACH,
      floor: (anchor) => {
        let start = anchor;
        while (start > 0 && anchor - start <= HOST_LEAD && isHostChar(text.charCodeAt(start - 1))) start--;
        return start;
      },
    },
    from,
  );
  return found && { name: found.match, end: found.start + found.match.length };
}

export function isLoopbackOrigin(origin: string): boolean {
  return /^https?:\/\/(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[?::1\]?)(?::\d{1,5})?$/i.test(origin);
}

export function isGenesysOrigin(origin: string): boolean {
  GENESYS_HOST.lastIndex = 0;
  return GENESYS_HOST.test(origin.replace(/^https?:\/\//i, ''));
}

export interface EvidenceInput {
  text: string;
  catalog: Catalog;
  paths: PathMention[];
  /** The path mentions that resolve to a catalog operation. */
  resolvedPaths: PathMention[];
  refusalSentence: boolean;
  apiErrorLine: boolean;
  errorBody: { code?: string; contextId?: string; messageWithParams?: string; status?: number } | undefined;
  /** Sentences that carry the status (report.ts); host-only foreign evidence is looked for there. */
  statusSentences?: string[];
  /** foreignResponses(text, statusSentences), when the caller has it already. */
  foreignResponses?: string[];
}

export function gatherEvidence(input: EvidenceInput): Evidence {
  return new GatheredEvidence(input);
}

/**
 * Evidence read on demand. The host scan runs at once (every finding may want the region); each list is read
 * the first time it is asked for, then kept. A 403 with a Genesys body, the common paste, is classified from
 * the body alone (tier.ts), so its SDK, tool, code, word and catalog-permission tests never run.
 */
class GatheredEvidence implements Evidence {
  readonly region?: RegionName;
  private readonly input: EvidenceInput;
  private readonly hostSeen: boolean;
  private definitiveList: DefinitiveEvidence[] | undefined;
  private supportingList: SupportingEvidence[] | undefined;
  private foreignList: string[] | undefined;

  constructor(input: EvidenceInput) {
    this.input = input;
    const { text } = input;
    let hostSeen = false;
    let region: RegionName | undefined;
    // The host pattern tries every word start; most texts name no Genesys host at all.
    const mayHaveHost = holdsAny(lowerCase(text), HOST_WORDS);
    for (
      let host = mayHaveHost ? nextGenesysHost(text, 0) : undefined, n = 0;
      host !== undefined && n < 20;
      host = nextGenesysHost(text, host.end), n++
    ) {
      hostSeen = true;
      region ??= regionForHost(host.name);
      // Later hosts change nothing once the region is known: stop scanning.
      if (region) break;
    }
    this.hostSeen = hostSeen;
    if (region) this.region = region;
  }

  get definitive(): DefinitiveEvidence[] {
    this.definitiveList ??= this.readDefinitive();
    return this.definitiveList;
  }

  get supporting(): SupportingEvidence[] {
    this.supportingList ??= this.readSupporting();
    return this.supportingList;
  }

  get foreign(): string[] {
    this.foreignList ??= this.readForeign();
    return this.foreignList;
  }

  private readDefinitive(): DefinitiveEvidence[] {
    const { input } = this;
    const { text } = input;
    const definitive: DefinitiveEvidence[] = [];
    if (this.hostSeen) definitive.push('genesys-host');
    if (hasIninHeader(text)) definitive.push('inin-correlation-id');
    if (holdsAny(text, SDK_LITERALS) && SDK_NAMES.test(text)) definitive.push('sdk-name');
    if (holds(lowerCase(text), 'genesyscloud') && TERRAFORM_PROVIDER.test(text)) definitive.push('terraform-provider');
    if (input.refusalSentence) definitive.push('refusal-sentence');
    if (input.apiErrorLine || hasApiErrorLine(text)) definitive.push('api-error-line');
    if (isErrorBodyEvidence(input.errorBody)) definitive.push('error-body');
    if (namesCatalogPermission(text, input.catalog)) definitive.push('catalog-permission');
    return definitive;
  }

  private readSupporting(): SupportingEvidence[] {
    const { input } = this;
    const { text } = input;
    const supporting: SupportingEvidence[] = [];
    const genesysPath = input.resolvedPaths.some(
      (m) => !m.origin || isGenesysOrigin(m.origin) || isLoopbackOrigin(m.origin),
    );
    if (genesysPath) supporting.push('catalog-path');
    if (holdsAny(lowerCase(text), GENESYS_WORDS) && GENESYS_WORD.test(text)) supporting.push('genesys-word');
    if (holdsAny(text, GENESYS_CODE_PREFIXES) && GENESYS_CODE.test(text)) supporting.push('genesys-code');
    if (saysNotAuthorized(text)) supporting.push('not-authorized-sentence');
    return supporting;
  }

  private readForeign(): string[] {
    const { input } = this;
    const foreign: string[] = [];
    for (const mention of input.paths) {
      if (mention.origin && !isGenesysOrigin(mention.origin) && !isLoopbackOrigin(mention.origin)) {
        pushOnce(foreign, 'foreign-host');
      }
    }
    foreign.push(...(input.foreignResponses ?? foreignResponses(input.text, input.statusSentences)));
    return foreign;
  }
}

/**
 * The response shapes (and, in a status sentence, hosts) of somebody else: AWS, Slack, a proxy's page, ...
 * `shapes` is foreignShapes(text) when the caller has it already.
 */
export function foreignResponses(
  text: string,
  statusSentences: string[] | undefined,
  shapes: string[] = foreignShapes(text),
): string[] {
  const statusText = statusSentences?.join('\n') ?? text;
  const out = [...shapes];
  for (const [name, pattern] of FOREIGN)
    if (HOST_ONLY.has(name) && (name !== 'other-saas' || SAAS_TLD.test(statusText)) && pattern.test(statusText))
      out.push(name);
  return out;
}

/** The response shapes of somebody else that count anywhere in the text (host-only names left out). */
export function foreignShapes(text: string): string[] {
  const out: string[] = [];
  let lower: string | undefined;
  for (const [name, pattern] of FOREIGN) {
    if (HOST_ONLY.has(name)) continue;
    const literals = FOREIGN_LITERALS[name];
    if (literals && !holdsAny(text, literals)) continue;
    const needs = FOREIGN_NEEDS[name];
    if (needs) {
      lower ??= lowerCase(text);
      if (!holdsAny(lower, needs)) continue;
    }
    if (pattern.test(text)) out.push(name);
  }
  return out;
}

/** A parsed Genesys error body: `messageWithParams`, or a context id with a dotted code and a status. */
export function isErrorBodyEvidence(body: EvidenceInput['errorBody']): boolean {
  return Boolean(
    body &&
      (body.messageWithParams !== undefined ||
        (body.contextId && body.code?.includes('.') && body.status !== undefined)),
  );
}

export function hasApiErrorLine(text: string): boolean {
  return API_ERROR_LINE.test(text);
}

/** A permission-shaped token (its first three parts) that some catalog operation requires. */
export function namesCatalogPermission(text: string, catalog: Catalog): boolean {
  const known = catalogPermissions(catalog);
  return permissionTokens(text).some((token) => known.has(firstThreeParts(token).toLowerCase()));
}

/** `token.split(':').slice(0, 3).join(':')`: the token up to its third colon, without the arrays. */
export function firstThreeParts(token: string): string {
  const first = token.indexOf(':');
  const second = first < 0 ? -1 : token.indexOf(':', first + 1);
  const third = second < 0 ? -1 : token.indexOf(':', second + 1);
  return third < 0 ? token : token.slice(0, third);
}

export function hasIninHeader(text: string): boolean {
  // Both branches hold `inin-` in some case (ASCII letters match ASCII letters only): the lowercased text has it.
  return holds(lowerCase(text), 'inin-') && ININ_HEADER.test(text);
}

function pushOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Genesys or not, by the rules in the module comment. */
export function isGenesys(evidence: Evidence): boolean {
  const bodyLevel = evidence.definitive.some((e) => BODY_LEVEL.has(e));
  if (evidence.foreign.length > 0) return bodyLevel;
  if (evidence.definitive.length > 0) return true;
  if (evidence.supporting.includes('catalog-path')) return true;
  return evidence.supporting.length >= 2;
}
