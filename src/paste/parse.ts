/**
 * parsePastedError: reads a Slack message and says whether it carries a Genesys Cloud 403 (and what it
 * says), another Genesys error status (with a one-line hint), or nothing for us.
 *
 * Order: cheap pre-filter → normalize and blank out secrets → read the fields → ask for Genesys evidence
 * → classify → decide the confidence tier (high: a Genesys body, code, host or tool; medium: prose naming
 * Genesys and one of its paths; low: no finding at all). Extraction reads only the secret-free text, so no
 * field can carry a pasted credential.
 */
import { loadCatalog, stripToPath, type Catalog, type HttpMethod, type Operation } from '../catalog/catalog';
import { loadFolklore } from '../catalog/folklore';
import { nearestOperations } from '../catalog/nearest';
import { requiredScope } from '../catalog/scopes';
import { regionForHost } from '../genesys/regions';
import { gatherEvidence, isGenesys, type Evidence } from './evidence';
import { readHeld } from './held';
import {
  EXAMPLE_FRAMING,
  otherVendorIsNearer,
  readReport,
  refusalIsElsewhere,
  statusSentences,
  statusView,
} from './report';
import { permissionsNotInCatalog, refusedCatalogPermissions } from './named-permission';
import { findOldStyleRefusal, findSurface, surfaceCarriesStatus, type SurfaceMention } from './surfaces';
import {
  cleanPath,
  collapse,
  findApiErrorLine,
  findClientId,
  findCode,
  findContextId,
  findConversationId,
  findMessageKey,
  findPathMentions,
  findRefusalSentence,
  findStatus,
  findUserId,
  NOT_AUTHORIZED_SENTENCE,
  permissionTokens,
  pushUnique,
  sdkOperationNames,
  splitPermissions,
  statusForCode,
  type PathMention,
} from './fields';
import { hintForStatus } from './hints';
import { findJsonObjects, jsonFields } from './json';
import { capPaste } from './normalize';
import { scrubPaste } from './secrets';
import { findPremises } from './premises';
import type { LikelyLayer, NotAnOperation, PasteFinding, PasteParse, PasteSource, PastedOperation } from './types';

/**
 * Messages without any of these cannot be an error we handle; most chat stops here. Bare 3-digit
 * numbers pass only as 4xx/5xx with word boundaries.
 */
const PREFILTER =
  /\b[45]\d\ds?\b|forbidden|unauthori[sz]ed|not[ ._-]authori[sz]ed|missing[ ._](?:any[ ._])?permission|following permission|following division|\.many\.requests|not\.found|bad\.request|invalid\.value|bad\.credentials|credentials\.expired|authentication\.required|API\s{1,4}Error|insufficient_scope|access[ _]denied|permission denied/i;

const MAX_MESSAGE_CHARS = 500;

