/**
 * Text from Genesys (role and client names, error messages) or from users may carry control characters:
 * printed raw, a role name could repaint someone's terminal, and bidi controls could make an approval line
 * read differently from what it says ("grant Viewer" shown while the bytes say something else). One function
 * neutralises them for every renderer: the terminal (text.ts) and Slack (src/slack/blocks/text.ts).
 */

/** C0 except tab and newline, DEL, C1 (ESC, CSI, BEL, …): each becomes a space, so words stay apart. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the marks LRM, RLM and ALM: removed,
 * so text reads in the order its characters are stored.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Control characters → spaces, bidi controls removed; newlines and tabs stay. */
export function withoutControlChars(text: string): string {
  return text.replace(CONTROL, ' ').replace(BIDI, '');
}

/** What the terminal renderer prints: the shared neutralising. */
export function terminalSafe(text: string): string {
  return withoutControlChars(text);
}
