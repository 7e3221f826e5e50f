/**
 * Text from Genesys (role and client names, error messages) or from users may carry terminal control
 * sequences; printing it raw would let an org admin's role name repaint someone's terminal.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces control characters (ESC, CSI, BEL, …) with spaces; newlines and tabs stay. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, ' ');
}
