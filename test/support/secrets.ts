/**
 * Secrets the test suite configures, collected so the leak check knows what to look for.
 * Every test secret contains LEAK_CANARY; every simulator-issued token matches ISSUED_TOKEN_PATTERN.
 */
export const LEAK_CANARY = 'LEAKCANARY';
export const ISSUED_TOKEN_PATTERN = /simtok_[A-Za-z0-9_-]{8,}/;

export function knownTestSecrets(): string[] {
  return [LEAK_CANARY];
}
