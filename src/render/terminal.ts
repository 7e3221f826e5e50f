/**
 * Text from Genesys (role and client names, error messages) or from users may carry control characters:
 * printed raw, a role name could repaint someone's terminal, and bidi controls could make an approval line
 * read differently from what it says ("grant Viewer" shown while the bytes say something else). One function
 * neutralises them for every renderer: the terminal (text.ts) and Slack (src/slack/blocks/text.ts).
 */

/**
 * C0 except tab and newline, DEL, C1 (ESC, CSI, BEL, …), and the line and paragraph separators U+2028/U+2029
 * (a line break in some clients, none in others): each becomes a space, so words stay apart.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/**
 * Removed, so text reads in the order its characters are stored and shows all it holds: bidi embeddings,
 * overrides and isolates (U+202A–202E, U+2066–2069), the marks LRM, RLM and ALM (U+200E, U+200F, U+061C), and
 * the zero-width characters (U+200B–U+200D, the BOM U+FEFF) that can hide inside a name ("ad\u200Bmin").
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;

/** Control characters and separators → spaces, bidi and zero-width characters removed; newlines and tabs stay. */
export function withoutControlChars(text: string): string {
  return text.replace(CONTROL, ' ').replace(INVISIBLE, '');
}

/** What the terminal renderer prints: the shared neutralising. */
export function terminalSafe(text: string): string {
  return withoutControlChars(text);
}
