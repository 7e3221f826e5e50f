/**
 * A third batch, written after the second batch's fixes and measured once before any further fix
 * (figures in BENCHMARKS.md). Written for this table; ids made up.
 */
import { near, type Row } from './types';

const CTX = '3c2b1a09-8f7e-4d6c-9b5a-493827160504';
const CONV = '44445555-6666-4777-8888-99990000aaaa';

export const fresh2: Row[] = [
  {
    id: 'fresh2-python-sdk-call-only',
    shape: 'sdk',
    text: "I'm using the Genesys Cloud Python SDK and routing_api.get_routing_queues() raises ApiException (403) Forbidden. Any idea?",
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/routing/queues' },
  },
  {
    id: 'fresh2-aggregates',
    shape: 'prose',
    text: 'Getting a 403 error on /api/v2/analytics/conversations/aggregates/query with Genesys Cloud client credentials.',
    expect: { decision: 'explain', confidence: 'medium', path: '/api/v2/analytics/conversations/aggregates/query' },
  },
  {
    id: 'fresh2-data-action-architect',
    shape: 'prose',
    text: "Architect data action failing: 'Request failed with status 403' calling POST /api/v2/users/{userId}/routingskills",
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/users/{userId}/routingskills',
    },
  },
  {
    id: 'fresh2-dash-forbidden-body',
    shape: 'body-no-context',
    text: '403 - Forbidden: {"message":"You are missing the following permission(s): [authorization:role:edit]","code":"missing.permissions","status":403}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['authorization:role:edit'],
    },
  },
  {
    id: 'fresh2-dotnet-httpresponse',
    shape: 'sdk',
    text: `StatusCode: 403, ReasonPhrase: 'Forbidden', Version: 1.1, Content: System.Net.Http.HttpConnectionResponseContent, Headers:\n{\n  ININ-Correlation-Id: ${CTX}\n  Date: Mon, 30 Nov 2026 10:00:00 GMT\n}`,
    expect: { decision: 'explain', confidence: 'high', contextId: CTX },
  },
  {
    id: 'fresh2-held-presence',
    shape: 'held',
    text: 'PATCH /api/v2/users/{userId}/presences/purecloud is returning 403 even though the role has presence:userPresence:edit',
    expect: { decision: 'explain', confidence: 'medium', method: 'PATCH', held: ['presence:userPresence:edit'] },
  },
  {
    id: 'fresh2-disconnect-no-product',
    shape: 'prose',
    text: `POST /api/v2/conversations/${CONV}/disconnect → 403 Forbidden`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/conversations/{conversationId}/disconnect',
    },
  },
  {
    id: 'fresh2-terraform-role',
    shape: 'terraform',
    text: `Error: Failed to update role Reporting: API Error: 403 - You are missing the following permission(s): [authorization:role:edit] (${CTX})`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['authorization:role:edit'], contextId: CTX },
  },
  {
    id: 'fresh2-java-forbidden',
    shape: 'sdk',
    text: 'com.mypurecloud.sdk.v2.ApiException: Forbidden\n\tat com.mypurecloud.sdk.v2.api.AnalyticsApi.postAnalyticsConversationsDetailsQuery(AnalyticsApi.java:2212)',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      template: '/api/v2/analytics/conversations/details/query',
    },
  },
  {
    id: 'fresh2-scim',
    shape: 'prose',
    text: 'Okta → Genesys Cloud SCIM provisioning: POST /api/v2/scim/v2/users returns 403 Forbidden',
    expect: { decision: 'explain', confidence: 'medium', method: 'POST', path: '/api/v2/scim/v2/users' },
  },
  {
    id: 'fresh2-kv-lowercase',
    shape: 'bullet',
    text: 'env: genesys cloud (mypurecloud.ie)\nmethod: post\nendpoint: /api/v2/recording/jobs\nresponse: 403',
    expect: { decision: 'explain', method: 'POST', template: '/api/v2/recording/jobs' },
  },
  {
    id: 'fresh2-websocket-js',
    shape: 'websocket',
    text: 'Genesys notifications: WebSocket connection to the channel connectUri failed: Error during WebSocket handshake: Unexpected response code: 403',
    expect: { decision: 'explain', confidence: 'medium', surface: 'notifications-websocket' },
  },
  {
    id: 'fresh2-oauth-403-json',
    shape: 'oauth-token',
    text: 'login.mypurecloud.com/oauth/token -> 403 {"error":"access_denied","description":"client disabled"}',
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token' },
  },
  near(
    'fresh2-zendesk-with-genesys',
    'other-service',
    'Our Zendesk app reads the Genesys agent status fine, but the Zendesk API /api/v2/users/me.json returns 403',
  ),
  near(
    'fresh2-best-practices',
    'tutorial',
    'How to avoid 403 when calling the Genesys Cloud API? Best practices please',
  ),
  near(
    'fresh2-sdk-retry-question',
    'hypothetical',
    'Is a 403 Forbidden from Genesys retried by the SDK on /api/v2/routing/queues, or does it throw right away?',
  ),
  near('fresh2-nginx-count', 'count-or-id', 'nginx: 403 requests=12 path=/healthz upstream=genesys-bridge'),
  near(
    'fresh2-jira',
    'other-service',
    'We got 403 on our internal Jira REST API /rest/api/2/issue today, the Genesys integration is fine',
  ),
  near(
    'fresh2-code-kotlin-genesys',
    'code-sample',
    '```kotlin\nif (response.code == 403) retryWithNewToken() // Genesys GET /api/v2/users/me\n```',
  ),
  near(
    'fresh2-pureconnect',
    'other-vendor',
    'PureConnect ICWS returns 403 on /icws/connection for the supervisor plugin',
  ),
  near(
    'fresh2-expected-test',
    'hypothetical',
    'Test case 12: without the role, GET /api/v2/routing/queues on Genesys should return 403.',
  ),
];
