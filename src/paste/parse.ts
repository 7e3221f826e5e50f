/**
 * readPaste: reads a Slack message and says whether it carries a Genesys Cloud 403 (what it says, and the
 * class of evidence it carries), another Genesys error status (with a one-line hint), or nothing for us.
 * Whether a 403 is answered on a surface is the decision table's (decision.ts); `wanted` tells this module
 * which evidence classes are worth building a finding for.
 *
 * Order: cheap pre-filter → normalize and blank out secrets → path forms → read the fields → ask for
 * Genesys evidence → classify the evidence → build the finding. Extraction reads only the secret-free text,
 * so no field can carry a pasted credential.
 */
import { loadCatalog, stripToPath, type Catalog, type HttpMethod, type Operation } from '../catalog/catalog';
import { loadFolklore } from '../catalog/folklore';
import { nearestOperations } from '../catalog/nearest';
import { requiredScope } from '../catalog/scopes';
import { regionForHost } from '../genesys/regions';
import {
  foreignResponses,
  foreignShapes,
  gatherEvidence,
  hasApiErrorLine,
  hasIninHeader,
  isErrorBodyEvidence,
  isGenesys,
  namesCatalogPermission,
} from './evidence';
import { readHeld } from './held';
import { classifySource, likelyLayer, surfaceLayer } from './layer';
import { readReport, statusSentences, statusView, withoutMetricSamples } from './report';
import { permissionsNotInCatalog, refusedCatalogPermissions } from './named-permission';
import { joinBrokenPaths, normalizePathForms } from './path-forms';
import { rankByRefusal } from './refused-call';
import { findOldStyleRefusal, findSurface, surfaceCarriesStatus } from './surfaces';
import { cleanPath, findPathMentions, type PathMention, sdkOperationNames } from './call-mentions';
import {
  collapse,
  findApiErrorLine,
  findClientId,
  findCode,
  findContextId,
  findConversationId,
  findMessageKey,
  findRefusalSentence,
  findStatus,
  findUserId,
  mentionsStatus,
  NOT_AUTHORIZED_SENTENCE,
  saysNotAuthorized,
  statusForCode,
} from './fields';
import { pushUnique, splitPermissions } from './permission-tokens';
import { hintForStatus } from './hints';
import { findJsonObjects, jsonFields } from './json';
import { capPaste } from './normalize';
import { scrubPaste } from './secrets';
import { defineLazyPremises, settle } from './lazy';
import {
  classifyEvidence,
  genesysStatusSentences,
  otherVendorReport,
  saysGenesysBody,
  type ResolvedMention,
} from './tier';
import type { NotAnOperation, PasteEvidence, PasteFinding, PasteParse, PastedOperation } from './types';

/**
 * Messages without any of these cannot be an error we handle; most chat stops here. Bare 3-digit
 * numbers pass only as 4xx/5xx with word boundaries.
 */
const PREFILTER_STATUS = /\b[45]\d\d[sS]?\b/;
/** The words, case-insensitive; tested apart from the number, which a case-sensitive test finds far faster. */
const PREFILTER_WORDS =
  /forbidden|unauthori[sz]ed|not[ ._-]authori[sz]ed|missing[ ._](?:any[ ._])?permission|following permission|following division|\.many\.requests|not\.found|bad\.request|invalid\.value|bad\.credentials|credentials\.expired|authentication\.required|API\s{1,4}Error|insufficient_scope|access[ _]denied|permission denied/i;

/**
 * The second gate, as cheap: a status number or refusal word alone is chat ("we have 450 agents", "PR #450").
 * Every error this module reads also carries a path, a permission-shaped token, a body's braces or quotes, a
 * Genesys name, host, code, SDK or tool, or a permission/authorization word; without any of them nothing below
 * finds one (a bare "forbidden" or "access denied" in chat is no Genesys error).
 */
