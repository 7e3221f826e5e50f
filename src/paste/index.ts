/** Pasted errors: detect and read a Genesys Cloud 403 in a chat message, and spot pasted credentials. */
export { parsePastedError } from './parse';
export { findPastedSecrets } from './secrets';
export { describeFinding } from './describe';
export { hintForStatus } from './hints';
export { MAX_PASTE_CHARS } from './normalize';
export type {
  LikelyLayer,
  PasteFinding,
  PasteParse,
  PasteSource,
  PastedOperation,
  SecretKind,
  SecretSighting,
} from './types';
