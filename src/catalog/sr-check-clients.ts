/**
 * The permissions sr-check's own OAuth clients need, one source of truth for docs/deploy.md (its tables are
 * checked against this list and the catalog by test/unit/deploy/genesys-permissions.test.ts) and for
 * `sr-check doctor`, which checks a configured diagnostic client's roles against it.
 * `always`: some check cannot run without it; `sometimes`: only one kind of request needs it (`whenMissing` says which).
 */
export interface OwnClientPermission {
  permission: string;
  need: 'always' | 'sometimes';
  /** What goes wrong without it (for `sometimes`, which requests). */
  whenMissing: string;
}

export const DIAGNOSTIC_CLIENT_PERMISSIONS: readonly OwnClientPermission[] = [
  {
    permission: 'oauth:client:view',
    need: 'always',
    whenMissing: 'the target OAuth client (its state and roles) cannot be read',
  },
  {
    permission: 'oauth:client:authorize',
    need: 'sometimes',
    whenMissing: 'an external or premium app (created in another org) gets verdict unknown',
  },
  { permission: 'authorization:role:view', need: 'always', whenMissing: 'what each role grants cannot be read' },
  { permission: 'authorization:grant:view', need: 'always', whenMissing: "a user's grants cannot be read" },
  {
    permission: 'conversation:communication:view',
    need: 'always',
    whenMissing: 'the conversation and its divisions cannot be read',
  },
  {
    permission: 'recording:screenRecording:view',
    need: 'always',
    whenMissing: "a conversation's recordings and their file state cannot be read",
  },
];

export const FIXER_CLIENT_PERMISSIONS: readonly OwnClientPermission[] = [
  {
    permission: 'oauth:client:view',
    need: 'always',
    whenMissing: 'the client cannot be re-read just before changing it',
  },
  { permission: 'oauth:client:edit', need: 'always', whenMissing: 'roles and scopes cannot be added to OAuth clients' },
  { permission: 'authorization:role:view', need: 'always', whenMissing: 'the role to grant cannot be confirmed' },
  { permission: 'authorization:grant:add', need: 'always', whenMissing: 'roles cannot be granted to users' },
  {
    permission: 'authorization:grant:delete',
    need: 'always',
    whenMissing: 'time-bound grants cannot be revoked when they expire',
  },
  {
    permission: 'oauth:token:delete',
    need: 'always',
    whenMissing: "a user's tokens cannot be revoked so new ones carry the new roles",
  },
];