const SIGNAL =
  /v2\/|[A-Za-z0-9]:[A-Za-z0-9_*-]{1,60}:|[{}"]|genesys|purecloud|pure\.cloud|inin|platform|archy|cx as code|data action|oauth|token|socket|wss?:|notification|streaming|permission|authori[sz]|missing\.|not\.found|many\.requests|bad\.request|invalid\.|credentials|authentication|API\s{1,4}Error|exception|error calling|\.(?:get|post|put|patch|delete)[A-Z_]/i;

/** What any Genesys error body (JSON, refusal sentence, `API Error` line, old-style sentence, ININ header) needs. */
const BODY_PARTS =
  /[{]|You\s{1,4}(?:are|must)|Unable\s{1,4}to|API\s{1,4}Error|Permission\s{1,3}is|\binin-|following\s{1,4}divisions?/i;

/** A 403 (and no other status) that every sentence carrying it talks about rather than reports. */
function isTalkAbout403(view: string): boolean {
  if (findStatus(statusView(view), undefined).status !== 403) return false;
  const reading = readReport(view);
  return reading === 'hypothetical' || reading === 'explains' || reading === 'resolved';
}

const MAX_MESSAGE_CHARS = 500;

const CONFIDENCE: Record<PasteEvidence, PasteFinding['confidence']> = {
  'genesys-body': 'high',
  'named-report': 'medium',
  'catalog-path-report': 'medium',
  'genesys-path-report': 'medium',
  'catalog-permission-report': 'medium',
  'genesys-shaped': 'low',
  talk: 'low',
  foreign: 'low',
};

/**
 * `catalog` defaults to the shipped one, loaded only once a message passes the pre-filter. A 403 whose
 * evidence is not `wanted` reads as nothing (`none`), and its finding is never built.
 */
export function readPaste(
  text: string,
  catalogArg: Catalog | undefined,
  wanted: (evidence: PasteEvidence) => boolean,
): PasteParse {
  if (typeof text !== 'string' || text.length === 0) return { kind: 'none' };
  const capped = capPaste(text);
  if (!(PREFILTER_STATUS.test(capped) || PREFILTER_WORDS.test(capped)) || !SIGNAL.test(capped)) return { kind: 'none' };
  const catalog = catalogArg ?? loadCatalog();

  const scrubbed = scrubPaste(text);
  const view = joinBrokenPaths(normalizePathForms(withoutMetricSamples(scrubbed.text)), catalog);

  // What a Genesys body is made of, read first: every exit below asks for some of it.
  const json = jsonFields(findJsonObjects(view));
  const apiError = findApiErrorLine(view);
  const refusal = findRefusalSentence(view);
  const oldStyle = findOldStyleRefusal(view);
  const code = findCode(view, json.code);
  const bodyRefusal = refusal !== undefined || oldStyle !== undefined || apiError !== undefined;
  const errorBody = json.errorBody ? json : undefined;

  // Somebody else's response (AWS, Slack, a proxy's page, ...) with nothing of a Genesys body: whatever its
  // status, a 403 classifies as `foreign` and another status is not Genesys's (evidence.ts isGenesys), so
  // nothing is read further. Host-only shapes are left to the full reading (they count only in a status sentence).
  const shapes = foreignShapes(view);
  if (
    shapes.length > 0 &&
    !bodyRefusal &&
    !hasApiErrorLine(view) &&
    !isErrorBodyEvidence(errorBody) &&
    !hasIninHeader(view) &&
    !saysGenesysBody({ bodyRefusal, errorBody: false, inin: false, json, code }) &&
    !namesCatalogPermission(view, catalog) &&
    !wanted('foreign')
  )
    return { kind: 'none' };

  // Talk about a 403 with nothing a Genesys body is made of: silent on every surface, decided before the costly reads.
  if (!BODY_PARTS.test(view) && isTalkAbout403(view) && !wanted('talk')) return { kind: 'none' };

  // A text with no error status (a code branch, a count) stops here.
  const statusFound = findStatus(statusView(view), json.status ?? apiError?.status);
  const saysRefused = refusal !== undefined || oldStyle !== undefined || saysNotAuthorized(view);
  const status = statusFound.status ?? statusForCode(code) ?? (saysRefused ? 403 : undefined);
  if (status === undefined || status < 400) return { kind: 'none' };

  // Somebody else's 403 without a Genesys body is `foreign` whatever else the text holds (tier.ts): decided
  // before the paths are read and resolved, on the same tests classifyEvidence makes first.
  const foreign = foreignResponses(view, statusSentences(statusView(view)), shapes);
  let otherVendor: boolean | undefined;
  // The body is asked about first: with one, whose report it is need not be read.
  if (
    status === 403 &&
    !saysGenesysBody({
      bodyRefusal,
      errorBody: isErrorBodyEvidence(errorBody),
      inin: hasIninHeader(view),
      json,
      code,
    }) &&
    (foreign.length > 0 || (otherVendor = otherVendorReport(view))) &&
    !wanted('foreign')
  )
    return { kind: 'none' };

  const surface = findSurface(view);

  // `api/v2/x` or `/v2/x` completed to `/api/v2/x` counts only when that is a real operation's path.
  const mentions = findPathMentions(view).filter((m) => !m.completed || catalog.resolveAnyMethod(m.path).length > 0);
  if (json.path)
    mentions.unshift({
      path: cleanPath(stripToPath(json.path)),
      ...(methodOf(json.method) ? { method: methodOf(json.method) } : {}),
    });
  const resolved = rankByRefusal(view, resolveMentions(mentions, catalog, view));
  const ranked = rankByRefusal(
    view,
    mentions.map((mention) => ({ mention, operation: undefined })),
  );

  const evidence = gatherEvidence({
    text: view,
    catalog,
    paths: mentions,
    resolvedPaths: resolved.filter((r) => r.operation).map((r) => r.mention),
    refusalSentence: refusal !== undefined || oldStyle !== undefined,
    apiErrorLine: apiError !== undefined,
    errorBody,
    statusSentences: statusSentences(statusView(view)),
    foreignResponses: foreign,
  });

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
  const evidenceClass = classifyEvidence({
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
    bodyRefusal,
    otherVendor,
  });
  if (!wanted(evidenceClass)) return { kind: 'none' };
  const confidence = CONFIDENCE[evidenceClass];

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
    : resolved[0] && (!ranked[0] || resolved[0].rank <= ranked[0].rank)
      ? resolved[0]
      : ranked[0];
  let operation = target?.operation;
  // Without path mentions the SDK name was read already (the same view, the same answer).
  if (!operation && !surfaceRefused)
    operation = mentions.length === 0 ? sdkOperation : operationFromSdkName(view, catalog);
  // A path several methods share, with no method given: the one whose permissions the error names.
  if (!operation && target && !target.mention.method && missingPermissions.length > 0) {
    const fits = catalog
      .resolveAnyMethod(target.mention.path)
      .filter((op) => op.permissions.some((p) => missingPermissions.includes(p)));
    if (fits.length === 1) operation = fits[0];
  }
  const method = target?.mention.method ?? operation?.method;
  const path = target?.mention.path;
  const notAnOperation = !operation && path ? unknownOperation(catalog, method, path, around(view, path)) : undefined;
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
  // Built field by field in the order of the type (JSON and `Object.keys` read in this order); plain
  // assignments instead of conditional spreads, which allocate and copy an object per optional field.
  const f: Record<string, unknown> = { status: 403 };
  if (code) f.code = code;
  if (message) f.message = message;
  f.missingPermissions = missingPermissions;
  if (unknownPermissions.length > 0) f.unknownPermissions = unknownPermissions;
  f.held = heldReading.held;
  f.divisions = divisions;
  if (method) f.method = method;
  if (path) f.path = path;
  if (operation) f.operation = describeOperation(operation);
  if (notAnOperation) f.notAnOperation = notAnOperation;
  if (surface && !operation) f.surface = { kind: surface.kind, call: surface.call };
  if (contextId) f.contextId = contextId;
  if (region) f.region = region;
  if (clientId) f.clientId = clientId;
  if (userId) f.userId = userId;
  if (conversationId) f.conversationId = conversationId;
  f.source = source;
  f.likelyLayer = layer.layer;
  f.layerReason = layer.reason;
  f.secrets = scrubbed.secrets;
  f.confidence = confidence;
  f.evidence = evidenceClass;
  if (mentionsStatus(statusView(view), 401)) f.also401 = true;
  const finding = f as unknown as PasteFinding;
  // Read on demand (lazy.ts): only a reply that is rendered needs them.
  defineLazyPremises(finding, view);
  return { kind: 'genesys-403', finding };
}

/** The text within 1,000 characters of the first mention of `needle`: what a call's topic words are read from. */
function around(text: string, needle: string): string {
  if (text.length <= 2_000) return text;
  const at = Math.max(0, text.indexOf(needle));
  return text.slice(Math.max(0, at - 1_000), at + needle.length + 1_000);
}

function methodOf(value: string | undefined): HttpMethod | undefined {
  const upper = value?.toUpperCase();
  return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const).find((m) => m === upper);
}

/** Mentions whose path is a catalog operation (with the method when given, else the only method that fits). */
/** Any HTTP method named anywhere, as a word or a client call (`-X POST`, `.post(`, `"method":"PUT"`). */
const ANY_METHOD =
  /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD)\b|\.(?:post|put|patch|delete)\(|\b(?:-d|--data\S{0,8}|-X)\s|\b(?:posting|putting|patching|deleting)\b/;

function resolveMentions(mentions: PathMention[], catalog: Catalog, view: string): ResolvedMention[] {
  const out: ResolvedMention[] = [];
  // A full URL and no method anywhere: what a browser, a link or a plain `curl URL` sends, GET. Read only when
  // a mention needs it (a URL whose path several methods share).
  let urlMeansGet: boolean | undefined;
  for (const mention of mentions) {
    let operation: Operation | undefined;
    if (mention.method) operation = catalog.resolve(mention.method, mention.path);
    else {
      const candidates = catalog.resolveAnyMethod(mention.path);
      if (candidates.length === 1) operation = candidates[0];
      else if (
        mention.origin &&
        (urlMeansGet ??= !ANY_METHOD.test(view)) &&
        candidates.some((op) => op.method === 'GET')
      )
        operation = candidates.find((op) => op.method === 'GET');
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
    // Ranked on demand (lazy.ts): the detector needs only that the call is no operation.
    get nearest() {
      return settle(
        this,
        'nearest',
        nearestOperations(catalog, method, path, text).map((n) => describeOperation(n.operation)),
      );
    },
    set nearest(value) {
      settle(this, 'nearest', value);
    },
  };
}

/** requiredScope per operation: a pure function of the operation, asked for every finding that names one. */
const scopes = new WeakMap<Operation, ReturnType<typeof requiredScope> | null>();

function scopeOf(op: Operation): ReturnType<typeof requiredScope> {
  let known = scopes.get(op);
  if (known === undefined) scopes.set(op, (known = requiredScope(op) ?? null));
  // A copy: each finding owns its fields (in requiredScope's key order, without a spread's generic copy).
  if (known === null) return undefined;
  return {
    scope: known.scope,
    acceptsReadonly: known.acceptsReadonly,
    accepted: known.accepted.slice(),
    inferredFrom: known.inferredFrom,
  };
}

export function describeOperation(op: Operation): PastedOperation {
  const scope = scopeOf(op);
  const described: PastedOperation = {
    method: op.method,
    template: op.template,
    operationId: op.operationId,
    mode: op.mode,
    permissions: op.permissions.slice(),
  };
  if (scope) described.scope = scope;
  return described;
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
