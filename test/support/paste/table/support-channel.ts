/**
 * A blind batch (issue 22): reports the way a Genesys support channel sees them, in people's own words,
 * mostly without the product's name and without an error body, plus near misses (changelogs, tutorials,
 * code branches, metrics lines, hypothetical questions). Written before the decision table existed and
 * scored once against the code of that day (the first score is in BENCHMARKS.md's paste section).
 *
 * Every row says what each surface must do with it (`want`):
 * - `ask`: someone asked (`sr-check explain`, the "Explain this 403" shortcut, a bot mention);
 * - `mapped`: an ambient message in a channel mapped to an org;
 * - `ambient`: an ambient message anywhere else (a DM): today's strictness.
 * `expect` holds the fields to read (checked on the surfaces that explain); its `decision` is the mapped one.
 * Ids are made up.
 */
import type { Row } from './types';

export type SurfaceName = 'ask' | 'mapped' | 'ambient';
export type SurfaceDecision = 'explain' | 'hint' | 'silent';

export interface SurfaceRow extends Row {
  want: Record<SurfaceName, SurfaceDecision>;
}

const E = 'explain' as const;
const S = 'silent' as const;

/** A report every surface answers (a body, a host, the product's name, a distinctive catalog path). */
const everywhere = { ask: E, mapped: E, ambient: E };
/** A report that only carries the support channel's prior: asked or in a mapped channel. */
const inContext = { ask: E, mapped: E, ambient: S };
/** Talk about 403s: silence on every surface. */
const talk = { ask: S, mapped: S, ambient: S };

const USERID = '8d1e4c2a-1b2c-4d3e-9f00-112233445566';
const CTX = 'a1b2c3d4-0000-4abc-8def-123456789abc';

function report(
  id: string,
  shape: Row['shape'],
  want: SurfaceRow['want'],
  text: string,
  fields: Partial<Row['expect']> = {},
): SurfaceRow {
  return { id, shape, text, want, expect: { decision: want.mapped, ...fields } };
}

function quiet(id: string, shape: Row['shape'], text: string): SurfaceRow {
  return { id, shape, text, want: talk, expect: { decision: 'silent' } };
}