/** `catalog` defaults to the shipped one, loaded only once a message passes the pre-filter. */
export function parsePastedError(text: string, catalogArg?: Catalog): PasteParse {
  if (typeof text !== 'string' || text.length === 0) return { kind: 'none' };
  if (!PREFILTER.test(capPaste(text))) return { kind: 'none' };
  const catalog = catalogArg ?? loadCatalog();

  const scrubbed = scrubPaste(text);
  const view = scrubbed.text;

  const json = jsonFields(findJsonObjects(view));
  const apiError = findApiErrorLine(view);
  const refusal = findRefusalSentence(view);
  const oldStyle = findOldStyleRefusal(view);
  const surface = findSurface(view);
  const code = findCode(view, json.code);
  const statusFound = findStatus(statusView(view), json.status ?? apiError?.status);

  // `api/v2/x` or `/v2/x` completed to `/api/v2/x` counts only when that is a real operation's path.
  const mentions = findPathMentions(view).filter((m) => !m.completed || catalog.resolveAnyMethod(m.path).length > 0);
  if (json.path)
    mentions.unshift({
      path: cleanPath(stripToPath(json.path)),
      ...(methodOf(json.method) ? { method: methodOf(json.method) } : {}),
    });
  const resolved = resolveMentions(mentions, catalog);

  const evidence = gatherEvidence({
    text: view,
    catalog,
    paths: mentions,
    resolvedPaths: resolved.filter((r) => r.operation).map((r) => r.mention),
    refusalSentence: refusal !== undefined || oldStyle !== undefined,
    apiErrorLine: apiError !== undefined,
    errorBody: json.errorBody ? json : undefined,
    statusSentences: statusSentences(statusView(view)),
  });

  const saysRefused = refusal !== undefined || oldStyle !== undefined || NOT_AUTHORIZED_SENTENCE.test(view);
  const status = statusFound.status ?? statusForCode(code) ?? (saysRefused ? 403 : undefined);
  if (status === undefined || status < 400) return { kind: 'none' };
  if (status !== 403) {
    if (!isGenesys(evidence)) return { kind: 'none' };
    return {
      kind: 'other-genesys-status',
      status,
      ...(code ? { code } : {}),
      hint: hintForStatus(status, code),
      secrets: scrubbed.secrets,
    };
  }

  // ---- the 403 finding ----
  const message = chooseMessage(json.message, apiError?.message, refusal?.message, oldStyle?.message, view);
  const contextId = json.contextId ?? apiError?.correlationId ?? findContextId(view);
  const sdkOperation = mentions.length === 0 ? operationFromSdkName(view, catalog) : undefined;
  const confidence = confidenceTier({
    view,
    catalog,
    evidence,
    code,
    json,
    contextId,
    surface,
    mentions,
    resolved,
    sdkOperation: sdkOperation !== undefined,
    bodyRefusal: refusal !== undefined || oldStyle !== undefined || apiError !== undefined,
  });
  if (confidence === 'low') return { kind: 'none' };

  const fromLists = splitPermissions([
    ...(refusal?.permissions ?? []),
    ...json.messageParamValues,
    ...(oldStyle?.permissions ?? []),
  ]);
  const fromMessage = splitPermissions([message ?? '', json.messageWithParams ?? '', json.detail ?? '']);
  const missingPermissions = [...fromLists.permissions];
  for (const p of fromMessage.permissions) pushUnique(missingPermissions, p);
  const heldReading = readHeld(
    view,
    [message, refusal?.message, apiError?.message, json.detail].filter((m): m is string => m !== undefined),
  );
  for (const p of heldReading.saidMissing) if (!heldReading.held.includes(p)) pushUnique(missingPermissions, p);
  if (missingPermissions.length === 0)
    for (const p of refusedCatalogPermissions(genesysStatusSentences(view), catalog)) pushUnique(missingPermissions, p);
  const divisions: string[] = [];
  for (const d of [...(refusal?.divisions ?? []), ...fromLists.divisions, ...fromMessage.divisions]) {
    if (/^[A-Za-z0-9*_-]{1,64}$/.test(d)) pushUnique(divisions, d);
  }

  // The call in the sentence that carries the 403 is the refused one: a wss URL there beats a REST call elsewhere.
  const surfaceRefused =
    surface !== undefined && surfaceCarriesStatus(statusSentences(statusView(view)), surface, mentions);
  const target = surfaceRefused
    ? undefined
    : (resolved[0] ?? (mentions[0] ? { mention: mentions[0], operation: undefined } : undefined));
  let operation = target?.operation;
  if (!operation && !surfaceRefused) operation = operationFromSdkName(view, catalog);
  // A path several methods share, with no method given: the one whose permissions the error names.
  if (!operation && target && !target.mention.method && missingPermissions.length > 0) {
    const fits = catalog
      .resolveAnyMethod(target.mention.path)
      .filter((op) => op.permissions.some((p) => missingPermissions.includes(p)));
    if (fits.length === 1) operation = fits[0];
  }
  const method = target?.mention.method ?? operation?.method;
  const path = target?.mention.path;
  const notAnOperation = !operation && path ? unknownOperation(catalog, method, path, view) : undefined;
  const params = operation && path ? templateParams(operation.template, path) : {};

  const region =
    (target?.mention.origin ? regionForHost(target.mention.origin) : undefined) ??
    (surface?.host ? regionForHost(surface.host.replace(/^streaming\./, 'api.')) : undefined) ??
    evidence.region;
  const clientId = params.clientId ?? findClientId(view);
  const userId =
    params.userId ??
    (operation?.template.startsWith('/api/v2/users/') ? params.subjectId : undefined) ??
    findUserId(view);
  const conversationId = params.conversationId ?? findConversationId(view);

  const source = classifySource(view, scrubbed, json.errorBody, apiError !== undefined);
  const layer =
    surface && !operation
      ? surfaceLayer(surface)
      : notAnOperation
        ? {
            layer: 'unknown' as const,
            reason:
              'the call is not a Genesys Cloud API operation, so no role or scope can make it work: use one of the real operations',
          }
        : likelyLayer({ code, message, missingPermissions, divisions, operation });
  const unknownPermissions = permissionsNotInCatalog(missingPermissions, catalog);
  const finding: PasteFinding = {
    status: 403,
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    missingPermissions,
    ...(unknownPermissions.length > 0 ? { unknownPermissions } : {}),
    held: heldReading.held,
    divisions,
    ...(method ? { method } : {}),
    ...(path ? { path } : {}),
    ...(operation ? { operation: describeOperation(operation) } : {}),
    ...(notAnOperation ? { notAnOperation } : {}),
    ...(surface && !operation ? { surface: { kind: surface.kind, call: surface.call } } : {}),
    ...(contextId ? { contextId } : {}),
    ...(region ? { region } : {}),
    ...(clientId ? { clientId } : {}),
    ...(userId ? { userId } : {}),
    ...(conversationId ? { conversationId } : {}),
    source,
    likelyLayer: layer.layer,
    layerReason: layer.reason,
    secrets: scrubbed.secrets,
    confidence,
    premises: findPremises(view),
  };
  return { kind: 'genesys-403', finding };
}

