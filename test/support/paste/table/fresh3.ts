/**
 * A fourth batch, written after the third batch's fixes and measured once before any further fix
 * (figures in BENCHMARKS.md). Written for this table; ids made up.
 */
import { near, type Row } from './types';

const CTX = '0d9c8b7a-6f5e-4d3c-8b2a-190817263544';

export const fresh3: Row[] = [
  {
    id: 'fresh3-salesforce-integration',
    shape: 'prose',
    text: 'Genesys Cloud for Salesforce: the softphone gets 403 on GET /api/v2/users/me/conversations/summary after the upgrade',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET' },
  },
  {
    id: 'fresh3-forum-code-block',
    shape: 'sdk',
    text: `Hi,\n\nI am calling the API from Node:\n\n\`\`\`\nconst api = new platformClient.RoutingApi();\nawait api.getRoutingQueues();\n\`\`\`\n\nand get:\n\n\`\`\`\n{"message":"You must have at least one of the following permissions assigned: [routing:queue:view]","code":"missing.any.permissions","status":403,"contextId":"${CTX}"}\n\`\`\`\n\nThanks!`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.any.permissions',
      permissions: ['routing:queue:view'],
      contextId: CTX,
      method: 'GET',
      template: '/api/v2/routing/queues',
    },
  },
  {
    id: 'fresh3-python-requests',
    shape: 'sdk',
    text: 'requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.mypurecloud.com/api/v2/analytics/users/details/query',
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/analytics/users/details/query' },
  },
  {
    id: 'fresh3-gc-cli',
    shape: 'prose',
    text: '$ gc routing queues list\nError: 403 Forbidden: You are missing the following permission(s): [routing:queue:view]',
    expect: { decision: 'explain', confidence: 'high', permissions: ['routing:queue:view'] },
  },
  {
    id: 'fresh3-cloudwatch-escaped',
    shape: 'body-no-context',
    text: '2026-11-30T10:00:00Z ERROR {"msg":"genesys failed","err":"{\\"message\\":\\"You are missing the following permission(s): [outbound:campaign:edit]\\",\\"code\\":\\"missing.permissions\\",\\"status\\":403}"}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['outbound:campaign:edit'],
    },
  },
  {
    id: 'fresh3-held-role-list',
    shape: 'held',
    text: 'Genesys Cloud: role "Integration" has these permissions: analytics:conversationDetail:view, analytics:userDetail:view\nStill 403 on POST /api/v2/analytics/conversations/details/query',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      held: ['analytics:conversationDetail:view', 'analytics:userDetail:view'],
      template: '/api/v2/analytics/conversations/details/query',
    },
  },
  {
    id: 'fresh3-status-first-prose',
    shape: 'prose',
    text: '403 Forbidden. That is all Genesys Cloud says when our bot calls PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'PUT',
      path: '/api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    },
  },
  {
    id: 'fresh3-go-sdk-ctx',
    shape: 'sdk',
    text: `Error: API Error: 403 - Unable to perform the requested action. You must have at least one of the following permissions assigned: [directory:user:edit] (${CTX})`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['directory:user:edit'], contextId: CTX },
  },
  near(
    'fresh3-salesforce-only',
    'other-service',
    'Salesforce REST: GET /services/data/v59.0/sobjects/Account returns 403 INSUFFICIENT_ACCESS for the integration user',
  ),
  near(
    'fresh3-docs-link',
    'tutorial',
    'Docs on Genesys 403 handling: https://developer.genesys.cloud/ (explains missing.permissions vs not.authorized)',
  ),
  near(
    'fresh3-metric',
    'count-or-id',
    'grafana: genesys_api_errors{status="403"} 0, {status="429"} 3 in the last hour',
  ),
  near(
    'fresh3-hypo-would-need',
    'hypothetical',
    'For POST /api/v2/recording/jobs you would need recording:job:add, otherwise Genesys answers 403.',
  ),
  near(
    'fresh3-code-python-except',
    'code-sample',
    "except ApiException as e:\n    if e.status == 403:\n        log.error('genesys /api/v2/flows refused')",
  ),
  near(
    'fresh3-retro',
    'chat',
    "retro note: last week's Genesys 403 outage on /api/v2/routing/queues was resolved by restoring the role",
  ),
];