export const supportChannel: SurfaceRow[] = [
  // ---- own words, no product name, no body ----
  report(
    'sc-why-analytics-held',
    'held',
    everywhere,
    'why does POST /api/v2/analytics/conversations/details/query give me 403 even though the client has analytics:conversationDetail:view?',
    {
      method: 'POST',
      template: '/api/v2/analytics/conversations/details/query',
      held: ['analytics:conversationDetail:view'],
    },
  ),
  report(
    'sc-arrow-queues',
    'prose',
    everywhere,
    'hey all, GET /api/v2/routing/queues → 403 for our new integration user since this morning. anyone?',
    { method: 'GET', template: '/api/v2/routing/queues' },
  ),
  report(
    'sc-forbidden-template-no-method',
    'placeholder',
    everywhere,
    'getting forbidden on /api/v2/conversations/{conversationId}/recordings with the client creds app we set up last week',
    { template: '/api/v2/conversations/{conversationId}/recordings' },
  ),
  report(
    'sc-slack-encoded-var',
    'slack-encoded',
    everywhere,
    '403 on GET /api/v2/conversations/&lt;conversationId&gt;/recordings — the role has recording:recording:view',
    {
      method: 'GET',
      template: '/api/v2/conversations/{conversationId}/recordings',
      held: ['recording:recording:view'],
    },
  ),
  report(
    'sc-slack-link-elided-label',
    'slack-encoded',
    everywhere,
    `our sync hits <https://api.mypurecloud.ie/api/v2/users/${USERID}/queues|api.mypurecloud.ie/api/v2/users/8d1e…/queues> and gets 403 every time`,
    { template: '/api/v2/users/{userId}/queues', region: 'eu-west-1' },
  ),
  report(
    'sc-dollar-input-var',
    'template-var',
    everywhere,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Architect data action's template variable, as pasted
    'Data action GET /api/v2/users/${input.userId}/queues returns 403 when the flow runs',
    { method: 'GET', template: '/api/v2/users/{userId}/queues' },
  ),
  report(
    'sc-mustache-vars',
    'template-var',
    inContext,
    'Calling PUT /api/v2/users/{{userId}}/routingskills/{{skillId}} from our middleware = 403 Forbidden.',
    { method: 'PUT', template: '/api/v2/users/{userId}/routingskills/{skillId}' },
  ),
  report(
    'sc-colon-var-held',
    'template-var',
    inContext,
    '403 from DELETE /api/v2/users/:userId when we offboard people. the client role has directory:user:edit',
    { method: 'DELETE', template: '/api/v2/users/{userId}', held: ['directory:user:edit'] },
  ),
  report(
    'sc-elided-uuid',
    'elided-id',
    everywhere,
    'GET /api/v2/conversations/3f2a…/recordings keeps returning 403 for some conversations but not others',
    { method: 'GET', template: '/api/v2/conversations/{conversationId}/recordings' },
  ),
  report(
    'sc-dots-segment',
    'elided-id',
    everywhere,
    'POST /api/v2/conversations/emails/.../messages → 403 when the agent replies from our custom UI',
    { method: 'POST', template: '/api/v2/conversations/emails/{conversationId}/messages' },
  ),
  report(
    'sc-query-string-encoded',
    'slack-encoded',
    everywhere,
    'GET /api/v2/flows?type=inboundcall&amp;pageSize=100 returns 403 Forbidden for the CI user',
    { method: 'GET', template: '/api/v2/flows' },
  ),
  report(
    'sc-line-break-in-path',
    'line-break',
    everywhere,
    '403 on GET /api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/sche\ndules from the planning tool',
    {
      method: 'GET',
      template: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules',
    },
  ),
  // ---- several calls, one refused ----
  report(
    'sc-several-arrows',
    'several-calls',
    everywhere,
    'GET /api/v2/routing/queues → 200\nGET /api/v2/routing/skills → 200\nPOST /api/v2/routing/queues/{queueId}/members → 403\nsame client for all three',
    { method: 'POST', template: '/api/v2/routing/queues/{queueId}/members' },
  ),
  report(
    'sc-several-bullets',
    'several-calls',
    everywhere,
    '- GET /api/v2/routing/skills works fine\n- GET /api/v2/authorization/roles gives 403\n- GET /api/v2/routing/wrapupcodes ok',
    { method: 'GET', template: '/api/v2/authorization/roles' },
  ),
  report(
    'sc-several-sentence',
    'several-calls',
    everywhere,
    'The export mostly works (GET /api/v2/recording/mediaretentionpolicies is fine) but POST /api/v2/recording/jobs fails with 403.',
    { method: 'POST', template: '/api/v2/recording/jobs' },
  ),
  report(
    'sc-401-and-403-named',
    '401-and-403',
    everywhere,
    'two problems with our Genesys integration: GET /api/v2/users/me gives 401 on the staging client, and GET /api/v2/routing/queues gives 403 on prod',
    { method: 'GET', template: '/api/v2/routing/queues' },
  ),
  report(
    'sc-401-then-403',
    '401-and-403',
    everywhere,
    '401 on token refresh first; after fixing that, 403 on POST /api/v2/analytics/conversations/aggregates/query',
    { method: 'POST', template: '/api/v2/analytics/conversations/aggregates/query' },
  ),
  // ---- a 403 nested in another response ----
  report(
    'sc-nested-data-action-body',
    'nested',
    everywhere,
    `Data action test failed:\n{"message":"The request could not be understood by the server due to malformed syntax.","code":"bad.request","status":400,"messageParams":{},"contextId":"${CTX}","details":[{"errorCode":"ACTION.REMOTE_ENDPOINT"}],"errors":[{"message":"REST call for action execute failed. Message: Request to backend service failed. Response from web service: {\\"message\\":\\"You are missing the following permission(s): [routing:queue:view]\\",\\"code\\":\\"missing.permissions\\",\\"status\\":403}","code":"ACTION.REMOTE_ENDPOINT","status":400}]}`,
    { permissions: ['routing:queue:view'] },
  ),
  report(
    'sc-nested-prose',
    'nested',
    everywhere,
    'our Architect data action calling GET /api/v2/users/{userId}/queues comes back as a 400 in the flow, but the detail says the remote endpoint answered 403',
    { method: 'GET', template: '/api/v2/users/{userId}/queues' },
  ),
  // ---- a catalog permission named as missing, no path ----
  report(
    'sc-permission-missing-no-name',
    'prose',
    inContext,
    "403 when publishing schedules, it says we're missing wfm:schedule:edit",
    { permissions: ['wfm:schedule:edit'] },
  ),
  report(
    'sc-permission-needs',
    'prose',
    inContext,
    'Forbidden. apparently the service account needs architect:datatable:view to read the lookup table',
    { permissions: ['architect:datatable:view'] },
  ),
  report(
    'sc-permission-lacks-queue',
    'prose',
    inContext,
    'our client lacks routing:queue:view apparently, every queue call is forbidden',
    { permissions: ['routing:queue:view'] },
  ),
  // ---- refusal words other than 403 ----
  report(
    'sc-access-denied',
    'prose',
    everywhere,
    'access denied on GET /api/v2/quality/evaluations/query for our QA dashboard client',
    { method: 'GET', template: '/api/v2/quality/evaluations/query' },
  ),
  report(
    'sc-not-authorized-words',
    'prose',
    everywhere,
    'the integration is not authorized to call GET /api/v2/outbound/campaigns anymore, started after the role cleanup',
    { method: 'GET', template: '/api/v2/outbound/campaigns' },
  ),
  // ---- questions and forum posts ----
  report(
    'sc-does-anyone-know',
    'held',
    everywhere,
    'Does anyone know why GET /api/v2/speechandtextanalytics/conversations/{conversationId} gives 403? we have speechAndTextAnalytics:data:view',
    {
      method: 'GET',
      template: '/api/v2/speechandtextanalytics/conversations/{conversationId}',
      held: ['speechAndTextAnalytics:data:view'],
    },
  ),
  report(
    'sc-forum-post',
    'prose',
    everywhere,
    "Hi all,\n\nI'm building a small Node app that pulls queue stats. Auth works (I get a token with client credentials), but every call to POST /api/v2/analytics/queues/observations/query returns 403 Forbidden. The OAuth client has the 'Supervisor' role. What am I missing?\n\nThanks!",
    { method: 'POST', template: '/api/v2/analytics/queues/observations/query' },
  ),
  report(
    'sc-forum-post-named',
    'prose',
    everywhere,
    "Genesys Cloud newbie here. I'm building a small Node app that pulls queue stats; every call to POST /api/v2/analytics/queues/observations/query returns 403 Forbidden. What am I missing?",
    { method: 'POST', template: '/api/v2/analytics/queues/observations/query' },
  ),
  report(
    'sc-code-block-own',
    'prose',
    everywhere,
    '```\nPOST /api/v2/conversations/calls/abc/participants/def/replace\n403 Forbidden\n```\nblind transfer from our softphone fails like this',
    { method: 'POST', template: '/api/v2/conversations/calls/{conversationId}/participants/{participantId}/replace' },
  ),
  report(
    'sc-python-comment',
    'prose',
    everywhere,
    'r = requests.get(f"{base}/api/v2/routing/wrapupcodes", headers=h)\nprint(r.status_code)  # prints 403\nwhat do I need to add to the client?',
    { template: '/api/v2/routing/wrapupcodes' },
  ),
  report(
    'sc-powershell',
    'prose',
    everywhere,
    'Invoke-RestMethod -Uri "https://api.mypurecloud.com/api/v2/routing/skills" -Headers $h\nInvoke-RestMethod : The remote server returned an error: (403) Forbidden.',
    { method: 'GET', template: '/api/v2/routing/skills', region: 'us-east-1' },
  ),
  report(
    'sc-postman-base-var',
    'template-var',
    everywhere,
    'hitting GET {{baseUrl}}/api/v2/journey/actionmaps in postman → 403',
    { method: 'GET', template: '/api/v2/journey/actionmaps' },
  ),
  report(
    'sc-trailing-punctuation',
    'prose',
    everywhere,
    'Forbidden (403) from GET /api/v2/telephony/providers/edges.',
    { method: 'GET', template: '/api/v2/telephony/providers/edges' },
  ),
  report(
    'sc-ocr-lists',
    'held',
    everywhere,
    '403 on GET /api/v2/recordings/screensessions/details\nRole permissions:\nrecording:recording:view\nrecording:recordingSegment:\nview\nMissing:\nrecording:screenRecording:view',
    {
      method: 'GET',
      template: '/api/v2/recordings/screensessions/details',
      permissions: ['recording:screenRecording:view'],
      held: ['recording:recording:view', 'recording:recordingSegment:view'],
    },
  ),
  report(
    'sc-ocr-url-broken',
    'line-break',
    everywhere,
    '(from a screenshot) Status: 403 Forbidden   URL: https://api.mypurecloud.com.au/api/v2/outbound/\ncampaigns',
    { path: '/api/v2/outbound/campaigns', region: 'ap-southeast-2' },
  ),
  report(
    'sc-code-only',
    'prose',
    everywhere,
    'keep getting missing.permissions from POST /api/v2/routing/queues/{queueId}/members when adding agents',
    { code: 'missing.permissions', method: 'POST', template: '/api/v2/routing/queues/{queueId}/members' },
  ),
  report(
    'sc-not-authorized-code',
    'prose',
    everywhere,
    'not.authorized when our bot reads GET /api/v2/conversations/{conversationId} for a chat that just ended',
    { code: 'not.authorized', method: 'GET', template: '/api/v2/conversations/{conversationId}' },
  ),
  report(
    'sc-slack-link-amp-query',
    'slack-encoded',
    everywhere,
    '<https://api.mypurecloud.de/api/v2/routing/queues?pageSize=25&amp;pageNumber=1|https://api.mypurecloud.de/api/v2/routing/queues?pageSize=25&amp;pageNumber=1> → 403 :confused:',
    { path: '/api/v2/routing/queues', region: 'eu-central-1' },
  ),
  report(
    'sc-encoded-angle-id',
    'slack-encoded',
    inContext,
    'DELETE /api/v2/users/&lt;id&gt; is forbidden for our SCIM bridge (403)',
    { method: 'DELETE', template: '/api/v2/users/{userId}' },
  ),
  report(
    'sc-same-here',
    'prose',
    everywhere,
    'same here, 403 on POST /api/v2/outbound/contactlists/{contactListId}/contacts since the permission change',
    { method: 'POST', template: '/api/v2/outbound/contactlists/{contactListId}/contacts' },
  ),
  report('sc-short-id-var', 'template-var', everywhere, 'getting 403 when I call GET /api/v2/conversations/{id} :(', {
    method: 'GET',
    template: '/api/v2/conversations/{conversationId}',
  }),
  report(
    'sc-needs-job-add',
    'prose',
    inContext,
    'Forbidden when creating a recording job, we need recording:job:add right?',
    { permissions: ['recording:job:add'] },
  ),
  report('sc-gc-abbrev', 'prose', everywhere, 'GC returns 403 for GET /api/v2/routing/wrapupcodes from our WEM tool', {
    method: 'GET',
    template: '/api/v2/routing/wrapupcodes',
  }),
  report(
    'sc-purecloud-legacy',
    'prose',
    everywhere,
    'PureCloud api forbidden on GET /api/v2/architect/prompts for the prompt sync',
    { method: 'GET', template: '/api/v2/architect/prompts' },
  ),
  report(
    'sc-made-up-path',
    'not-an-operation',
    inContext,
    '403 on GET /api/v2/recording/screenrecordings/{id} when we try to pull screen recordings',
    { method: 'GET', notAnOperation: true },
  ),
  report(
    'sc-made-up-method-named',
    'not-an-operation',
    everywhere,
    'Genesys gives 403 on GET /api/v2/analytics/users/details/query',
    { method: 'GET', notAnOperation: true },
  ),
  report(
    'sc-integrations-held',
    'held',
    inContext,
    'POST /api/v2/integrations/actions/{actionId}/execute → 403 from the middleware, the role has integrations:action:execute',
    {
      method: 'POST',
      template: '/api/v2/integrations/actions/{actionId}/execute',
      held: ['integrations:action:execute'],
    },
  ),
  report(
    'sc-patch-users',
    'prose',
    inContext,
    'PATCH /api/v2/users/{userId} returns Forbidden when we sync job titles',
    { method: 'PATCH', template: '/api/v2/users/{userId}' },
  ),
  report('sc-org-me', 'prose', inContext, 'PUT /api/v2/organizations/me is 403 for the new admin app', {
    method: 'PUT',
    template: '/api/v2/organizations/me',
  }),
  report(
    'sc-user-roles-held',
    'held',
    inContext,
    'GET /api/v2/users/{subjectId}/roles gives 403, the provisioning client has authorization:role:view',
    { method: 'GET', template: '/api/v2/users/{subjectId}/roles', held: ['authorization:role:view'] },
  ),
  {
    id: 'sc-401-alone-hint',
    shape: 'other-status',
    text: 'Genesys: GET /api/v2/users/me → 401 since the client secret rotation, why?',
    want: { ask: 'hint', mapped: 'hint', ambient: 'hint' },
    expect: { decision: 'hint', status: 401 },
  },

  // ---- near misses: talk about 403s ----
  quiet(
    'sc-near-changelog',
    'changelog',
    '## 2.14.0\n- Fixed: GET /api/v2/routing/queues no longer returns 403 for users with routing:queue:view in a sub-division\n- Added retries on 429',
  ),
  quiet(
    'sc-near-release-notes',
    'changelog',
    'Release notes (May): the Recording API now returns 403 instead of 404 when the caller lacks recording:job:add on POST /api/v2/recording/jobs.',
  ),
  quiet(
    'sc-near-tutorial',
    'tutorial',
    "Tutorial step 4: if you see a 403 from POST /api/v2/analytics/conversations/details/query it means the OAuth client's role lacks analytics:conversationDetail:view. Add it under Admin > Roles.",
  ),
  quiet(
    'sc-near-docs-quote',
    'tutorial',
    'From the docs: "403 Forbidden: The caller does not have the required permission for the requested resource."',
  ),
  quiet(
    'sc-near-code-branch-js',
    'code-sample',
    "```\nif (res.status === 403) {\n  logger.warn('no access to /api/v2/routing/queues, skipping');\n  return [];\n}\n```\nthis is how we handle it now",
  ),
  quiet(
    'sc-near-code-branch-py',
    'code-sample',
    'except ApiException as e:\n    if e.status == 403:\n        # missing routing:queue:view, skip this queue\n        continue',
  ),
  quiet('sc-near-metrics-line', 'metrics', 'http_requests_total{path="/api/v2/routing/queues",status="403"} 0'),
  quiet(
    'sc-near-metrics-lines',
    'metrics',
    'genesys_api_errors{endpoint="/api/v2/analytics/conversations/details/query",status="403"} 0\ngenesys_api_errors{endpoint="/api/v2/analytics/conversations/details/query",status="429"} 12',
  ),
  quiet('sc-near-dashboard-count', 'metrics', '403s on GET /api/v2/routing/skills: 0 in the last 24h, nice'),
  quiet(
    'sc-near-would',
    'hypothetical',
    'what would GET /api/v2/recording/mediaretentionpolicies return if the role only had recording:recording:view? 403?',
  ),
  quiet(
    'sc-near-should-retry',
    'hypothetical',
    'Should our middleware retry on 403 from POST /api/v2/conversations/emails/{conversationId}/messages or fail fast?',
  ),
  quiet(
    'sc-near-resolved',
    'chat',
    'Update: the 403 on GET /api/v2/flows is gone after we added architect:flow:view, thanks all',
  ),
  quiet('sc-near-zendesk', 'other-vendor', 'Zendesk GET /api/v2/users/123/identities returns 403 Forbidden'),
  quiet('sc-near-five9', 'other-vendor', 'our Five9 connector gets 403 on /api/v2/agents'),
  quiet(
    'sc-near-test-assertion',
    'code-sample',
    'expect(res.status).toBe(403) // GET /api/v2/authorization/roles without the admin role',
  ),
  quiet(
    'sc-near-stats-line',
    'metrics',
    '[stats] 2024-05-02 status=200 count=9121 status=403 count=0 status=429 count=14',
  ),
  quiet('sc-near-ticket-number', 'count-or-id', 'SUP-403: update the routing queue export doc'),
  quiet(
    'sc-near-what-does-it-mean',
    'hypothetical',
    'what does a 403 on /api/v2/telephony/providers/edges usually mean, role or scope?',
  ),
  quiet(
    'sc-near-changelog-forbidden',
    'changelog',
    'v3.2.1: map Forbidden responses from /api/v2/outbound/campaigns to a PermissionError',
  ),
  quiet(
    'sc-near-kubectl',
    'other-service',
    'kubectl get pods -> Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods"',
  ),
  quiet(
    'sc-near-count-users',
    'count-or-id',
    'we moved 403 users into the new division yesterday via PATCH /api/v2/users/{userId}',
  ),
  quiet(
    'sc-near-pr-description',
    'code-sample',
    'This PR adds a test that GET /api/v2/routing/skills returns 403 when the client lacks routing:skill:view',
  ),
  quiet('sc-near-alert-resolved', 'metrics', '[RESOLVED] Alert: 403 rate on /api/v2/analytics/* above 1%'),
  quiet(
    'sc-near-sprint-plan',
    'hypothetical',
    'next sprint: handle 403 from GET /api/v2/quality/evaluations/query gracefully',
  ),
  quiet(
    'sc-near-permission-doc',
    'tutorial',
    'FYI the permission for GET /api/v2/routing/queues is routing:queue:view; without it you get a 403',
  ),
];
