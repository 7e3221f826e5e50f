/**
 * The shapes of names and ids in the config file, as plain patterns: the check's request parser and the CLI
 * test names with them without loading the config file's zod schema (src/config/schema.ts re-exports them).
 */
export const ORG_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const CHANNEL_ID_PATTERN = /^[CGD][A-Z0-9]{8,}$/;
export const USER_ID_PATTERN = /^[UW][A-Z0-9]{8,}$/;
export const USER_GROUP_ID_PATTERN = /^S[A-Z0-9]{8,}$/;
export const GENESYS_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
