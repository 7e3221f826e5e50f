/** Block Kit limits (Slack reference, see /work/shared/reference/slack-platform.md §4). Renderers stay under them. */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextElements: 10,
  /** A text object inside a context block (the general text-object limit). */
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  /** Top-level message `text`: Slack truncates beyond 40,000 characters; stay well below. */
  fallbackText: 3000,
} as const;
