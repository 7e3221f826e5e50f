/**
 * One row of the paste table: a message as someone would write it, and what sr-check must do with it.
 * `decision` is the Slack side's: `explain` (a Genesys 403: a reply, full for high confidence, brief for
 * medium), `hint` (another Genesys status), `silent` (nothing, or only the rotate warning when `secrets`).
 * Fields left out are not checked; `permissions: []` checks that none were read.
 */
import type { SecretKind } from '../../../../src/paste';

export type Shape =
  | 'prose'
  | 'bullet'
  | 'body-no-context'
  | 'old-style'
  | 'typographic-quotes'
  | 'foreign-shaped-body'
  | 'curl'
  | 'curl-no-api'
  | 'sdk'
  | 'terraform'
  | 'websocket'
  | 'oauth-token'
  | 'not-an-operation'
  | 'placeholder'
  | 'held'
  | 'secret'
  | 'other-status'
  | 'slack-encoded'
  | 'template-var'
  | 'elided-id'
  | 'line-break'
  | 'several-calls'
  | '401-and-403'
  | 'nested'
  // near misses
  | 'other-vendor'
  | 'other-service'
  | 'tutorial'
  | 'hypothetical'
  | 'code-sample'
  | 'count-or-id'
  | 'changelog'
  | 'metrics'
  | 'chat';

export interface Expected {
  decision: 'explain' | 'hint' | 'silent';
  confidence?: 'high' | 'medium' | 'low';
  code?: string;
  method?: string;
  /** The path as read (placeholders and ids kept). */
  path?: string;
  /** The catalog template the path resolves to. */
  template?: string;
  permissions?: string[];
  held?: string[];
  contextId?: string;
  layer?: string;
  surface?: 'oauth-token' | 'notifications-websocket';
  /** The nearest-operation answer for a path that is no operation. */
  notAnOperation?: boolean;
  status?: number;
  secrets?: SecretKind[];
  region?: string;
}

export interface Row {
  id: string;
  shape: Shape;
  text: string;
  expect: Expected;
}

export const near = (id: string, shape: Shape, text: string, secrets?: SecretKind[]): Row => ({
  id,
  shape,
  text,
  expect: { decision: 'silent', ...(secrets ? { secrets } : {}) },
});
