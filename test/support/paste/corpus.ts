/**
 * Pastes modelled on what people really post (shapes from public SDK docs, issue threads and tool output).
 * Ids are made up. Shared by the table test, the property tests and bench/paste.ts.
 */
export const CONV = '0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b';
export const REC = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
export const CTX = '8f3c2b1a-1111-4222-8333-944455556666';
export const DIV = 'd1v1d1v1-0000-4000-8000-000000000001';
export const DIV2 = 'd1v1d1v1-0000-4000-8000-000000000002';
export const CLIENT = '3b5f7a9c-1d2e-4f60-8a1b-2c3d4e5f6a7b';
export const USER = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';

export const errorBodyMissing = `{"message":"You are missing the following permission(s): [recording:screenRecording:view]","code":"missing.permissions","status":403,"messageParams":{},"contextId":"${CTX}","details":[],"errors":[]}`;

export const prettyMissingAny = `{
  "message": "Unable to perform the requested action. You must have at least one of the following permissions assigned: [recording:recording:view, recording:screenRecording:view]",
  "code": "missing.any.permissions",
  "status": 403,
  "messageParams": {},
  "contextId": "${CTX}",
  "details": [],
  "errors": []
}`;

export const divisionList = `{"message":"Unable to perform the requested action. You are missing the following permission(s): [] in at least one of the following division(s): [${DIV}, ${DIV2}]","code":"missing.permissions","status":403,"contextId":"${CTX}"}`;

export const divisionSuffix = `API Error: 403 - Unable to perform the requested action. You are missing the following permission(s): [recording:recording:view:${DIV}] (${CTX})`;

export const escapedLogLine = `2024-05-02T10:11:12.345Z ERROR [recording-sync] request failed body="{\\"message\\":\\"You are missing the following permission(s): [recording:screenRecording:view]\\",\\"code\\":\\"missing.permissions\\",\\"status\\":403,\\"contextId\\":\\"${CTX}\\"}" path=/api/v2/conversations/${CONV}/recordings`;

export const doubleEscapedJsonLog = JSON.stringify({
  level: 'error',
  time: 1714644672345,
  msg: JSON.stringify({
    err: JSON.stringify({
      message: 'You are not authorized to perform the requested action.',
      code: 'not.authorized',
      status: 403,
      contextId: CTX,
    }),
  }),
});

export const jsSdkInspect = `Error fetching recordings {
  status: 403,
  statusText: 'Forbidden',
  headers: {
    'content-type': 'application/json',
    'inin-correlation-id': '${CTX}'
  },
  body: {
    message: 'You are missing the following permission(s): [recording:screenRecording:view]',
    code: 'missing.permissions',
    status: 403,
    messageParams: {},
    contextId: '${CTX}',
    details: [],
    errors: []
  },
  text: '...',
  error: [Error: Forbidden]
}
    at /app/node_modules/purecloud-platform-client-v2/dist/node/purecloud-platform-client-v2.js:1212:17`;

export const pythonApiException = `Traceback (most recent call last):
  File "/srv/app/sync.py", line 42, in fetch
    recordings = api_instance.get_conversation_recordings("${CONV}")
  File "/usr/lib/python3.11/site-packages/PureCloudPlatformClientV2/apis/recording_api.py", line 2201, in get_conversation_recordings
PureCloudPlatformClientV2.rest.ApiException: (403)
Reason: Forbidden
HTTP response headers: HTTPHeaderDict({'Content-Type': 'application/json', 'inin-correlation-id': '${CTX}'})
HTTP response body: {"message":"You must have at least one of the following permissions assigned: [recording:recording:view, recording:recordingSegment:view]","code":"missing.any.permissions","status":403,"contextId":"${CTX}","details":[],"errors":[]}`;

export const javaApiException = `com.mypurecloud.sdk.v2.ApiException: You are missing the following permission(s): [recording:screenRecording:view]
\tat com.mypurecloud.sdk.v2.ApiClient.invokeAPI(ApiClient.java:603)
\tat com.mypurecloud.sdk.v2.api.RecordingApi.getRecordingsScreensessionsDetails(RecordingApi.java:4120)
\tat com.acme.archiver.ScreenSync.run(ScreenSync.java:88)`;

export const dotnetApiException = `PureCloudPlatform.Client.V2.Client.ApiException: Error calling GetConversationRecordings: {"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"messageParams":{},"contextId":"${CTX}","details":[],"errors":[]}
   at PureCloudPlatform.Client.V2.Api.RecordingApi.GetConversationRecordingsWithHttpInfo(String conversationId)`;

export const goSdkError = `2024/05/02 10:11:12 platformclientv2: API Error: 403 - You are missing the following permission(s): [recording:recording:view] (${CTX})`;

