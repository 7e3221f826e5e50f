/**
 * Reads the facts for one request with the fewest sequential round trips: the token first, then every
 * independent read at once. Nothing here throws for an API problem: each read becomes a Fact.
 */
import type { Operation } from '../catalog/catalog';
import { requirementDomains } from '../catalog/operation-rules';
import type { CallOptions, GenesysApi } from '../genesys/api';
import type { CallCounter } from '../genesys/call-counter';
import { factFrom, missingFact, type Facts, type IdentityRef } from './facts';

export interface GatherInput {
  orgName: string;
  expectedOrgId?: string;
  requiredProduct?: string;
  scopeEnforcement?: 'on' | 'off';
  identity: IdentityRef;
  operations: Operation[];
  interactionId?: string;
  recordingId?: string;
  /** sr-check's fixer client, when the org has fixer credentials. */
  fixerClientId?: string;
  fresh: boolean;
  now: () => number;
  /** Counts the requests sent for these facts (the verdict's API calls). */
  counter?: CallCounter;
}

export async function gatherFacts(api: GenesysApi, input: GatherInput): Promise<Facts> {
  const base = {
    orgName: input.orgName,
    expectedOrgId: input.expectedOrgId,
    requiredProduct: input.requiredProduct,
    scopeEnforcement: input.scopeEnforcement,
    operations: input.operations,
    identity: input.identity,
    interactionId: input.interactionId,
    recordingId: input.recordingId,
    ...(input.fixerClientId ? { fixerClientId: input.fixerClientId } : {}),
  };
  const diagnosticToken = factFrom(await api.ensureToken({ counter: input.counter }));
  if (!diagnosticToken.ok) {
    const reason = 'not read: no token';
    return {
      ...base,
      now: input.now(),
      diagnosticToken,
      tokenInfo: missingFact(reason),
      roles: missingFact(reason),
      products: missingFact(reason),
      recordingSettings: missingFact(reason),
    };
  }

  const opts: CallOptions = { fresh: input.fresh, counter: input.counter };
  const { clientId, userId } = input.identity;
  const conversationId = input.interactionId;
  // The org's assignable permissions (GET /api/v2/authorization/permissions): a needed permission it does not
  // list is one the licence lacks, which no role grants (not even one that carries it). Read with the first
  // round, so it costs no round trip; cached like the roles.
  // Of the domains the calls' requirements name only: the checks look up nothing else in it. A call that names
  // only texts with no domain (the SDK lists "content_management_user" for some) reads the whole list, as before.
  const needsPermissions = input.operations.some((op) => op.mode !== 'none' && op.permissions.length > 0);
  const permissionDomains = requirementDomains(input.operations);
  const [
    tokenInfo,
    client,
    subject,
    roles,
    products,
    recordingSettings,
    homeDivision,
    conversation,
    recordings,
    assignablePermissions,
    fixerClient,
  ] = await Promise.all([
    api.getTokenInfo(opts),
    clientId ? api.getOAuthClient(clientId, opts) : undefined,
    input.identity.kind === 'user' && userId ? api.getSubject(userId, opts) : undefined,
    api.listRoles(opts),
    api.getProducts(opts),
    api.getRecordingSettings(opts),
    // Where a proposed grant would go: the conversation's division, or else the home division.
    conversationId ? undefined : api.getHomeDivision(opts),
    conversationId ? api.getConversation(conversationId, opts) : undefined,
    conversationId ? api.getConversationRecordings(conversationId, opts) : undefined,
    needsPermissions
      ? api.listAssignablePermissions(permissionDomains.length > 0 ? permissionDomains : undefined, opts)
      : undefined,
    // The fixer's own roles: a grant to an OAuth client can only hand out a role the fixer holds.
    input.fixerClientId && input.identity.kind === 'oauth-client' && input.fixerClientId !== clientId
      ? api.getOAuthClient(input.fixerClientId, { ...opts, cached: true })
      : undefined,
  ]);
  // A follow-up read, only on the path that needs it (so the common path keeps two rounds): an app that is
  // not one of the org's clients may be an external app authorized in it.
  const recordingsFact = recordings && factFrom(recordings);
  const authorization =
    clientId && client && !client.ok && client.error.status === 404
      ? await api.getOAuthAuthorization(clientId, opts)
      : undefined;
  return {
    ...base,
    now: input.now(),
    diagnosticToken,
    tokenInfo: factFrom(tokenInfo),
    authorization: authorization && factFrom(authorization),
    assignablePermissions: assignablePermissions && factFrom(assignablePermissions),
    client: client && factFrom(client),
    fixerClient: fixerClient && factFrom(fixerClient),
    subject: subject && factFrom(subject),
    roles: factFrom(roles),
    products: factFrom(products),
    recordingSettings: factFrom(recordingSettings),
    homeDivision: homeDivision && factFrom(homeDivision),
    conversation: conversation && factFrom(conversation),
    recordings: recordingsFact,
  };
}