/** Only Genesys writes these codes; `not.authorized` alone is shared with other vendors. */
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

const GENESYS_FOR_VENDOR = /\b(genesys(?:\s{1,3}cloud)?|purecloud)\s{1,3}for\s{1,3}[A-Za-z0-9]{2,20}(?:\s{1,3}365)?/gi;

interface TierInput {
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
}

/**
 * high: a Genesys body, code, host or tool says so: the full reply. medium: prose that names the product
 * and a Genesys path: a brief reply with the full-check button. low: say nothing.
 */
function confidenceTier(input: TierInput): 'high' | 'medium' | 'low' {
  const { view, catalog, evidence, code, json, contextId, surface, mentions, resolved, sdkOperation } = input;
  const genesysBody =
    input.bodyRefusal ||
    evidence.definitive.includes('error-body') ||
    evidence.definitive.includes('inin-correlation-id') ||
    (json.errorBody && json.message !== undefined && code !== undefined && GENESYS_ONLY_CODE.test(code)) ||
    (json.errorBody && code === 'not.authorized' && NOT_AUTHORIZED_SENTENCE.test(json.message ?? ''));
  // "Genesys Cloud for Salesforce" is a Genesys integration, not the other vendor's API.
  const vendorView = view.replace(GENESYS_FOR_VENDOR, '$1 for its integration');
  const vendorElsewhere =
    OTHER_VENDOR.test(vendorView) && otherVendorIsNearer(vendorView, OTHER_VENDOR, GENESYS_MENTION);
  if ((evidence.foreign.length > 0 || vendorElsewhere) && !genesysBody) return 'low';

  const reading = readReport(view);
  const notAReport = reading === 'hypothetical' || reading === 'explains' || reading === 'resolved';
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
  if (genesysBody) {
    // A body shown as an example ("a 403 looks like this: {...}") without a context id is not a failure.
    return !contextId && notAReport && EXAMPLE_FRAMING.test(view) ? 'low' : 'high';
  }
  if (notAReport || refusalIsElsewhere(view)) return 'low';
  if (genesysCode || genesysHost || genesysTool || surface?.host !== undefined) return 'high';

  // Medium: a real operation's path (any method) with the product named; or any path (a path that is no
  // operation gets the nearest-operation answer) when a sentence with the status names Genesys, or one other
  // APIs do not share when Genesys is named and the path starts like one of its operations.
  const fromGenesys = (m: PathMention) => !m.origin || isGenesysOrLoopback(m.origin);
  const realPath =
    mentions.some((m) => fromGenesys(m) && catalog.resolveAnyMethod(m.path).length > 0) ||
    surface !== undefined ||
    sdkOperation;
  const saidOfGenesys = statusSentences(statusView(view)).some((sentence) => GENESYS_MENTION.test(sentence));
  const pathSaidOfGenesys = mentions.some(
    (m) =>
      fromGenesys(m) &&
      (saidOfGenesys ||
        (!SHARED_FIRST_SEGMENT.test(m.path) &&
          GENESYS_WORD.test(view) &&
          firstSegments(catalog).has(firstSegment(m.path)))),
  );
  const distinctivePath = resolved.some(
    (r) => r.operation !== undefined && fromGenesys(r.mention) && !SHARED_FIRST_SEGMENT.test(r.operation.template),
  );
  const named = GENESYS_WORD.test(view) || evidence.definitive.includes('catalog-permission') || distinctivePath;
  if (pathSaidOfGenesys) return 'medium';
  if (realPath && named) return 'medium';
  // No path, but the product, the status and a real catalog permission said to be missing, in one sentence.
  return refusedCatalogPermissions(genesysStatusSentences(view), catalog).length > 0 ? 'medium' : 'low';
}

