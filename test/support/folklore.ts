/** The question sr-check exists for (issue 11, paraphrased from a real thread). */
export const SEED_QUESTION =
  'Our AppFoundry premium app archives agent desktop sessions. `POST https://api.mypurecloud.com/api/v2/interaction/screenrecordings` ' +
  'answers 403 although the token has `screen_recording:read`. Answers said: add `screen_recording:write` to the client-credentials ' +
  "token request, give the service account the 'Screen Recording Admin' or 'Agent Desktop Administrator' role under Admin > Users, " +
  "configure the scope under 'API Keys', regenerate the token because the old one will not inherit the role. Is there a delay in " +
  'permission propagation after updating the OAuth scopes, or a hidden prerequisite?';