export const curlVerbose = `* Connected to api.mypurecloud.ie (52.1.2.3) port 443
> GET /api/v2/conversations/${CONV}/recordings HTTP/1.1
> Host: api.mypurecloud.ie
> User-Agent: curl/8.4.0
> Accept: */*
>
< HTTP/1.1 403 Forbidden
< Content-Type: application/json
< ININ-Correlation-Id: ${CTX}
<
{"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"contextId":"${CTX}"}`;

export const curlCommandPut = `$ curl -s -X PUT "https://api.usw2.pure.cloud/api/v2/conversations/${CONV}/recordings/${REC}" -H "Content-Type: application/json" -d '{"archiveDate":"2025-01-01T00:00:00Z"}'
{"message":"You are missing the following permission(s): [recording:recording:editRetention]","code":"missing.permissions","status":403,"contextId":"${CTX}"}`;

export const accessLog = `10.20.30.40 - - [02/May/2024:10:11:12 +0000] "GET /api/v2/recordings/screensessions/details HTTP/1.1" 403 187 "-" "axios/1.6.8"`;

export const terraformExport = `genesyscloud_tf_export.export: Creating...
│ Error: failed to get page of journey action maps error: API Error: 403 - Unable to perform the requested action. You must have at least one of the following permissions assigned: [journey:actionmap:view] (c5fad4cb-d540-4913-be4a-761b3dec1281)
│ To continue exporting other resources in spite of this error, set the 'log_permission_errors' attribute to 'true'
│{"resourceName":"genesyscloud_journey_action_map","method":"GET","path":"/api/v2/journey/actionmaps","statusCode":403,"errorMessage":"API
│ Error: 403 - Unable to perform the requested action. You must have at least one of the following permissions
│ assigned: [journey:actionmap:view]
│ (c5fad4cb-d540-4913-be4a-761b3dec1281)","correlationId":"c5fad4cb-d540-4913-be4a-761b3dec1281"}`;

export const gcCli = `$ gc conversations recordings list ${CONV}
{
  "message": "Unable to perform the requested action. You must have at least one of the following permissions assigned: [recording:recording:view]",
  "code": "missing.any.permissions",
  "status": 403,
  "contextId": "${CTX}"
}`;

export const postman = `In Postman: POST https://api.mypurecloud.de/api/v2/recording/jobs -> 403 Forbidden
{"message":"You are missing the following permission(s): [recording:job:add]","code":"missing.permissions","status":403,"contextId":"${CTX}"}`;

/** As Slack delivers it: code fence, HTML entities for < > &, link markup. */
export const slackCurlEncoded = `can someone look at this? \`\`\`&gt; GET /api/v2/conversations/${CONV}/recordings?maxWaitMs=5000&amp;formatId=WEBM HTTP/1.1
&gt; Host: api.mypurecloud.com
&lt; HTTP/1.1 403 Forbidden
&lt; ININ-Correlation-Id: ${CTX}
{"message":"You are missing the following permission(s): [recording:screenRecording:view]","code":"missing.permissions","status":403}\`\`\``;

export const slackLinkProse = `we get a 403 on GET <https://api.mypurecloud.com.au/api/v2/conversations/${CONV}/recordings|api.mypurecloud.com.au/api/v2/conversations/${CONV}/recordings> since yesterday`;

export const slackQuotedPretty = `&gt; {
&gt;   "message": "You are missing the following permission(s): [recording:screenRecording:view]",
&gt;   "code": "missing.permissions",
&gt;   "status": 403,
&gt;   "contextId": "${CTX}"
&gt; }`;

export const proseMethodPath = '403 on POST /api/v2/recording/jobs when our app starts the export';
export const proseForbidden = `getting forbidden when calling GET /api/v2/conversations/${CONV}/recordings`;
export const proseScopesMentioned = `Our premium app has the recordings and recordings:readonly scopes but still gets 403 from GET /api/v2/recordings/screensessions/details`;
export const bareSentence = 'You are missing the following permission(s): [recording:screenRecording:view]';
export const axiosError = `AxiosError: Request failed with status code 403
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
  config: {
    url: 'https://api.mypurecloud.jp/api/v2/users/${USER}/roles',
    method: 'get',
  },
  data: { message: 'You must have at least one of the following permissions assigned: [authorization:grant:view]', code: 'missing.any.permissions', status: 403 }`;