function genesysStatusSentences(view: string): string[] {
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

function surfaceLayer(surface: SurfaceMention): { layer: LikelyLayer; reason: string } {
  if (surface.kind === 'oauth-token') {
    return {
      layer: 'login',
      reason:
        'POST /oauth/token is the login layer on the login host, not a Platform API operation: the permission catalog lists no role or permission for it, so no grant can fix it. ' +
        'The token request is authenticated with the client id and secret (Basic auth, grant_type=client_credentials), and bad credentials answer an OAuth-style {error, error_description} body. ' +
        "Why the token endpoint answers 403 is unconfirmed (the reference does not document a 403 there): check the client id and secret, the grant type, and that the login host is the org's own region",
    };
  }
  return {
    layer: 'unknown',
    reason:
      'the refusal came from the Notification API WebSocket (the streaming host), not from a Platform API operation. ' +
      'The permission catalog lists no permission check for creating a channel (POST /api/v2/notifications/channels) or subscribing to topics (PUT /api/v2/notifications/channels/{channelId}/subscriptions); ' +
      'why the WebSocket itself answers 403 is unconfirmed (the reference is silent about the streaming host)',
  };
}

function methodOf(value: string | undefined): HttpMethod | undefined {
  const upper = value?.toUpperCase();
  return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const).find((m) => m === upper);
}

interface ResolvedMention {
  mention: PathMention;
  operation: Operation | undefined;
}

/** Mentions whose path is a catalog operation (with the method when given, else the only method that fits). */
function resolveMentions(mentions: PathMention[], catalog: Catalog): ResolvedMention[] {
  const out: ResolvedMention[] = [];
  for (const mention of mentions) {
    let operation: Operation | undefined;
    if (mention.method) operation = catalog.resolve(mention.method, mention.path);
    else {
      const candidates = catalog.resolveAnyMethod(mention.path);
      if (candidates.length === 1) operation = candidates[0];
      else if (candidates.length > 1) {
        // The path is real but the method is unknown: keep the mention, leave the operation open.
        out.push({ mention, operation: undefined });
        continue;
      }
    }
    if (operation)
      out.push({ mention: mention.method ? mention : { ...mention, method: operation.method }, operation });
  }
  // Mentions that name their method and resolve win over guesses.
  return out.sort((a, b) => Number(b.operation !== undefined) - Number(a.operation !== undefined));
}

