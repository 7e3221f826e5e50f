/**
 * A field computed the first time it is read, then kept as a plain value in the same place (key order and
 * JSON stay as if it had been built eagerly). The detector runs on every channel message; the premises and
 * nearest operations are wanted only for a reply that is actually rendered, so they are built then.
 */
export function settle<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): T[K] {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}
