/**
 * 403s that come from somewhere other than a Platform API operation, and the old-style refusal sentence:
 * - `POST /oauth/token` on the login host: the login layer, where no role or permission is checked;
 * - the Notification API WebSocket (`wss://streaming.<env>/channels/...`);
 * - "Permission is forbidden on domain, 'responses', entity 'response', with action set '[view]'",
 *   which names permission `responses:response:view`.
 * Linear patterns only (literal anchors, bounded quantifiers).
 */
import { pushUnique } from './permission-tokens';
import { holds, holdsAny, lowerCase } from './literals';

export type Surface = 'oauth-token' | 'notifications-websocket';

export interface SurfaceMention {
  kind: Surface;
  /** What was called, as it should be shown (`POST https://login.mypurecloud.ie/oauth/token`). */
  call: string;
  /** The host when the text gave one. */
  host?: string;
}

const GENESYS_ENV = '(?:mypurecloud\\.(?:com\\.au|com|ie|de|jp)|(?:[a-z0-9]{2,10}\\.)?(?:us-gov-|eusc-)?pure\\.cloud)';
const OAUTH_TOKEN = new RegExp(
  `(?:\\b(POST|GET)\\s{1,3})?(?:https?:\\/\\/)?(login\\.${GENESYS_ENV})?\\/oauth\\/token\\b`,
  'i',
);
const STREAMING = new RegExp(`\\bwss?:\\/\\/(streaming\\.${GENESYS_ENV})(\\/[A-Za-z0-9/_.-]{0,200})?`, 'i');
/** "notification API websocket", "notifications channel", "streaming websocket", `Unexpected server response: 403` from ws. */
const NOTIFICATION_WORDS =
  /\bnotifications?\s{1,3}(?:api\s{1,3})?(?:web\s?socket|channel|stream)|\bweb\s?socket\b[^\n]{0,80}\bnotifications?\b|\bnotifications?\b[^\n]{0,80}\bweb\s?socket\b|\bstreaming\s{1,3}(?:web\s?socket|channel)/i;
const WS_STATUS =
  /Unexpected server response:\s{0,3}403|web\s?socket[^\n]{0,120}\b403\b|\b403\b[^\n]{0,120}web\s?socket|handshake[^\n]{0,80}\b403\b/i;

/** What NOTIFICATION_WORDS' every match holds, lowercased: one of these words. */
const NOTIFICATION_GATE = ['notification', 'socket', 'streaming'];

export function findSurface(text: string): SurfaceMention | undefined {
  // Literal gates (case-insensitive patterns match ASCII letters only to ASCII letters, so the lowercased text
  // holds their words): a streaming URL holds `://streaming.`.
  const lower = lowerCase(text);
  const stream = holds(lower, '://streaming.') ? STREAMING.exec(text) : null;
  if (stream)
    return {
      kind: 'notifications-websocket',
      call: `wss://${stream[1]!.toLowerCase()}${stream[2] ?? ''}`,
      host: stream[1]!.toLowerCase(),
    };
  if (holdsAny(lower, NOTIFICATION_GATE) && NOTIFICATION_WORDS.test(text) && WS_STATUS.test(text))
    return { kind: 'notifications-websocket', call: 'the Notification API WebSocket' };
  // Every OAUTH_TOKEN match holds `/oauth/token`; its optional method and host make it try every position.
  const token = /\/oauth\/token/i.test(text) ? OAUTH_TOKEN.exec(text) : null;
  if (
    token &&
    (token[2] ||
      token[1]?.toUpperCase() === 'POST' ||
      /\bclient[_ ]credentials|grant_type|token endpoint|\blogin\b/i.test(text))
  ) {
    const host = token[2]?.toLowerCase();
    return {
      kind: 'oauth-token',
      call: `POST ${host ? `https://${host}` : ''}/oauth/token`,
      ...(host ? { host } : {}),
    };
  }
  return undefined;
}

/**
 * Whether the surface, not a REST call, is what a status sentence refuses: some sentence with the status
 * names the surface's host or URL and none of the pasted paths.
 */
export function surfaceCarriesStatus(
  statusSentences: string[],
  surface: SurfaceMention,
  paths: Array<{ path: string }>,
): boolean {
  if (!surface.host) return false;
  const host = surface.host.toLowerCase();
  return statusSentences.some(
    (sentence) =>
      sentence.toLowerCase().includes(host) && !paths.some((p) => p.path.length > 1 && sentence.includes(p.path)),
  );
}

const OLD_STYLE =
  /Permission\s{1,3}is\s{1,3}forbidden\s{1,3}on\s{1,3}domain,?\s{0,3}['"]?([A-Za-z][A-Za-z0-9_-]{0,60})['"]?,?\s{0,3}entity\s{1,3}['"]?([A-Za-z*][A-Za-z0-9_*-]{0,60})['"]?,?\s{0,3}with\s{1,3}action\s{1,3}set\s{0,3}['"]?\[([^\]\n]{1,300})\]['"]?/gi;

export interface OldStyleRefusal {
  message: string;
  permissions: string[];
}

/** "Permission is forbidden on domain, 'responses', entity 'response', with action set '[view]'" → responses:response:view. */
export function findOldStyleRefusal(text: string): OldStyleRefusal | undefined {
  if (!/Permission\s{1,3}is\s{1,3}forbidden/i.test(text)) return undefined;
  OLD_STYLE.lastIndex = 0;
  const permissions: string[] = [];
  let message: string | undefined;
  let n = 0;
  for (let m = OLD_STYLE.exec(text); m && n < 10; m = OLD_STYLE.exec(text), n++) {
    message ??= m[0];
    for (const action of m[3]!.split(',').slice(0, 20)) {
      const clean = action.trim().replace(/^['"]|['"]$/g, '');
      if (/^[A-Za-z*][A-Za-z0-9_*-]{0,60}$/.test(clean)) pushUnique(permissions, `${m[1]}:${m[2]}:${clean}`);
    }
  }
  return message ? { message, permissions } : undefined;
}