const operationIndexes = new WeakMap<Catalog, Map<string, Operation>>();

function operationFromSdkName(text: string, catalog: Catalog): Operation | undefined {
  const names = sdkOperationNames(text);
  if (names.length === 0) return undefined;
  let index = operationIndexes.get(catalog);
  if (!index) {
    index = new Map();
    for (const op of catalog.all()) index.set(op.operationId.toLowerCase(), op);
    operationIndexes.set(catalog, index);
  }
  for (const name of names) {
    const op = index.get(name);
    if (op) return op;
  }
  return undefined;
}

/** `{conversationId}` → the id in the same position of the pasted path. */
function templateParams(template: string, path: string): Record<string, string> {
  const names = template.split('/');
  const values = stripToPath(path).split('/');
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (
      name.startsWith('{') &&
      name.endsWith('}') &&
      value &&
      !value.startsWith('{') &&
      /^[A-Za-z0-9._~%-]{1,128}$/.test(value)
    ) {
      params[name.slice(1, -1)] = value;
    }
  });
  return params;
}

/**
 * `op="METHOD /path"` (as typed in a command) that is no Platform API operation; undefined for a real
 * operation, an alias, or text that is no call at all (an alias typo stays a usage error).
 */
export function unknownCallInOp(op: string | undefined, catalog: Catalog = loadCatalog()): NotAnOperation | undefined {
  if (!op) return undefined;
  const call = /^([A-Za-z]+)\s+(\S+)$/.exec(op.trim());
  if (!call || !call[2]!.includes('/api/v2/') || catalog.resolve(call[1]!, call[2]!)) return undefined;
  return unknownOperation(catalog, methodOf(call[1]), stripToPath(call[2]!), op);
}

/** A path no operation matches: what the folklore knows of it, and the real operations nearest to the text's topic. */
export function unknownOperation(
  catalog: Catalog,
  method: HttpMethod | undefined,
  path: string,
  text: string,
): NotAnOperation {
  const call = `${method ?? ''} ${path}`.trim();
  const why = loadFolklore().operations.find((o) => o.call === call || (!method && o.call.endsWith(` ${path}`)))?.why;
  return {
    ...(method ? { method } : {}),
    path,
    ...(why ? { why } : {}),
    nearest: nearestOperations(catalog, method, path, text).map((n) => describeOperation(n.operation)),
  };
}

export function describeOperation(op: Operation): PastedOperation {
  const scope = requiredScope(op);
  return {
    method: op.method,
    template: op.template,
    operationId: op.operationId,
    mode: op.mode,
    permissions: [...op.permissions],
    ...(scope ? { scope } : {}),
  };
}

