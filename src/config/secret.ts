/**
 * A secret value that refuses to be printed: JSON, string conversion and util.inspect all show
 * `[redacted]`, so a secret that strays into a log line, an error or a Slack message leaks nothing.
 * Only `reveal()` gives the value, and only code that sends it to Genesys should call it.
 */

import { inspect } from 'node:util';
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