export const notAuthorizedNonInteraction = `{"message":"You are not authorized to perform the requested action.","code":"not.authorized","status":403,"contextId":"${CTX}"} from GET /api/v2/recordings/screensessions/details`;
export const scopeWorded = `{"message":"The OAuth token does not have the required scope for this operation.","code":"not.authorized","status":403,"contextId":"${CTX}"}`;
export const pythonDictRepr = `error body: {'message': 'You are missing the following permission(s): [recording:recording:view]', 'code': 'missing.permissions', 'status': 403, 'contextId': '${CTX}'} client_id=${CLIENT}`;
export const oauthClientPath = `403 Forbidden on PUT https://api.cac1.pure.cloud/api/v2/oauth/clients/${CLIENT}: {"message":"You are missing the following permission(s): [oauth:client:edit]","code":"missing.permissions","status":403}`;

// ---- other Genesys statuses ----
export const curl401 = `> GET /api/v2/tokens/me HTTP/1.1
> Host: api.mypurecloud.com
< HTTP/1.1 401 Unauthorized
{"message":"Authentication required to access this resource","code":"authentication.required","status":401}`;
export const notFound404 = `{"message":"Conversation ${CONV} not found","code":"not.found","status":404,"contextId":"${CTX}"} GET /api/v2/conversations/${CONV}/recordings`;
export const rateLimited429 = `│ Error: API Error: 429 - Rate limit exceeded the maximum [300] requests within [60] seconds (${CTX})`;
export const badRequest400 = `PureCloudPlatformClientV2.rest.ApiException: (400)
Reason: Bad Request
HTTP response body: {"message":"The date is invalid","code":"invalid.date","status":400,"contextId":"${CTX}"}`;
export const loginInvalidClient = `POST https://login.mypurecloud.com/oauth/token returned 401: {"error":"invalid_client","description":"client not found","error_description":"client not found"}`;

// ---- not Genesys 403s ----
export const negatives: Record<string, string> = {
  chat403: 'anyone else seeing 403s today?',
  chatForbidden: "lol that channel is forbidden territory, don't post there",
  chatNumbers: 'we have 403 agents on Genesys and 500 seats',
  chatFixed: 'the 403 on the recordings API is fixed now, thanks Genesys team',
  awsS3: `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>
HTTP/1.1 403 Forbidden x-amz-request-id: 4442587FB7D0A2F9`,
  awsCli:
    'An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:sts::123456789012:assumed-role/app/i-0abc is not authorized to perform: secretsmanager:GetSecretValue (403)',
  slackApi:
    '{"ok":false,"error":"missing_scope","needed":"chat:write:bot","provided":"channels:read"} (HTTP 403 from slack.com/api/chat.postMessage)',
  github: `HTTP 403 {"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/issues/comments","status":"403"}`,
  nginxProxy: `calling https://api.mypurecloud.com/api/v2/users/me through our proxy returns:
<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx/1.25.3</center></body></html>`,
  bareNotAuthorized: '{"code":"not.authorized","message":"Not authorized","status":403}',
  kubernetes: `kubernetes.client.exceptions.ApiException: (403)
Reason: Forbidden
HTTP response body: {"message":"pods \\"test-pod\\" is forbidden: User \\"system:serviceaccount:kube-system:my-scheduler\\" cannot patch resource \\"pods\\"","code":403}`,
  zendesk:
    '403 Forbidden from GET https://acme.zendesk.com/api/v2/users/12345 {"error":"Forbidden","description":"You do not have access to this page"}',
  cloudflare:
    'Error 1020 Access denied: 403 Forbidden, this website is using a security service (cloudflare) to protect itself',
  gcp: '{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}} from storage.googleapis.com',
  otherVendorCode: 'error: too.many.requests (status 429) from the billing service',
  azure:
    "(AuthorizationFailed) The client 'abc' with object id 'abc' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read' over scope '/subscriptions/x' 403",
  howTo: 'How do I call GET /api/v2/conversations/{conversationId}/recordings from a client credentials app?',
  success: `> GET /api/v2/tokens/me HTTP/1.1
> Host: api.mypurecloud.com
< HTTP/1.1 200 OK
{"organization":{"id":"x","name":"Acme"}}`,
  empty: '',
};

/** Everything above that is a Genesys error (for benchmarks and property tests). */
export const genesysPastes: string[] = [
  errorBodyMissing,
  prettyMissingAny,
  divisionList,
  divisionSuffix,
  escapedLogLine,
  doubleEscapedJsonLog,
  jsSdkInspect,
  pythonApiException,
  javaApiException,
  dotnetApiException,
  goSdkError,
  curlVerbose,
  curlCommandPut,
  accessLog,
  terraformExport,
  gcCli,
  postman,
  slackCurlEncoded,
  slackLinkProse,
  slackQuotedPretty,
  proseMethodPath,
  proseForbidden,
  proseScopesMentioned,
  bareSentence,
  axiosError,
  notAuthorizedNonInteraction,
  scopeWorded,
  pythonDictRepr,
  oauthClientPath,
  curl401,
  notFound404,
  rateLimited429,
  badRequest400,
  loginInvalidClient,
];
