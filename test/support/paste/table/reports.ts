/**
 * Genesys Cloud 403 reports in the shapes people write them (written for this table; ids made up).
 * Each row says what must be read: decision, confidence, and the fields a reply is built from.
 */
import type { Row } from './types';

const CONV = '5b2c1e7a-90d4-4c1b-8e3f-2a6d9c0b7e11';
const PART = 'c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b';
const CTX = '1f2e3d4c-5b6a-4789-8abc-def012345678';
const CTX2 = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const USER = '2d4f6a8c-1b3e-4d5f-9a7c-0e2b4d6f8a1c';
const QUEUE = '7c9e1a3b-5d7f-4b2e-8c4a-6e8f0b2d4c6a';
const BU = 'b7a6c5d4-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const FLOW = 'e1d2c3b4-a5f6-4e7d-8c9b-1a2b3c4d5e6f';
const DT = '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
const ACTION = 'custom_-_3f1e2d4c-5b6a-4789-8abc-def012345678';
const WEEK = '2026-11-30';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export const reports: Row[] = [
  // ---------- prose ----------
  {
    id: 'prose-analytics-held-scope',
    shape: 'prose',
    text: 'We get 403 Forbidden when calling POST /api/v2/analytics/conversations/details/query from our Genesys Cloud integration, even though the client has the analytics:readonly scope.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/analytics/conversations/details/query',
      template: '/api/v2/analytics/conversations/details/query',
      held: ['analytics:readonly'],
      permissions: [],
    },
  },
  {
    id: 'prose-parentheses',
    shape: 'prose',
    text: `Hi all, our Genesys wallboard stopped loading queue stats. The call (GET /api/v2/routing/queues/${QUEUE}/members) now returns a 403. Nothing changed on our side as far as I know.`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: `/api/v2/routing/queues/${QUEUE}/members`,
      template: '/api/v2/routing/queues/{queueId}/members',
    },
  },
  {
    id: 'prose-quoted-path',
    shape: 'prose',
    text: 'Genesys keeps answering "403 Forbidden" on "GET /api/v2/flows" for our CI user, any idea what permission is missing?',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: '/api/v2/flows',
      template: '/api/v2/flows',
    },
  },
  {
    id: 'prose-posting-to',
    shape: 'prose',
    text: 'Posting to /api/v2/outbound/campaigns gives me forbidden (403) in our PureCloud sandbox org. Role is Outbound Admin.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/outbound/campaigns',
      template: '/api/v2/outbound/campaigns',
    },
  },
  {
    id: 'prose-a-put-on',
    shape: 'prose',
    text: `A PUT on /api/v2/flows/${FLOW} fails with 403 in Genesys Cloud while a GET on the same flow works.`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'PUT',
      path: `/api/v2/flows/${FLOW}`,
      template: '/api/v2/flows/{flowId}',
    },
  },
  {
    id: 'prose-two-paragraphs',
    shape: 'prose',
    text: `Context: we run a nightly export from Genesys Cloud into our warehouse.\n\nSince Monday the job fails. The request is POST /api/v2/analytics/reporting/exports and the answer is HTTP 403. The OAuth client is client credentials.`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/analytics/reporting/exports',
      template: '/api/v2/analytics/reporting/exports',
    },
  },
  {
    id: 'prose-no-product-distinctive-path',
    shape: 'prose',
    text: 'getting 403 on POST /api/v2/recording/jobs since the role cleanup this morning',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/recording/jobs',
      template: '/api/v2/recording/jobs',
    },
  },
  {
    id: 'prose-host-is-high',
    shape: 'prose',
    text: 'calling https://api.mypurecloud.ie/api/v2/quality/evaluations/query returns 403 for the QA dashboard',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      path: '/api/v2/quality/evaluations/query',
      template: '/api/v2/quality/evaluations/query',
      region: 'eu-west-1',
    },
  },
  {
    id: 'prose-code-named',
    shape: 'prose',
    text: 'GET /api/v2/routing/skills comes back 403 missing.permissions for the sync user. Odd.',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      method: 'GET',
      path: '/api/v2/routing/skills',
      template: '/api/v2/routing/skills',
    },
  },
  {
    id: 'prose-get-request-to',
    shape: 'prose',
    text: 'Our Genesys bot gets a 403 Forbidden for a GET request to /api/v2/knowledge/knowledgebases. Which role do I need?',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: '/api/v2/knowledge/knowledgebases',
      template: '/api/v2/knowledge/knowledgebases',
    },
  },
  {
    id: 'prose-missing-named',
    shape: 'prose',
    text: 'Genesys says we are missing routing:queue:add when we POST /api/v2/routing/queues (403). The admin role should have it?',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/routing/queues',
      permissions: ['routing:queue:add'],
      held: [],
    },
  },
  {
    id: 'prose-deleting',
    shape: 'prose',
    text: `deleting /api/v2/routing/queues/${QUEUE} -> 403 forbidden in genesys, I am org admin`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'DELETE',
      path: `/api/v2/routing/queues/${QUEUE}`,
      template: '/api/v2/routing/queues/{queueId}',
    },
  },
  {
    id: 'prose-403s-plural',
    shape: 'prose',
    text: 'We started getting 403s on GET /api/v2/journey/actionmaps from the Genesys journey sync today.',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/journey/actionmaps' },
  },
  {
    id: 'prose-when-we-call',
    shape: 'prose',
    text: 'When we call GET /api/v2/gdpr/requests we get 403 Forbidden. This is Genesys Cloud, client credentials grant.',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/gdpr/requests' },
  },
  {
    id: 'prose-if-i-call-i-get',
    shape: 'prose',
    text: 'If I call POST /api/v2/conversations/callbacks I get a 403 from Genesys Cloud, every time.',
    expect: { decision: 'explain', confidence: 'medium', method: 'POST', template: '/api/v2/conversations/callbacks' },
  },
  {
    id: 'prose-permission-denied-wording',
    shape: 'prose',
    text: 'PureCloud API says permission denied (403) on GET /api/v2/authorization/roles for the new reporting app.',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/authorization/roles' },
  },
  {
    id: 'prose-path-then-method',
    shape: 'prose',
    text: 'Genesys: /api/v2/externalcontacts/contacts (POST) answers 403 for our CRM connector.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/externalcontacts/contacts',
    },
  },

  {
    id: 'prose-path-without-slash',
    shape: 'prose',
    text: 'Genesys Cloud: calling api/v2/routing/wrapupcodes with GET gives 403 Forbidden for the new bot',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      path: '/api/v2/routing/wrapupcodes',
      template: '/api/v2/routing/wrapupcodes',
    },
  },
  {
    id: 'prose-path-without-api',
    shape: 'prose',
    text: 'In Genesys the GET /v2/authorization/roles call answers 403 for our audit script',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: '/api/v2/authorization/roles',
      template: '/api/v2/authorization/roles',
    },
  },

  // ---------- bullet / key-value ----------
  {
    id: 'kv-endpoint-status-scope',
    shape: 'bullet',
    text: `Product: Genesys Cloud\nEndpoint: POST /api/v2/analytics/users/details/query\nStatus: 403\nScope: analytics\nGrant: client credentials`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/analytics/users/details/query',
      held: ['analytics'],
    },
  },
  {
    id: 'kv-error-line-access-denied',
    shape: 'bullet',
    text: `- Platform: Genesys Cloud (eu-central-1)\n- Endpoint: GET /api/v2/flows/datatables/${DT}/rows\n- Error: 403 Forbidden (Access Denied)\n- Role: custom "Datatable Reader"`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: `/api/v2/flows/datatables/${DT}/rows`,
      template: '/api/v2/flows/datatables/{datatableId}/rows',
    },
  },
  {
    id: 'kv-method-path-separate',
    shape: 'bullet',
    text: `Genesys issue\nMethod: PATCH\nURL: https://api.usw2.pure.cloud/api/v2/conversations/calls/${CONV}/participants/${PART}\nResponse code: 403`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'PATCH',
      template: '/api/v2/conversations/calls/{conversationId}/participants/{participantId}',
      region: 'us-west-2',
    },
  },
  {
    id: 'kv-bullets-with-permissions-held',
    shape: 'bullet',
    text: `* API: Genesys Cloud Platform API\n* Call: POST /api/v2/integrations/actions/${ACTION}/execute\n* Result: 403\n* Permissions: integrations:action:view, integrations:action:edit`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/integrations/actions/{actionId}/execute',
      held: ['integrations:action:view', 'integrations:action:edit'],
      permissions: [],
    },
  },
  {
    id: 'kv-http-status-line',
    shape: 'bullet',
    text: `Request: GET https://api.mypurecloud.de/api/v2/analytics/conversations/${CONV}/details\nHTTP status: 403\nCorrelation-Id: ${CTX}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      template: '/api/v2/analytics/conversations/{conversationId}/details',
      contextId: CTX,
      region: 'eu-central-1',
    },
  },
  {
    id: 'kv-status-then-endpoint',
    shape: 'bullet',
    text: `Status: 403 Forbidden\nCode: missing.permissions\nEndpoint: POST /api/v2/workforcemanagement/businessunits/${BU}/weeks/${WEEK}/schedules`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      method: 'POST',
      template: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules',
    },
  },
  {
    id: 'kv-missing-line',
    shape: 'bullet',
    text: `Genesys Cloud 403\nEndpoint: GET /api/v2/telephony/providers/edges\nMissing: telephony:plugin:all\nGranted scopes: telephony:readonly`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      template: '/api/v2/telephony/providers/edges',
      permissions: ['telephony:plugin:all'],
      held: ['telephony:readonly'],
    },
  },
  {
    id: 'kv-table-pipes',
    shape: 'bullet',
    text: `| field | value |\n| endpoint | GET /api/v2/outbound/campaigns |\n| status | 403 |\n| org | Genesys Cloud prod |`,
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/outbound/campaigns' },
  },

  // ---------- Genesys bodies without contextId ----------
  {
    id: 'body-missing-permissions-no-context',
    shape: 'body-no-context',
    text: '{"message": "You are missing the following permission(s): [quality:evaluation:view]", "code": "missing.permissions", "status": 403}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['quality:evaluation:view'],
      layer: 'role',
    },
  },
  {
    id: 'body-missing-any-no-context-pretty',
    shape: 'body-no-context',
    text: `got this back:\n{\n  "message": "Unable to perform the requested action. You must have at least one of the following permissions assigned: [analytics:conversationDetail:view, analytics:agentConversationDetail:view]",\n  "code": "missing.any.permissions",\n  "status": 403\n}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.any.permissions',
      permissions: ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'],
    },
  },
  {
    id: 'body-not-authorized-no-context',
    shape: 'body-no-context',
    text: '{"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403}',
    expect: { decision: 'explain', confidence: 'high', code: 'not.authorized', permissions: [] },
  },
  {
    id: 'body-code-first-no-status',
    shape: 'body-no-context',
    text: '{"code":"missing.permissions","message":"You are missing the following permission(s): [outbound:campaign:add]"}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['outbound:campaign:add'],
    },
  },
  {
    id: 'body-python-dict-no-context',
    shape: 'body-no-context',
    text: "{'message': 'You are missing the following permission(s): [architect:datatableRow:add]', 'code': 'missing.permissions', 'status': 403}",
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['architect:datatableRow:add'],
    },
  },
  {
    id: 'body-with-path-no-context',
    shape: 'body-no-context',
    text: `POST /api/v2/flows/datatables/${DT}/rows\n{"message":"You must have at least one of the following permissions assigned: [architect:datatable:add, architect:datatableRow:add]","code":"missing.any.permissions","status":403}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.any.permissions',
      method: 'POST',
      template: '/api/v2/flows/datatables/{datatableId}/rows',
      permissions: ['architect:datatable:add', 'architect:datatableRow:add'],
    },
  },
  {
    id: 'body-division-no-context',
    shape: 'body-no-context',
    text: '{"message":"You are missing the following permission(s): [] in at least one of the following division(s): [a1b2c3d4-0000-4000-8000-00000000000a]","code":"missing.permissions","status":403}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: [],
      layer: 'division',
    },
  },
  {
    id: 'body-escaped-in-log-no-context',
    shape: 'body-no-context',
    text: 'level=error msg="genesys call failed" body="{\\"message\\":\\"You are missing the following permission(s): [routing:wrapupCode:view]\\",\\"code\\":\\"missing.permissions\\",\\"status\\":403}" path=/api/v2/routing/wrapupcodes',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['routing:wrapupCode:view'],
      template: '/api/v2/routing/wrapupcodes',
    },
  },

  // ---------- old-style sentence ----------
  {
    id: 'old-style-responses',
    shape: 'old-style',
    text: "Permission is forbidden on domain, 'responses', entity 'response', with action set '[view]'",
    expect: { decision: 'explain', confidence: 'high', permissions: ['responses:response:view'], layer: 'role' },
  },
  {
    id: 'old-style-in-body',
    shape: 'old-style',
    text: `GET /api/v2/responsemanagement/responses -> {"status":403,"code":"forbidden","message":"Permission is forbidden on domain, 'responses', entity 'response', with action set '[view]'"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      template: '/api/v2/responsemanagement/responses',
      permissions: ['responses:response:view'],
    },
  },
  {
    id: 'old-style-two-actions',
    shape: 'old-style',
    text: "Genesys returned: Permission is forbidden on domain, 'routing', entity 'queue', with action set '[view, edit]'",
    expect: { decision: 'explain', confidence: 'high', permissions: ['routing:queue:view', 'routing:queue:edit'] },
  },
  {
    id: 'old-style-typographic',
    shape: 'old-style',
    text: 'Error 403: Permission is forbidden on domain, ‘wfm’, entity ‘schedule’, with action set ‘[edit]’',
    expect: { decision: 'explain', confidence: 'high', permissions: ['wfm:schedule:edit'] },
  },
  {
    id: 'old-style-sdk-exception',
    shape: 'old-style',
    text: 'PureCloudPlatformClientV2.rest.ApiException: (403)\nReason: Forbidden\nHTTP response body: {"message":"Permission is forbidden on domain, \'quality\', entity \'evaluation\', with action set \'[view]\'","code":"forbidden","status":403}',
    expect: { decision: 'explain', confidence: 'high', permissions: ['quality:evaluation:view'] },
  },

  // ---------- typographic quotes ----------
  {
    id: 'typographic-permission',
    shape: 'typographic-quotes',
    text: 'Genesys says “You are missing the following permission(s): [‘wfm:schedule:write’]” when we publish the schedule, 403.',
    expect: { decision: 'explain', confidence: 'high', permissions: ['wfm:schedule:write'] },
  },
  {
    id: 'typographic-json-keys',
    shape: 'typographic-quotes',
    text: '{“message”: “You are missing the following permission(s): [routing:skill:assign]”, “code”: “missing.permissions”, “status”: 403}',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['routing:skill:assign'],
    },
  },
  {
    id: 'typographic-message-single',
    shape: 'typographic-quotes',
    text: `the Genesys API (403) told us we need the ‘directory:user:edit’ permission for POST /api/v2/users/${USER}/externalid`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      template: '/api/v2/users/{userId}/externalid',
      permissions: ['directory:user:edit'],
    },
  },
  {
    id: 'typographic-curly-code',
    shape: 'typographic-quotes',
    text: 'Response from api.mypurecloud.com: “403 Forbidden”, code “missing.permissions”, message “You are missing the following permission(s): [gdpr:request:view]”',
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['gdpr:request:view'],
    },
  },
  {
    id: 'typographic-apostrophes-prose',
    shape: 'typographic-quotes',
    text: 'We’re getting 403 on ‘GET /api/v2/routing/wrapupcodes’ in Genesys Cloud, the role doesn’t seem to matter.',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/routing/wrapupcodes' },
  },

  // ---------- bodies not Genesys-shaped, pasted from Genesys calls ----------
  {
    id: 'foreign-shape-errors-array',
    shape: 'foreign-shaped-body',
    text: `POST https://api.mypurecloud.com/api/v2/analytics/queues/observations/query\n{"errors": [{"status": "403", "detail": "Access to the requested resource is forbidden"}]}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      template: '/api/v2/analytics/queues/observations/query',
    },
  },
  {
    id: 'foreign-shape-status-code',
    shape: 'foreign-shaped-body',
    text: `our middleware logged this for the Genesys call GET /api/v2/externalcontacts/organizations: {"status_code": 403, "reason": "Forbidden", "trace_id": "9f8e7d6c5b4a"}`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      template: '/api/v2/externalcontacts/organizations',
    },
  },
  {
    id: 'foreign-shape-insufficient-scope',
    shape: 'foreign-shaped-body',
    text: `GET https://api.cac1.pure.cloud/api/v2/quality/evaluations/query\n403 {"error":"insufficient_scope","error_description":"The token does not carry the quality scope"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'insufficient_scope',
      template: '/api/v2/quality/evaluations/query',
      layer: 'scope',
      region: 'ca-central-1',
    },
  },
  {
    id: 'foreign-shape-smart-quotes',
    shape: 'foreign-shaped-body',
    text: 'Genesys Cloud answered {“status_code”: 403, “error”: “Forbidden”} on GET /api/v2/routing/queues',
    expect: { decision: 'explain', confidence: 'medium', method: 'GET', template: '/api/v2/routing/queues' },
  },
  {
    id: 'foreign-shape-gateway-json',
    shape: 'foreign-shaped-body',
    text: `Through our API gateway: {"statusCode":403,"error":"Forbidden","message":"upstream api.euw2.pure.cloud answered 403","trace_id":"4bf92f3577b34da6"} for GET /api/v2/outbound/campaigns`,
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/outbound/campaigns', region: 'eu-west-2' },
  },
  {
    id: 'foreign-shape-error-description',
    shape: 'foreign-shaped-body',
    text: `Genesys data action to POST /api/v2/conversations/callbacks failed: {"error":"access_denied","error_description":"forbidden"} (HTTP 403)`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      code: 'access_denied',
      template: '/api/v2/conversations/callbacks',
    },
  },
  {
    id: 'foreign-shape-problem-json',
    shape: 'foreign-shaped-body',
    text: `https://api.aps1.pure.cloud/api/v2/knowledge/knowledgebases\n{"type":"about:blank","title":"Forbidden","status":403,"detail":"You are missing the following permission(s): [knowledge:knowledgebase:view]"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      template: '/api/v2/knowledge/knowledgebases',
      permissions: ['knowledge:knowledgebase:view'],
      region: 'ap-south-1',
    },
  },
  {
    id: 'foreign-shape-errors-array-trace',
    shape: 'foreign-shaped-body',
    text: `{"errors":[{"status":"403","code":"FORBIDDEN","detail":"not allowed"}],"trace_id":"77aa"} <- from GET https://api.mypurecloud.jp/api/v2/routing/skills`,
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/routing/skills', region: 'ap-northeast-1' },
  },

  // ---------- curl ----------
  {
    id: 'curl-x-post-body',
    shape: 'curl',
    text: `curl -s -X POST https://api.mypurecloud.com/api/v2/analytics/conversations/details/query -H "Content-Type: application/json" -d '{"interval":"2026-11-01/2026-11-30"}'\n{"message":"You must have at least one of the following permissions assigned: [analytics:conversationDetail:view, analytics:agentConversationDetail:view]","code":"missing.any.permissions","status":403,"contextId":"${CTX}"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.any.permissions',
      method: 'POST',
      template: '/api/v2/analytics/conversations/details/query',
      contextId: CTX,
      region: 'us-east-1',
    },
  },
  {
    id: 'curl-i-status-line',
    shape: 'curl',
    text: `$ curl -i https://api.usw2.pure.cloud/api/v2/routing/wrapupcodes\nHTTP/2 403\ncontent-type: application/json\ninin-correlation-id: ${CTX2}\n\n{"message":"You are missing the following permission(s): [routing:wrapupCode:view]","code":"missing.permissions","status":403}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      method: 'GET',
      template: '/api/v2/routing/wrapupcodes',
      permissions: ['routing:wrapupCode:view'],
      contextId: CTX2,
      region: 'us-west-2',
    },
  },
  {
    id: 'curl-gov-host',
    shape: 'curl',
    text: `curl https://api.use2.us-gov-pure.cloud/api/v2/authorization/roles -> HTTP/1.1 403 Forbidden`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      template: '/api/v2/authorization/roles',
      region: 'us-east-2',
    },
  },
  {
    id: 'curl-verbose-v',
    shape: 'curl',
    text: `> DELETE /api/v2/routing/queues/${QUEUE} HTTP/1.1\n> Host: api.mypurecloud.com.au\n< HTTP/1.1 403 Forbidden\n< ININ-Correlation-Id: ${CTX}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'DELETE',
      template: '/api/v2/routing/queues/{queueId}',
      contextId: CTX,
      region: 'ap-southeast-2',
    },
  },
  {
    id: 'curl-request-put-long-flag',
    shape: 'curl',
    text: `curl --request PUT "https://api.sae1.pure.cloud/api/v2/flows/${FLOW}" --data @flow.json\n403 Forbidden`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'PUT',
      template: '/api/v2/flows/{flowId}',
      region: 'sa-east-1',
    },
  },
  {
    id: 'curl-no-scheme-host',
    shape: 'curl',
    text: 'curl api.mypurecloud.de/api/v2/gdpr/requests gives 403',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      template: '/api/v2/gdpr/requests',
      region: 'eu-central-1',
    },
  },

  // ---------- curl without /api ----------
  {
    id: 'curl-no-api-users-me',
    shape: 'curl-no-api',
    text: 'curl -H "Authorization: Bearer $TOKEN" https://api.mypurecloud.com/v2/routing/queues -> 403 Forbidden',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      path: '/api/v2/routing/queues',
      template: '/api/v2/routing/queues',
    },
  },
  {
    id: 'curl-no-api-post',
    shape: 'curl-no-api',
    text: `curl -X POST https://api.mypurecloud.ie/v2/recording/jobs -d @job.json\n{"message":"You are missing the following permission(s): [recording:job:add]","code":"missing.permissions","status":403}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      path: '/api/v2/recording/jobs',
      template: '/api/v2/recording/jobs',
      permissions: ['recording:job:add'],
    },
  },
  {
    id: 'curl-no-api-region-host',
    shape: 'curl-no-api',
    text: 'curl https://api.apne2.pure.cloud/v2/analytics/reporting/exports\nHTTP/1.1 403 Forbidden',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      path: '/api/v2/analytics/reporting/exports',
      region: 'ap-northeast-2',
    },
  },
  {
    id: 'curl-no-api-not-an-op',
    shape: 'curl-no-api',
    text: 'curl -X POST https://api.mypurecloud.com/v2/interaction/screenrecordings -> 403',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      path: '/api/v2/interaction/screenrecordings',
      notAnOperation: true,
    },
  },

  // ---------- SDK exceptions ----------
  {
    id: 'sdk-js-error-object',
    shape: 'sdk',
    text: `{ status: 403, statusText: 'Forbidden', body: { message: 'You are missing the following permission(s): [routing:queue:view]', code: 'missing.permissions', status: 403, contextId: '${CTX}' } }\n    at node_modules/purecloud-platform-client-v2/dist/node/purecloud-platform-client-v2.js:1212:17`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      permissions: ['routing:queue:view'],
      contextId: CTX,
    },
  },
  {
    id: 'sdk-python-snake-call',
    shape: 'sdk',
    text: `  File "sync.py", line 12, in main\n    api.post_analytics_users_details_query(body)\nPureCloudPlatformClientV2.rest.ApiException: (403)\nReason: Forbidden\nHTTP response body: {"message":"You are missing the following permission(s): [analytics:userDetail:view]","code":"missing.permissions","status":403,"contextId":"${CTX}"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      method: 'POST',
      template: '/api/v2/analytics/users/details/query',
      permissions: ['analytics:userDetail:view'],
      contextId: CTX,
    },
  },
  {
    id: 'sdk-java-camel',
    shape: 'sdk',
    text: `com.mypurecloud.sdk.v2.ApiException: You must have at least one of the following permissions assigned: [outbound:campaign:view]\n\tat com.mypurecloud.sdk.v2.api.OutboundApi.getOutboundCampaigns(OutboundApi.java:8120)`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      template: '/api/v2/outbound/campaigns',
      permissions: ['outbound:campaign:view'],
    },
  },
  {
    id: 'sdk-dotnet-error-calling',
    shape: 'sdk',
    text: `PureCloudPlatform.Client.V2.Client.ApiException: Error calling GetRoutingQueues: {"message":"You are missing the following permission(s): [routing:queue:view]","code":"missing.permissions","status":403,"contextId":"${CTX2}"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'missing.permissions',
      method: 'GET',
      template: '/api/v2/routing/queues',
      contextId: CTX2,
    },
  },
  {
    id: 'sdk-go-api-error',
    shape: 'sdk',
    text: `platformclientv2: API Error: 403 - You are missing the following permission(s): [architect:flow:view] (${CTX})`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['architect:flow:view'], contextId: CTX },
  },
  {
    id: 'sdk-js-platformclient-prose',
    shape: 'sdk',
    text: `platformClient.UsersApi getUserRoutingskills -> Error: Forbidden (status 403), code not.authorized`,
    expect: { decision: 'explain', confidence: 'high', code: 'not.authorized' },
  },
  {
    id: 'sdk-axios-no-body-message',
    shape: 'sdk',
    text: `AxiosError: Request failed with status code 403\n  config: { url: 'https://api.mypurecloud.com/api/v2/scim/users', method: 'get' }`,
    expect: { decision: 'explain', confidence: 'high', method: 'GET', template: '/api/v2/scim/users' },
  },
  {
    id: 'sdk-java-not-authorized-body',
    shape: 'sdk',
    text: `com.mypurecloud.sdk.v2.ApiException: {"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"contextId":"${CTX}"}\n\tat com.mypurecloud.sdk.v2.api.ConversationsApi.getConversation(ConversationsApi.java:4410)`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      code: 'not.authorized',
      template: '/api/v2/conversations/{conversationId}',
      contextId: CTX,
    },
  },

  // ---------- Terraform ----------
  {
    id: 'tf-api-error-line',
    shape: 'terraform',
    text: `│ Error: Failed to create queue: API Error: 403 - You are missing the following permission(s): [routing:queue:add] (${CTX})\n│\n│   with genesyscloud_routing_queue.support,`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['routing:queue:add'], contextId: CTX },
  },
  {
    id: 'tf-api-error-no-correlation',
    shape: 'terraform',
    text: 'Error: API Error: 403 - Unable to perform the requested action. You must have at least one of the following permissions assigned: [architect:datatable:add]\n  on main.tf line 12, in resource "genesyscloud_architect_datatable" "lookup":',
    expect: { decision: 'explain', confidence: 'high', permissions: ['architect:datatable:add'] },
  },
  {
    id: 'tf-export-typographic',
    shape: 'terraform',
    text: `genesyscloud_tf_export.export: Error: failed to read flows: API Error: 403 - Missing permission ‘architect:flow:view’ (${CTX2})`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['architect:flow:view'], contextId: CTX2 },
  },
  {
    id: 'tf-windows-gutter',
    shape: 'terraform',
    text: `| Error: API Error: 403 - You are not authorized to perform the requested action. (${CTX})\n|   with genesyscloud_user.agent1`,
    expect: { decision: 'explain', confidence: 'high', contextId: CTX },
  },
  {
    id: 'tf-json-log',
    shape: 'terraform',
    text: `{"@level":"error","@message":"API Error: 403 - You are missing the following permission(s): [wfm:schedule:add] (${CTX})","resource":"genesyscloud_wfm_schedule"}`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['wfm:schedule:add'], contextId: CTX },
  },

  // ---------- Notification API WebSocket ----------
  {
    id: 'ws-unexpected-response',
    shape: 'websocket',
    text: 'Error: Unexpected server response: 403\n    at ClientRequest.<anonymous> (node_modules/ws/lib/websocket.js:913:7)\nconnecting to wss://streaming.mypurecloud.com/channels/streaming-0-8f3c2b1a',
    expect: { decision: 'explain', confidence: 'high', surface: 'notifications-websocket', region: 'us-east-1' },
  },
  {
    id: 'ws-prose-region',
    shape: 'websocket',
    text: 'our notification websocket (wss://streaming.euw2.pure.cloud/channels/streaming-1-abc) gets 403 on connect since this morning',
    expect: { decision: 'explain', confidence: 'high', surface: 'notifications-websocket', region: 'eu-west-2' },
  },
  {
    id: 'ws-prose-no-host',
    shape: 'websocket',
    text: 'Genesys notification API websocket handshake fails with 403 for the wallboard service',
    expect: { decision: 'explain', confidence: 'medium', surface: 'notifications-websocket' },
  },
  {
    id: 'ws-python-websockets',
    shape: 'websocket',
    text: 'websockets.exceptions.InvalidStatusCode: server rejected WebSocket connection: HTTP 403 (wss://streaming.mypurecloud.de/channels/streaming-3-x1)',
    expect: { decision: 'explain', confidence: 'high', surface: 'notifications-websocket', region: 'eu-central-1' },
  },

  // ---------- POST /oauth/token ----------
  {
    id: 'oauth-token-login-host',
    shape: 'oauth-token',
    text: 'POST https://login.mypurecloud.ie/oauth/token returns 403 Forbidden for our client credentials app',
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', layer: 'login', region: 'eu-west-1' },
  },
  {
    id: 'oauth-token-curl',
    shape: 'oauth-token',
    text: 'curl -X POST https://login.usw2.pure.cloud/oauth/token -d grant_type=client_credentials\n< HTTP/1.1 403 Forbidden',
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', layer: 'login', region: 'us-west-2' },
  },
  {
    id: 'oauth-token-prose',
    shape: 'oauth-token',
    text: 'Genesys Cloud: POST /oauth/token answers 403 when our service logs in, no body',
    expect: { decision: 'explain', confidence: 'medium', surface: 'oauth-token', layer: 'login' },
  },
  {
    id: 'oauth-token-sdk',
    shape: 'oauth-token',
    text: 'PureCloudPlatformClientV2 loginClientCredentialsGrant failed: 403 Forbidden from https://login.mypurecloud.com.au/oauth/token',
    expect: {
      decision: 'explain',
      confidence: 'high',
      surface: 'oauth-token',
      layer: 'login',
      region: 'ap-southeast-2',
    },
  },

  // ---------- paths that are no operation ----------
  {
    id: 'not-an-op-screenrecordings',
    shape: 'not-an-operation',
    text: 'Genesys gives 403 on POST /api/v2/interaction/screenrecordings even with screen_recording:write',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/interaction/screenrecordings',
      notAnOperation: true,
    },
  },
  {
    id: 'not-an-op-host',
    shape: 'not-an-operation',
    text: 'GET https://api.mypurecloud.com/api/v2/recordings/screens -> 403 Forbidden',
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'GET',
      path: '/api/v2/recordings/screens',
      notAnOperation: true,
    },
  },
  {
    id: 'not-an-op-wrong-method',
    shape: 'not-an-operation',
    text: 'Genesys Cloud: GET /api/v2/analytics/conversations/details/query is 403 for us',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: '/api/v2/analytics/conversations/details/query',
      notAnOperation: true,
    },
  },
  {
    id: 'not-an-op-body',
    shape: 'not-an-operation',
    text: `POST /api/v2/screenrecording/export\n{"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"contextId":"${CTX}"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      path: '/api/v2/screenrecording/export',
      notAnOperation: true,
      contextId: CTX,
    },
  },

  // ---------- placeholders kept whole ----------
  {
    id: 'placeholder-email-replace',
    shape: 'placeholder',
    text: 'Genesys 403 on POST /api/v2/conversations/emails/{conversationId}/participants/{participantId}/replace when transferring',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'POST',
      path: '/api/v2/conversations/emails/{conversationId}/participants/{participantId}/replace',
      template: '/api/v2/conversations/emails/{conversationId}/participants/{participantId}/replace',
    },
  },
  {
    id: 'placeholder-wfm-schedules',
    shape: 'placeholder',
    text: 'Endpoint: GET /api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules\nStatus: 403\n(Genesys Cloud WFM)',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'GET',
      path: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules',
      template: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules',
    },
  },
  {
    id: 'placeholder-in-quotes',
    shape: 'placeholder',
    text: 'Genesys returns 403 for "PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}" from the agent script',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      method: 'PATCH',
      path: '/api/v2/conversations/calls/{conversationId}/participants/{participantId}',
      template: '/api/v2/conversations/calls/{conversationId}/participants/{participantId}',
    },
  },
  {
    id: 'placeholder-messages',
    shape: 'placeholder',
    text: `{"message":"You must have at least one of the following permissions assigned: [conversation:message:create, conversation:webmessaging:create]","code":"missing.any.permissions","status":403} on POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      method: 'POST',
      path: '/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages',
      code: 'missing.any.permissions',
    },
  },

  // ---------- held ----------
  {
    id: 'held-role-has-permission',
    shape: 'held',
    text: 'Genesys Cloud 403 on GET /api/v2/routing/queues although the role already has routing:queue:view. Client credentials.',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      template: '/api/v2/routing/queues',
      held: ['routing:queue:view'],
      permissions: [],
    },
  },
  {
    id: 'held-vs-missing-body',
    shape: 'held',
    text: `The client has analytics:conversationDetail:view but Genesys still answers:\n{"message":"You must have at least one of the following permissions assigned: [analytics:userDetail:view]","code":"missing.any.permissions","status":403,"contextId":"${CTX}"}`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      held: ['analytics:conversationDetail:view'],
      permissions: ['analytics:userDetail:view'],
      contextId: CTX,
    },
  },
  {
    id: 'held-scopes-list',
    shape: 'held',
    text: `Our Genesys app was authorized with scopes: conversations, conversations:readonly, users:readonly — still 403 on GET /api/v2/conversations/${CONV}`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      template: '/api/v2/conversations/{conversationId}',
      held: ['conversations', 'conversations:readonly', 'users:readonly'],
    },
  },
  {
    id: 'held-granted-and-needs',
    shape: 'held',
    text: 'We granted quality:evaluation:view to the Genesys integration role, but GET /api/v2/quality/evaluations/query returns 403 and the docs say it needs quality:evaluation:view',
    expect: { decision: 'explain', confidence: 'medium', held: ['quality:evaluation:view'], permissions: [] },
  },
  {
    id: 'held-contradicted',
    shape: 'held',
    text: `API Error: 403 - You are missing the following permission(s): [routing:queue:add] (${CTX})\nBut the OAuth client role includes routing:queue:add already!`,
    expect: {
      decision: 'explain',
      confidence: 'high',
      held: ['routing:queue:add'],
      permissions: ['routing:queue:add'],
    },
  },
  {
    id: 'held-kv-permissions',
    shape: 'held',
    text: `Genesys Cloud\nEndpoint: POST /api/v2/users/${USER}/routingskills\nPermissions: routing:skill:view, directory:user:edit\nStatus: 403 Forbidden`,
    expect: {
      decision: 'explain',
      confidence: 'medium',
      template: '/api/v2/users/{userId}/routingskills',
      held: ['routing:skill:view', 'directory:user:edit'],
      permissions: [],
    },
  },

  // ---------- credentials pasted with a 403 ----------
  {
    id: 'secret-basic-no-header',
    shape: 'secret',
    text: `curl -X POST https://login.mypurecloud.com/oauth/token -H "Basic ${b64('3b5f7a9c-1d2e-4f60-8a1b-2c3d4e5f6a7b:Sup3rS3cretValue42')}" -d grant_type=client_credentials\n403 Forbidden`,
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', secrets: ['basic-auth'] },
  },
  {
    id: 'secret-token-colon',
    shape: 'secret',
    text: `token: eyJhbGciOiJSUzI1NiJ9.eyJvcmciOiJhY21lIn0.c2lnbmF0dXJlLXZhbHVl\nGET https://api.mypurecloud.com/api/v2/routing/queues -> 403`,
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/routing/queues', secrets: ['access-token'] },
  },
  {
    id: 'secret-access-token-query',
    shape: 'secret',
    text: 'GET https://api.mypurecloud.com/api/v2/flows?access_token=Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Ng returns 403 Forbidden',
    expect: { decision: 'explain', confidence: 'high', template: '/api/v2/flows', secrets: ['access-token'] },
  },
  {
    id: 'secret-client-secret-form',
    shape: 'secret',
    text: 'Genesys token call: grant_type=client_credentials&client_id=3b5f7a9c-1d2e-4f60-8a1b-2c3d4e5f6a7b&client_secret=Q7v-9xYz_secretValue then GET /api/v2/routing/skills is 403',
    expect: {
      decision: 'explain',
      confidence: 'medium',
      template: '/api/v2/routing/skills',
      secrets: ['client-secret'],
    },
  },
  {
    id: 'secret-json-token-key',
    shape: 'secret',
    text: `config {"token": "abcDEF0123456789ghiJKLmnoPQR", "region": "mypurecloud.ie"}\n{"message":"You are missing the following permission(s): [gdpr:request:view]","code":"missing.permissions","status":403}`,
    expect: { decision: 'explain', confidence: 'high', permissions: ['gdpr:request:view'], secrets: ['access-token'] },
  },
  {
    id: 'secret-basic-yaml',
    shape: 'secret',
    text: `headers:\n  basic: ${b64('myclient:myverysecretpassword')}\nGenesys: POST https://login.mypurecloud.de/oauth/token -> 403`,
    expect: { decision: 'explain', confidence: 'high', surface: 'oauth-token', secrets: ['basic-auth'] },
  },

  // ---------- other Genesys statuses (a hint, not a 403) ----------
  {
    id: 'status-401-body',
    shape: 'other-status',
    text: 'why? {"message":"Authentication required to access this resource","code":"authentication.required","status":401} from https://api.mypurecloud.com/api/v2/users/me',
    expect: { decision: 'hint', status: 401 },
  },
  {
    id: 'status-429-terraform',
    shape: 'other-status',
    text: `│ Error: API Error: 429 - Rate limit exceeded the maximum [300] requests within [60] seconds (${CTX})`,
    expect: { decision: 'hint', status: 429 },
  },
];
