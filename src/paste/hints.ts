/** One line for a Genesys error that is not a 403: what it usually means, so nobody chases permissions. */
export function hintForStatus(status: number, code: string | undefined): string {
  if (status === 401 || code === 'invalid_client' || code === 'unauthorized_client') {
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      return 'The login host refused the client credentials (wrong client id or secret, a disabled client, or another region): a credentials problem, not permissions.';
    }
    return "Genesys did not accept the token (missing, expired, revoked, or issued by another region): get a fresh token from the org's own region; this is not a permission problem.";
  }
  if (status === 404) {
    return 'Genesys answered 404 not.found: the object (for example the conversation id) does not exist in this org and region, or the path is wrong; not a permission refusal.';
  }
  if (status === 429) {
    return 'Genesys rate-limited the caller (429 too.many.requests): wait the Retry-After seconds and spread requests out; permissions are not involved.';
  }
  if (status === 400 || status === 415 || status === 422) {
    return `Genesys rejected the request itself (${status}${code ? ` ${code}` : ''}): check the body, parameters and content type; permissions are not involved.`;
  }
  if (status >= 500) {
    return `Genesys had a server-side problem (${status}${code ? ` ${code}` : ''}): retry later, and give Genesys support the correlation id if it persists.`;
  }
  return `Genesys answered ${status}${code ? ` ${code}` : ''}, which is not a permission refusal (403).`;
}
