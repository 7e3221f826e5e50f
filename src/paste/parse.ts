/**
 * parsePastedError: reads a Slack message and says whether it carries a Genesys Cloud 403 (and what it
 * says), another Genesys error status (with a one-line hint), or nothing for us.
 *
 * Order: cheap pre-filter → normalize and blank out secrets → read the fields → ask for Genesys evidence
 * → classify. Extraction reads only the secret-free text, so no field can carry a pasted credential.
 */
import { loadCatalog, stripToPath, type Catalog, type HttpMethod, type Operation } from '../catalog/catalog';
import { loadFolklore } from '../catalog/folklore';
import { nearestOperations } from '../catalog/nearest';
import { requiredScope } from '../catalog/scopes';
import { regionForHost } from '../genesys/regions';
import { gatherEvidence, isGenesys, type Evidence } from './evidence';
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
  /\b[45]\d\d\b|forbidden|unauthori[sz]ed|not[ ._-]authori[sz]ed|missing[ ._](?:any[ ._])?permission|following permission|following division|\.many\.requests|not\.found|bad\.request|invalid\.value|bad\.credentials|credentials\.expired|authentication\.required|API\s{1,4}Error/i;

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
  const code = findCode(view, json.code);
  const statusFound = findStatus(view, json.status ?? apiError?.status);

  const mentions = findPathMentions(view);
  if (json.path) mentions.unshift({ path: cleanPath(stripToPath(json.path)), ...(methodOf(json.method) ? { method: methodOf(json.method) } : {}) });
  const resolved = resolveMentions(mentions, catalog);

  const evidence = gatherEvidence({
    text: view,
    catalog,
    paths: mentions,
    resolvedPaths: resolved.map((r) => r.mention),
    refusalSentence: refusal !== undefined,
    apiErrorLine: apiError !== undefined,
    errorBody: json.errorBody ? json : undefined,
  });
  if (!isGenesys(evidence)) return { kind: 'none' };

  const saysRefused = refusal !== undefined || NOT_AUTHORIZED_SENTENCE.test(view);
  const status = statusFound.status ?? statusForCode(code) ?? (saysRefused ? 403 : undefined);
  if (status === undefined || status < 400) return { kind: 'none' };
  if (status !== 403) {
    return {
      kind: 'other-genesys-status',
      status,
      ...(code ? { code } : {}),
      hint: hintForStatus(status, code),
      secrets: scrubbed.secrets,
    };
  }

  // ---- the 403 finding ----
  const message = chooseMessage(json.message, apiError?.message, refusal?.message, view);
  const fromLists = splitPermissions([...(refusal?.permissions ?? []), ...json.messageParamValues]);
  const fromMessage = splitPermissions([message ?? '', json.messageWithParams ?? '']);
  const missingPermissions = [...fromLists.permissions];
  for (const p of fromMessage.permissions) pushUnique(missingPermissions, p);
  const divisions: string[] = [];
  for (const d of [...(refusal?.divisions ?? []), ...fromLists.divisions, ...fromMessage.divisions]) {
    if (/^[A-Za-z0-9*_-]{1,64}$/.test(d)) pushUnique(divisions, d);
  }

  const target = resolved[0] ?? (mentions[0] ? { mention: mentions[0], operation: undefined } : undefined);
  let operation = target?.operation;
  if (!operation) operation = operationFromSdkName(view, catalog);
  const method = target?.mention.method ?? operation?.method;
  const path = target?.mention.path;
  const notAnOperation = !operation && path ? unknownOperation(catalog, method, path, view) : undefined;
  const params = operation && path ? templateParams(operation.template, path) : {};

  const contextId = json.contextId ?? apiError?.correlationId ?? findContextId(view);
  const region = (target?.mention.origin ? regionForHost(target.mention.origin) : undefined) ?? evidence.region;
  const clientId = params.clientId ?? findClientId(view);
  const userId = params.userId ?? (operation?.template.startsWith('/api/v2/users/') ? params.subjectId : undefined) ?? findUserId(view);
  const conversationId = params.conversationId ?? findConversationId(view);

  const source = classifySource(view, scrubbed, json.errorBody, apiError !== undefined);
  const layer = notAnOperation
    ? { layer: 'unknown' as const, reason: 'the call is not a Genesys Cloud API operation, so no role or scope can make it work: use one of the real operations' }
    : likelyLayer({ code, message, missingPermissions, divisions, operation });
  const finding: PasteFinding = {
    status: 403,
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    missingPermissions,
    divisions,
    ...(method ? { method } : {}),
    ...(path ? { path } : {}),
    ...(operation ? { operation: describeOperation(operation) } : {}),
    ...(notAnOperation ? { notAnOperation } : {}),
    ...(contextId ? { contextId } : {}),
    ...(region ? { region } : {}),
    ...(clientId ? { clientId } : {}),
    ...(userId ? { userId } : {}),
    ...(conversationId ? { conversationId } : {}),
    source,
    likelyLayer: layer.layer,
    layerReason: layer.reason,
    secrets: scrubbed.secrets,
    confidence: confidenceOf(statusFound.structured || apiError !== undefined || json.errorBody, evidence, code, missingPermissions, contextId),
    premises: findPremises(view),
  };
  return { kind: 'genesys-403', finding };
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
    if (operation) out.push({ mention: mention.method ? mention : { ...mention, method: operation.method }, operation });
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
    if (name.startsWith('{') && name.endsWith('}') && value && !value.startsWith('{') && /^[A-Za-z0-9._~%-]{1,128}$/.test(value)) {
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
export function unknownOperation(catalog: Catalog, method: HttpMethod | undefined, path: string, text: string): NotAnOperation {
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

function classifySource(text: string, scrubbed: { escaped: boolean; plainJson: boolean }, errorBody: boolean, apiErrorLine: boolean): PasteSource {
  if (/genesyscloud_[a-z_]{2,60}|terraform|tf_export|CX as Code|Error: failed to/i.test(text) || (apiErrorLine && !/platformclientv2/.test(text))) {
    return 'terraform';
  }
  if (/^[ \t]{0,4}[<>][ \t]?(?:GET|POST|PUT|PATCH|DELETE|HEAD|HTTP\/)/m.test(text) || /\bcurl\s{1,3}(?:-|["']?https?:)/.test(text)) return 'curl';
  if (/(?:^|\n)[ \t]{0,4}(?:[$%#>][ \t]{0,2})?gc[ \t]{1,3}[a-z]{2,40}\b/.test(text) || /\bgc[ \t]{1,3}[a-z]{2,40}[ \t]{1,3}(?:list|get|create|update|delete)\b/.test(text)) return 'cli';
  if (/\bpostman/i.test(text)) return 'postman';
  if (
    /purecloud-platform-client-v2|PureCloudPlatformClientV2|com\.mypurecloud\.sdk|PureCloudPlatform\.Client\.V2|platformclientv2|platformClient|ApiException|Reason:\s{0,3}Forbidden|HTTP response body:|Error calling [A-Z]\w{0,80}:|statusText:\s{0,3}['"]Forbidden|Traceback \(most recent call last\)|AxiosError|Request failed with status code/.test(text)
  ) {
    return 'sdk';
  }
  if (/"(?:GET|POST|PUT|PATCH|DELETE|HEAD) \/[^"\n]{0,2000} HTTP\/[0-9.]{1,3}"\s{1,3}\d{3}/.test(text) || /^[ \t]{0,4}HTTP\/[0-9.]{1,3} [1-5]\d\d/m.test(text)) {
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
    return { layer: 'scope', reason: "the error itself mentions OAuth scope: the application's authorized scopes may not cover this operation" };
  }
  const targetsInteraction = operation !== undefined && /\{(?:conversationId|recordingId)\}/.test(operation.template);
  if ((code === 'not.authorized' || (message !== undefined && NOT_AUTHORIZED_SENTENCE.test(message))) && targetsInteraction) {
    return {
      layer: 'interaction',
      reason: 'not.authorized without a permission list on a specific conversation or recording: an unknown, archived or deleted interaction can be refused this way',
    };
  }
  if (code === 'not.authorized') {
    return { layer: 'unknown', reason: 'not.authorized names no permission: scope, role, product or the object itself can each cause it; run the full check' };
  }
  return { layer: 'unknown', reason: 'the paste names no permission or division; run the full check to see which layer refuses' };
}

function confidenceOf(
  structured: boolean,
  evidence: Evidence,
  code: string | undefined,
  missingPermissions: string[],
  contextId: string | undefined,
): 'high' | 'medium' {
  const specific = code !== undefined || missingPermissions.length > 0 || contextId !== undefined;
  return structured && specific && evidence.definitive.length > 0 ? 'high' : 'medium';
}

