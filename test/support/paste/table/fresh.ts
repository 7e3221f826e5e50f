/**
 * A second batch, written after the parser was tuned on reports.ts and near-misses.ts and measured once
 * before any fix (figures in BENCHMARKS.md), so the table also says how the parser does on text it was
 * not shaped by. Written for this table; ids made up.
 */
import { near, type Row } from './types';

const CTX = '6e5d4c3b-2a19-4f08-8e7d-6c5b4a392817';
const CONV = '11112222-3333-4444-8555-666677778888';
const USER = '99998888-7777-4666-9555-444433332222';
const GROUP = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

export const fresh: Row[] = [
  {
    id: 'fresh-forum-question',
    shape: 'prose',
    text: `Hello, I am trying to pull agent status with the Genesys Cloud API. GET /api/v2/users/${USER}/presences/purecloud returns "403 Forbidden". What am I missing?`,
    // The catalog has a literal operation for the `purecloud` source (first written here as {sourceId}: the row was wrong).
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      template: '/api/v2/users/{userId}/presences/purecloud',
    },
  },
  {
    id: 'fresh-prose-forbidden-colon',
    shape: 'prose',
    text: 'PureCloud question: analytics/conversations/details/query => 403: Forbidden. POST /api/v2/analytics/conversations/details/query with a client credentials token.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/analytics/conversations/details/query',
    },
  },
  {
    id: 'fresh-prose-lowercase-method',
    shape: 'prose',
    text: 'genesys cloud returns 403 on post /api/v2/outbound/campaigns for my integration user',
    expect: { decision: 'explain', confidence: 'medium', path: '/api/v2/outbound/campaigns' },
  },
  {
    id: 'fresh-kv-yaml',
    shape: 'bullet',
    text: `genesys_request:\n  method: GET\n  url: https://api.mypurecloud.com/api/v2/groups/${GROUP}/members\nresponse:\n  status: 403`,
    expect: { decision: 'explain', confidence: 'high', method: 'GET', template: '/api/v2/groups/{groupId}/members' },
  },
  {
    id: 'fresh-kv-arrows',
    shape: 'bullet',
    text: 'Genesys Cloud\n→ endpoint: /api/v2/routing/queues/observations/query (POST)\n→ result: 403 Forbidden\n→ role: Supervisor',
    expect: { decision: 'explain', confidence: 'medium', method: 'POST' },
  },
  {
    id: 'fresh-body-messageWithParams',
    shape: 'body-no-context',
    text: '{"message":"You are missing the following permission(s): [outbound:contactList:view]","messageWithParams":"You are missing the following permission(s): {permissions}","messageParams":{"permissions":"outbound:contactList:view"},"code":"missing.permissions","status":403}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['outbound:contactList:view'],
    },
  },
  {
    id: 'fresh-body-single-quotes-js',
    shape: 'body-no-context',
    text: "Error: { message: 'You must have at least one of the following permissions assigned: [conversation:communication:view]', code: 'missing.any.permissions', status: 403 }",
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.any.permissions',
      permissions: ['conversation:communication:view'],
    },
  },
  {
    id: 'fresh-old-style-no-commas',
    shape: 'old-style',
    text: "We see: Permission is forbidden on domain 'directory' entity 'user' with action set '[edit]'",
    expect: { decision: 'explain', confidence: 'high', permissions: ['directory:user:edit'] },
  },
  {
    id: 'fresh-typographic-double',
    shape: 'typographic-quotes',
    text: 'Genesys response: “You are missing the following permission(s): [“routing:queue:edit”]” (403)',
    expect: { decision: 'explain', confidence: 'high', permissions: ['routing:queue:edit'] },
  },
  {
    id: 'fresh-foreign-shape-detail',
    shape: 'foreign-shaped-body',
    text: `Mulesoft log for https://api.mypurecloud.ie/api/v2/conversations/${CONV}: {"httpStatus":403,"detail":"Forbidden","traceId":"abc123"}`,
    // No method in the text and several methods share the path: the parser does not guess one (first written with a template).
    expect: { decision: 'explain', confidence: 'high', path: `/api/v2/conversations/${CONV}`, region: 'eu-west-1' },
  },
  {
    id: 'fresh-curl-powershell',
    shape: 'curl',
    text: 'Invoke-RestMethod -Uri "https://api.mypurecloud.com/api/v2/routing/queues" -Headers $h\nInvoke-RestMethod : The remote server returned an error: (403) Forbidden.',
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/routing/queues' },
  },
  {
    id: 'fresh-curl-no-api-prose',
    shape: 'curl-no-api',
    text: 'hitting https://api.euw2.pure.cloud/v2/flows gives a 403, token looks fine',
    expect: { decision: 'explain', confidence: 'high', path: '/api/v2/flows', region: 'eu-west-2' },
  },
  {
    id: 'fresh-sdk-python-keyword',
    shape: 'sdk',
    text: `PureCloudPlatformClientV2.rest.ApiException: (403)\nReason: Forbidden\nHTTP response body: {"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"contextId":"${CTX}"}`,
    expect: { decision: 'explain', confidence: 'high', code: 'not.authorized', contextId: CTX },
  },
  {
    id: 'fresh-sdk-js-stringified',
    shape: 'sdk',
    text: `Error: {"status":403,"statusText":"Forbidden","body":{"message":"You are missing the following permission(s): [analytics:queueObservation:view]","code":"missing.permissions","status":403},"error":{}} at platformClient.AnalyticsApi.postAnalyticsQueuesObservationsQuery`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      permissions: ['analytics:queueObservation:view'],
      template: '/api/v2/analytics/queues/observations/query',
    },
  },
  {
    id: 'fresh-terraform-plan',
    shape: 'terraform',
    text: `Error: error requesting page of routing queues: API Error: 403 - You must have at least one of the following permissions assigned: [routing:queue:view] (${CTX})\n\n  with data.genesyscloud_routing_queue.main`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['routing:queue:view'], contextId: CTX },
  },
  {
    id: 'fresh-ws-java',
    shape: 'websocket',
    text: 'javax.websocket.DeploymentException: Handshake error. 403 Forbidden connecting to wss://streaming.mypurecloud.com.au/channels/streaming-2-xyz',
    expect: { decision: 'explain', confidence: 'high', surface: 'notifications-websocket', region: 'ap-southeast-2' },
  },
  {
    id: 'fresh-oauth-token-python',
    shape: 'oauth-token',
    text: 'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://login.mypurecloud.jp/oauth/token',
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', region: 'ap-northeast-1' },
  },
  {
    id: 'fresh-not-an-op',
    shape: 'not-an-operation',
    text: 'Genesys Cloud says 403 for GET /api/v2/recording/screenrecordings/list',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      notAnOperation: true,
      path: '/api/v2/recording/screenrecordings/list',
    },
  },
  {
    id: 'fresh-placeholder-colon-style',
    shape: 'placeholder',
    text: 'Genesys returns 403 Forbidden on GET /api/v2/conversations/{conversationId}/recordings for archived calls',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      path: '/api/v2/conversations/{conversationId}/recordings',
      template: '/api/v2/conversations/{conversationId}/recordings',
    },
  },
  {
    id: 'fresh-held-scope-readonly',
    shape: 'held',
    text: 'The Genesys app has users:readonly and routing:readonly scopes assigned, but GET /api/v2/routing/skills is still forbidden (403).',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      held: ['users:readonly', 'routing:readonly'],
      template: '/api/v2/routing/skills',
    },
  },
  {
    id: 'fresh-held-with-role',
    shape: 'held',
    text: 'Genesys 403 on POST /api/v2/recording/jobs with recording:job:add in the client role.',
    expect: { decision: 'explain', confidence: 'medium', held: ['recording:job:add'], permissions: [] },
  },
  {
    id: 'fresh-secret-basic-python',
    shape: 'secret',
    text: `headers = {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic ${Buffer.from('cid-123:verysecretvalue').toString('base64')}"}\nPOST https://login.mypurecloud.com/oauth/token -> 403`,
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', secrets: ['basic-auth'] },
  },
  // near misses
  near(
    'fresh-vendor-freshdesk-json',
    'other-vendor',
    'GET https://acme.freshdesk.com/api/v2/contacts -> 403 {"code":"access_denied","message":"You are not authorized to perform this action."}',
  ),
  near(
    'fresh-vendor-zendesk-talk',
    'other-vendor',
    'Zendesk Talk: GET /api/v2/channels/voice/stats/current_queue_activity 403 Forbidden',
  ),
  near(
    'fresh-vendor-generic',
    'other-vendor',
    'Our ticketing vendor answers 403 {"code":"missing.permissions"} on POST /api/v2/tickets/bulk',
  ),
  near(
    'fresh-other-service-sharepoint',
    'other-service',
    'Genesys recordings download fine; uploading them to SharePoint gives 403 Forbidden (Access denied. You do not have permission)',
  ),
  near(
    'fresh-other-service-okta',
    'other-service',
    'SSO into Genesys works, but the Okta API /api/v1/users returns 403 E0000006 for the provisioning script',
  ),
  near(
    'fresh-tutorial-list',
    'tutorial',
    'Common causes of a Genesys 403: 1) the role lacks the permission 2) the division is wrong 3) the scope does not cover /api/v2/conversations',
  ),
  near(
    'fresh-tutorial-blog',
    'tutorial',
    'Blog: understanding 403 Forbidden from the Genesys Cloud Platform API (/api/v2/...) and what it means for your integration',
  ),
  near(
    'fresh-hypo-should',
    'hypothetical',
    'Should the Genesys integration treat a 403 from GET /api/v2/users/me as fatal or retry?',
  ),
  near(
    'fresh-hypo-expect',
    'hypothetical',
    'We expect a 403 from Genesys on /api/v2/routing/queues once the role is removed tomorrow, that is the test plan.',
  ),
  near(
    'fresh-code-kotlin',
    'code-sample',
    'when (e.code) { 403 -> showNoAccess() /* Genesys /api/v2/flows */ ; else -> throw e }',
  ),
  near(
    'fresh-code-js-includes',
    'code-sample',
    'if ([401, 403].includes(res.status)) return reauth(); // platformClient /api/v2/users/me',
  ),
  near(
    'fresh-count-agents-online',
    'count-or-id',
    'Genesys dashboard: 403 agents online, GET /api/v2/analytics/queues/observations/query OK',
  ),
  near(
    'fresh-id-extension',
    'count-or-id',
    'extension 403 moved to the new Genesys site; /api/v2/telephony/providers/edges/phones updated fine',
  ),
  near('fresh-chat-thanks', 'chat', 'thanks, the Genesys 403 is solved, it was the division'),
];
