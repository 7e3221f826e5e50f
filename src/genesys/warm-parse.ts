/**
 * Schema checks of API answers, with zod's compiled fast path only once a schema is parsed often. zod 4 compiles
 * an object schema into a specialised parser (`new Function`) at its first parse; that code generation and
 * compilation cost more than the parse itself for a schema parsed once or twice, which is every schema in a CLI
 * run (~6 ms of a `sr-check org=demo` start, issue 26). zod's documented per-call option `jitless` ("Skip
 * eval-based fast path") checks the same way without it: the same schema, the same result, only slower per
 * object. A schema parsed JIT_AFTER times (a Slack app's checks, an `org=*` run over many orgs) is compiled.
 */
import type * as z from 'zod';

const JIT_AFTER = 8;
const JITLESS = { jitless: true } as const;
const parses = new WeakMap<z.ZodType, number>();

/** `schema.safeParse(data)`, without zod's compiled fast path for a schema's first JIT_AFTER parses. */
export function safeParseAnswer<S extends z.ZodType>(schema: S, data: unknown): z.ZodSafeParseResult<z.output<S>> {
  const seen = parses.get(schema) ?? 0;
  if (seen >= JIT_AFTER) return schema.safeParse(data);
  parses.set(schema, seen + 1);
  return schema.safeParse(data, JITLESS);
}