function chooseMessage(...candidates: Array<string | undefined>): string | undefined {
  const view = candidates.pop() ?? '';
  let message = candidates.find((c) => c !== undefined && c.trim().length > 0);
  if (!message) {
    const notAuthorized = NOT_AUTHORIZED_SENTENCE.exec(view);
    message = notAuthorized?.[0] ?? findMessageKey(view);
  }
  if (!message) return undefined;
  const clean = collapse(message);
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS - 1)}…` : clean;
}

function classifySource(
  text: string,
  scrubbed: { escaped: boolean; plainJson: boolean },
  errorBody: boolean,
  apiErrorLine: boolean,
): PasteSource {
  if (
    /genesyscloud_[a-z_]{2,60}|terraform|tf_export|CX as Code|Error: failed to/i.test(text) ||
    (apiErrorLine && !/platformclientv2/.test(text))
  ) {
    return 'terraform';
  }
  if (
    /^[ \t]{0,4}[<>][ \t]?(?:GET|POST|PUT|PATCH|DELETE|HEAD|HTTP\/)/m.test(text) ||
    /\bcurl\s{1,3}(?:-|["']?https?:)/.test(text)
  )
    return 'curl';
  if (
    /(?:^|\n)[ \t]{0,4}(?:[$%#>][ \t]{0,2})?gc[ \t]{1,3}[a-z]{2,40}\b/.test(text) ||
    /\bgc[ \t]{1,3}[a-z]{2,40}[ \t]{1,3}(?:list|get|create|update|delete)\b/.test(text)
  )
    return 'cli';
  if (/\bpostman/i.test(text)) return 'postman';
  if (
    /purecloud-platform-client-v2|PureCloudPlatformClientV2|com\.mypurecloud\.sdk|PureCloudPlatform\.Client\.V2|platformclientv2|platformClient|ApiException|Reason:\s{0,3}Forbidden|HTTP response body:|Error calling [A-Z]\w{0,80}:|statusText:\s{0,3}['"]Forbidden|Traceback \(most recent call last\)|AxiosError|Request failed with status code/.test(
      text,
    )
  ) {
    return 'sdk';
  }
  if (
    /"(?:GET|POST|PUT|PATCH|DELETE|HEAD) \/[^"\n]{0,2000} HTTP\/[0-9.]{1,3}"\s{1,3}\d{3}/.test(text) ||
    /^[ \t]{0,4}HTTP\/[0-9.]{1,3} [1-5]\d\d/m.test(text)
  ) {
    return 'http-log';
  }
  if (scrubbed.escaped && !scrubbed.plainJson) return 'escaped-json';
  if (errorBody || /(?:"(?:message|code|status)"|'(?:message|code|status)')\s{0,3}:/.test(text)) return 'json';
  return 'prose';
}

interface LayerInput {
  code: string | undefined;
  message: string | undefined;
  missingPermissions: string[];
  divisions: string[];
  operation: Operation | undefined;
}

function likelyLayer(input: LayerInput): { layer: LikelyLayer; reason: string } {
  const { code, message, missingPermissions, divisions, operation } = input;
  if (divisions.length > 0) {
    return {
      layer: 'division',
      reason: `the refusal names division(s) (${divisions.slice(0, 3).join(', ')}): the identity may hold the permission, but not in the division that owns the object`,
    };
  }
  if (missingPermissions.length > 0 || code === 'missing.permissions' || code === 'missing.any.permissions') {
    const named = missingPermissions.length > 0 ? ` (${missingPermissions.slice(0, 3).join(', ')})` : '';
    return {
      layer: 'role',
      reason: `Genesys names missing permission(s)${named}; permissions come from the roles granted to the identity, not from OAuth scopes`,
    };
  }
  if (code?.includes('scope') || (message !== undefined && /\bscopes?\b/i.test(message))) {
    return {
      layer: 'scope',
      reason: "the error itself mentions OAuth scope: the application's authorized scopes may not cover this operation",
    };
  }
  const targetsInteraction = operation !== undefined && /\{(?:conversationId|recordingId)\}/.test(operation.template);
  if (
    (code === 'not.authorized' || (message !== undefined && NOT_AUTHORIZED_SENTENCE.test(message))) &&
    targetsInteraction
  ) {
    return {
      layer: 'interaction',
      reason:
        'not.authorized without a permission list on a specific conversation or recording: an unknown, archived or deleted interaction can be refused this way',
    };
  }
  if (code === 'not.authorized') {
    return {
      layer: 'unknown',
      reason:
        'not.authorized names no permission: scope, role, product or the object itself can each cause it; run the full check',
    };
  }
  return {
    layer: 'unknown',
    reason: 'the paste names no permission or division; run the full check to see which layer refuses',
  };
}
