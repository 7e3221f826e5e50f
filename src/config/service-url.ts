/**
 * Base URLs of services sr-check sends credentials to (Genesys API and login hosts, the Slack Web API).
 * https always; plain http only on this machine (the simulator and fake Slack in tests and demos),
 * so a typo cannot send client secrets or tokens across a network in clear text.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export type ServiceUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** Validates a base URL and returns it without trailing slashes. Messages never repeat the URL (it could carry credentials). */
export function checkServiceUrl(text: string): ServiceUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: 'is not a valid URL (expected e.g. https://api.mypurecloud.com)' };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message: 'must not contain a user name or password; credentials come from the environment or files',
    };
  }
  if (url.search !== '' || url.hash !== '') return { ok: false, message: 'must not have a query string or fragment' };
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.includes(url.hostname)) {
      return {
        ok: false,
        message: `uses http on ${url.hostname}; plain http is allowed only on loopback (${LOOPBACK_HOSTS.join(', ')}), use https`,
      };
    }
  } else if (url.protocol !== 'https:') {
    return { ok: false, message: `must use https (found ${url.protocol.replace(/:$/, '')})` };
  }
  return { ok: true, url: url.toString().replace(/\/+$/, '') };
}
