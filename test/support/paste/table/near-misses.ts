/**
 * Messages sr-check must stay silent on: other vendors whose APIs also use `/api/v2` and dotted codes,
 * 403s from other services in the same message, tutorials, hypotheticals, code with a 403 branch, logs
 * where 403 is a count or an id, and ordinary chat. Written for this table.
 */
import { near, type Row } from './types';

export const nearMisses: Row[] = [
  // ---------- other vendors with /api/v2 and dotted codes ----------
  near(
    'vendor-zendesk-users',
    'other-vendor',
    '403 Forbidden from GET https://acme.zendesk.com/api/v2/users/12345.json {"error":"Forbidden","description":"You do not have access to this page"}',
  ),
  near(
    'vendor-zendesk-prose',
    'other-vendor',
    'Zendesk keeps giving 403 on GET /api/v2/tickets/4411/comments for the light agent account',
  ),
  near(
    'vendor-freshdesk-code',
    'other-vendor',
    'Freshdesk: POST /api/v2/tickets returns 403 {"code":"access_denied","message":"You are not authorized to perform this action."}',
  ),
  near(
    'vendor-talkdesk-dotted',
    'other-vendor',
    'Talkdesk API answered 403 with code not.authorized on GET /api/v2/users/me',
  ),
  near(
    'vendor-five9-agents',
    'other-vendor',
    'Five9 reporting: GET /api/v2/agents/statistics -> 403 forbidden, code permission.denied',
  ),
  near('vendor-cxone', 'other-vendor', 'CXone: 403 on GET /api/v2/contacts/active with message "not.authorized"'),
  near(
    'vendor-generic-dotted-body',
    'other-vendor',
    '{"code":"not.authorized","message":"Not authorized","status":403} from GET /api/v2/organizations/42/members',
  ),
  near(
    'vendor-helpscout',
    'other-vendor',
    'Help Scout returns 403 on GET /api/v2/mailboxes/12 after we rotated the app',
  ),
  near(
    'vendor-kustomer-groups',
    'other-vendor',
    'kustomer: GET /api/v2/groups is 403 for the sync user, code auth.forbidden',
  ),
  near(
    'vendor-dotted-code-only',
    'other-vendor',
    'got 403 with code not.authorized from the billing API /api/v2/invoices',
  ),
  near(
    'vendor-helpscout-v2',
    'other-vendor',
    'Help Scout: GET /v2/conversations/123/threads returns 403 for the Genesys migration script',
  ),
  near(
    'vendor-servicenow',
    'other-vendor',
    'ServiceNow table API: 403 on GET /api/now/table/incident, error "User Not Authorized"',
  ),

  // ---------- 403s from other services in the same message ----------
  near(
    'other-service-s3',
    'other-service',
    'The Genesys export (GET https://api.mypurecloud.com/api/v2/analytics/reporting/exports) works fine, but uploading the file to S3 fails: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied (Status Code: 403)',
  ),
  near(
    'other-service-slack',
    'other-service',
    'Genesys calls are OK. Posting the summary to Slack fails: {"ok":false,"error":"missing_scope","needed":"chat:write"} HTTP 403',
  ),
  near(
    'other-service-salesforce',
    'other-service',
    'After pulling the conversation from Genesys we call https://acme.my.salesforce.com/services/data/v58.0/sobjects/Case and get 403 INSUFFICIENT_ACCESS',
  ),
  near(
    'other-service-jenkins',
    'other-service',
    'GET https://api.mypurecloud.com/api/v2/routing/queues returns 200 fine. Our Jenkins deploy job returns 403 though.',
  ),
  near(
    'other-service-internal-host',
    'other-service',
    'Genesys webhook reaches us, then our own service https://internal.acme.io/api/v2/orders answers 403 Forbidden',
  ),
  near(
    'other-service-github',
    'other-service',
    'CX as Code pipeline: terraform plan is fine, but the GitHub step fails with 403 Resource not accessible by integration (api.github.com)',
  ),
  near(
    'other-service-azure',
    'other-service',
    'Genesys data pull OK; storing it fails: (AuthorizationFailed) does not have authorization to perform action Microsoft.Storage/storageAccounts/write 403',
  ),
  near(
    'other-service-nginx',
    'other-service',
    'calling https://api.mypurecloud.com/api/v2/users/me through our proxy returns <html><head><title>403 Forbidden</title></head><body><center>nginx/1.25.3</center></body></html>',
  ),

  // ---------- tutorials and explanations ----------
  near(
    'tutorial-means',
    'tutorial',
    'A 403 from Genesys Cloud usually means the OAuth client lacks a role with the permission; for example GET /api/v2/routing/queues needs routing:queue:view.',
  ),
  near(
    'tutorial-how-to-fix',
    'tutorial',
    'How to fix 403 Forbidden errors in Genesys Cloud: check the role of the client behind POST /api/v2/analytics/conversations/details/query.',
  ),
  near(
    'tutorial-returns-if',
    'tutorial',
    'The Genesys API returns 403 if the token lacks the permission, e.g. POST /api/v2/recording/jobs needs recording:job:add.',
  ),
  near(
    'tutorial-in-this-post',
    'tutorial',
    'In this post we explain why Genesys answers 403 on /api/v2/conversations/{conversationId}/recordings and how divisions play in.',
  ),
  near(
    'tutorial-tip',
    'tutorial',
    'Tip: a Genesys 403 typically indicates a missing permission, not a missing scope. Check GET /api/v2/authorization/roles first.',
  ),
  near(
    'tutorial-example-body',
    'tutorial',
    'For example, a Genesys 403 looks like this: {"message":"You are missing the following permission(s): [x:y:z]","code":"missing.permissions","status":403}. It means a role is missing.',
  ),
  near(
    'tutorial-when-the',
    'tutorial',
    'Genesys answers 403 when the role of the OAuth client does not carry the permission for GET /api/v2/flows.',
  ),
  near(
    'tutorial-docs-say',
    'tutorial',
    'The Genesys docs say POST /api/v2/routing/queues answers 403 Forbidden without routing:queue:add; this is generally expected.',
  ),

  // ---------- hypothetical ----------
  near(
    'hypo-would-it',
    'hypothetical',
    'Would GET /api/v2/routing/queues on Genesys Cloud return 403 if the client has only the routing:readonly scope?',
  ),
  near(
    'hypo-what-if',
    'hypothetical',
    'What if the Genesys token expires mid-export, do we get 403 or 401 from POST /api/v2/analytics/reporting/exports?',
  ),
  near(
    'hypo-might',
    'hypothetical',
    'I think the new Genesys role might cause 403s on GET /api/v2/flows, let us test before the release',
  ),
  near(
    'hypo-in-case',
    'hypothetical',
    'In case Genesys answers 403 on POST /api/v2/recording/jobs, the retry should stop and page someone.',
  ),
  near(
    'hypo-could',
    'hypothetical',
    'Removing the admin role could lead to 403 on GET /api/v2/authorization/roles in Genesys, so let us keep it for now.',
  ),
  near(
    'hypo-does-it',
    'hypothetical',
    'Does it return a 403 from Genesys for GET /api/v2/gdpr/requests without gdpr:request:view, or a 404?',
  ),
  near(
    'hypo-unless',
    'hypothetical',
    'The Genesys sync never sees a 403 on /api/v2/routing/skills unless someone removes the role.',
  ),
  near(
    'hypo-will-we',
    'hypothetical',
    'will we hit 403 on https://api.mypurecloud.com/api/v2/flows after the Genesys division migration?',
  ),

  // ---------- code samples with a 403 branch ----------
  near(
    'code-js-strict-equal',
    'code-sample',
    "```js\nconst res = await fetch('https://api.mypurecloud.com/api/v2/routing/queues', { headers });\nif (res.status === 403) { await refreshRoles(); }\n```",
  ),
  near(
    'code-python-status-code',
    'code-sample',
    "```python\nr = requests.get(f'{base}/api/v2/flows', headers=h)\nif r.status_code == 403:\n    log.warning('no permission')\n```",
  ),
  near(
    'code-switch-case',
    'code-sample',
    'switch (err.status) {\n  case 403: return handleForbidden(); // Genesys /api/v2/analytics\n  case 429: return retryLater();\n}',
  ),
  near(
    'code-java-constant',
    'code-sample',
    'if (response.getStatusCode() == HttpStatus.FORBIDDEN) { // from platformClient call to /api/v2/users/me\n  throw new AccessException(); }',
  ),
  near(
    'code-go-statusforbidden',
    'code-sample',
    'if resp.StatusCode == http.StatusForbidden { // GET https://api.mypurecloud.com/api/v2/routing/skills\n  return ErrNoRole\n}',
  ),
  near(
    'code-csharp',
    'code-sample',
    'catch (ApiException e) when (e.ErrorCode == 403) { _log.Warn("Genesys refused /api/v2/flows"); }',
  ),
  near(
    'code-python-in-tuple',
    'code-sample',
    "if resp.status in (401, 403):\n    raise AuthError('genesys /api/v2/users/me')",
  ),
  near(
    'code-test-expect',
    'code-sample',
    'expect(res.status).not.toBe(403); // Genesys GET /api/v2/routing/wrapupcodes should pass after the fix',
  ),

  // ---------- logs where 403 is a count or an id ----------
  near(
    'log-count-records',
    'count-or-id',
    'sync finished: 403 records imported from GET https://api.mypurecloud.com/api/v2/analytics/conversations/details/query in 12s',
  ),
  near(
    'log-count-conversations',
    'count-or-id',
    'processed 403 conversations via POST /api/v2/analytics/conversations/details/query on Genesys, 0 errors',
  ),
  near(
    'log-id-queue',
    'count-or-id',
    'queue id=403 mapped; GET https://api.mypurecloud.com/api/v2/routing/queues returned 200',
  ),
  near('log-ticket-number', 'count-or-id', 'see ticket #403 about the Genesys GET /api/v2/flows pagination bug'),
  near('log-duration', 'count-or-id', 'GET https://api.mypurecloud.com/api/v2/users/me took 403 ms (p95), status 200'),
  near('log-progress', 'count-or-id', '[403/1000] exported recordings from Genesys /api/v2/recording/jobs, status=ok'),
  near('log-count-equals', 'count-or-id', 'INFO genesys-sync count=403 path=/api/v2/routing/queues status=200'),
  near(
    'log-version',
    'count-or-id',
    'upgraded purecloud-platform-client-v2 to 2.403.0, all calls to /api/v2/flows green',
  ),

  // ---------- chat ----------
  near('chat-403-anyone', 'chat', 'anyone else seeing 403s today?'),
  near('chat-fixed', 'chat', 'the 403 on GET /api/v2/routing/queues is fixed now, thanks Genesys team'),
  near('chat-agents-count', 'chat', 'we have 403 agents on Genesys and 500 seats'),
  near('chat-forbidden-word', 'chat', "lol that channel is forbidden territory, don't post there"),
  near(
    'chat-how-to-call',
    'chat',
    'How do I call GET /api/v2/conversations/{conversationId}/recordings from a client credentials app?',
  ),
  near(
    'chat-resolved-role',
    'chat',
    'resolved: the Genesys 403 on POST /api/v2/recording/jobs went away after adding the role',
  ),

  // ---------- credentials without a 403 (only the rotate warning) ----------
  near(
    'secret-only-basic',
    'secret',
    `try: curl -H "Basic ${Buffer.from('abc-client:topsecretvalue1').toString('base64')}" https://login.mypurecloud.com/oauth/token`,
    ['basic-auth'],
  ),
  near('secret-only-client-secret', 'secret', 'client_secret=Q7v-9xYz_secretValue client_id=abc', ['client-secret']),
  near('secret-only-token', 'secret', 'token: abcDEF0123456789ghiJKLmnoPQR', ['access-token']),
  near(
    'secret-only-x-auth-token',
    'secret',
    'curl -H "X-Auth-Token: abcDEF0123456789ghiJKLmnoPQR" https://example.org',
    ['access-token'],
  ),
  near(
    'pagination-token-not-secret',
    'chat',
    'GET /api/v2/users?pageSize=100 gave nextPage, then next_page_token: CiAKGjBpNDd2Nmp2Zml2cXRxZXNl for the rest',
  ),
  near(
    'secret-only-access-token-url',
    'secret',
    'https://example.org/callback#access_token=Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Ng&expires_in=86400',
    ['access-token'],
  ),
];
