/**
 * Text objects for Block Kit. Everything that came from a user or from Genesys goes through `escapeText`
 * (Slack's three entities) and into mrkdwn objects with `verbatim: true`, so `<!channel>`, `<@U…>`,
 * `<!subteam^…>` and `@here` in a paste, an org name, a role name or an error message ping no one; and through
 * the renderers' shared `withoutControlChars`, so control and bidi characters cannot spoof an approval line.
 * Also the shared mentions and dates: only what looks like a Slack id becomes a mention.
 */
import { withoutControlChars } from '../../render/terminal';

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** `<@U…>` for something that is a Slack user id; anything else is shown as escaped text. */
export function userMention(id: string | undefined): string {
  if (!id) return 'someone';
  if (id === 'system') return 'sr-check';
  return USER_ID.test(id) ? `<@${id}>` : safeText(id);
}

/** `<#C…>` for what looks like a Slack channel id; undefined otherwise. */
export function channelMention(id: string | undefined): string | undefined {
  return id && CHANNEL_ID.test(id) ? `<#${id}>` : undefined;
}

/** Slack shows the reader's local time; the ISO text is the fallback for clients that cannot. */
export function slackDate(ms: number): string {
  const iso = new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
}

/** Slack's escaping: only &, < and > (FMT). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Belt and braces for plain words such as `@everyone`: they only notify when Slack auto-parses text
 * (verbatim false, link_names), which we never ask for; a word joiner after the `@` keeps them inert
 * even if some client parses them anyway, and reads the same.
 */
export function defuseBroadcastWords(text: string): string {
  return text.replace(/@(here|channel|everyone)\b/gi, '@\u2060$1');
}

/** Neutralised, escaped and defused: what untrusted text must become before it enters any Slack text field. */
export function safeText(text: string): string {
  return defuseBroadcastWords(escapeText(withoutControlChars(text)));
}

/**
 * Safe text cut to at most `max` characters (after escaping, so an entity is never split), ending with
 * `…` when something was cut.
 */
export function fitSafe(text: string, max: number): string {
  const safe = safeText(text);
  if (safe.length <= max) return safe;
  let low = 0;
  let high = Math.min(text.length, max);
  // Longest prefix of the raw text whose safe form plus the ellipsis fits.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (safeText(text.slice(0, mid)).length + 1 <= max) low = mid;
    else high = mid - 1;
  }
  return `${safeText(text.slice(0, low))}…`;
}

/** Cut already-safe text (our own markup around escaped parts) at `max`, never inside an entity. */
export function fitMarkup(markup: string, max: number): string {
  if (markup.length <= max) return markup;
  let cut = max - 1;
  const amp = markup.lastIndexOf('&', cut);
  if (amp >= 0 && markup.indexOf(';', amp) >= cut) cut = amp;
  return `${markup.slice(0, cut)}…`;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}

/** A mrkdwn object for text that is already safe (escaped parts inside our own markup). */
export function mrkdwn(safeMarkup: string): MrkdwnText {
  return { type: 'mrkdwn', text: safeMarkup, verbatim: true };
}

/**
 * For the plain strings of Block Kit that are not text objects (a button's `accessibility_label`, read aloud by
 * screen readers): neutralised by the same `withoutControlChars`, then cut to `max` characters, ending with `…`
 * when something was cut. Not escaped: Slack shows such strings as they are.
 */
export function fitPlainString(text: string, max: number): string {
  const plain = withoutControlChars(text);
  if (plain.length <= max) return plain;
  let cut = max - 1;
  // Never half a surrogate pair (an emoji cut in two).
  if (/[\ud800-\udbff]/.test(plain.charAt(cut - 1))) cut -= 1;
  return `${plain.slice(0, cut)}…`;
}

export function plainText(text: string, max: number): PlainText {
  return { type: 'plain_text', text: fitSafe(text, max), emoji: true };
}
