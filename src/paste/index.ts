/** Pasted errors: detect and read a Genesys Cloud 403 in a chat message, and spot pasted credentials. */
export { unknownCallInOp } from './parse';
export {
  answerSecrets,
  asksForHelp,
  decideAnswer,
  DECISION_TABLE,
  describeSecretSightings,
  parsePastedError,
  tierFor,
  rotateWarning,
  type PasteAnswer,
  type PasteDecided,
  type PasteSurface,
  type PasteTier,
} from './decision';
export { findPremises } from './premises';
export { findPastedSecrets } from './secrets';
export {
  describeFinding,
  describeHeld,
  describeNotAnOperation,
  describePremises,
  unknownPermissionLines,
} from './describe';
export { hintForStatus } from './hints';
export { MAX_PASTE_CHARS } from './normalize';
export type {
  LikelyLayer,
  NotAnOperation,
  PasteEvidence,
  PasteFinding,
  PasteParse,
  PasteSource,
  PastedOperation,
  PastedSurface,
  SecretKind,
  SecretSighting,
} from './types';
