/** The check's key=value words and bare flags: a module of its own so the CLI can name them without loading the grammar. */
export const KEYS = ['org', 'client', 'user', 'interaction', 'op', 'scenario', 'compare'] as const;
export const FLAGS = ['fresh', 'watch'] as const;
