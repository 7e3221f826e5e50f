/**
 * A field computed the first time it is read, then kept as a plain value in the same place (key order and
 * JSON stay as if it had been built eagerly). The detector runs on every channel message; the premises and
 * nearest operations are wanted only for a reply that is actually rendered, so they are built then.
 */
import { findPremises } from './premises';
import type { PasteFinding } from './types';

export function settle<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): T[K] {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** The text each finding's premises are read from, until they are read. */
const premiseViews = new WeakMap<object, string>();

/**
 * One accessor pair for every finding: defining a property from a shared descriptor costs half what fresh
 * closures and a fresh descriptor do (measured, pastetok2). The value settles on the finding it was defined
 * on, as the closures did, even when read through an object that inherits from it.
 */
function premisesOwner(receiver: object): PasteFinding {
  let owner: object | null = receiver;
  while (owner !== null && !premiseViews.has(owner)) owner = Object.getPrototypeOf(owner) as object | null;
  return (owner ?? receiver) as PasteFinding;
}

const LAZY_PREMISES: PropertyDescriptor = {
  get(this: object) {
    const finding = premisesOwner(this);
    const view = premiseViews.get(finding) ?? '';
    premiseViews.delete(finding);
    return settle(finding, 'premises', findPremises(view));
  },
  set(this: object, value: PasteFinding['premises']) {
    const finding = premisesOwner(this);
    premiseViews.delete(finding);
    settle(finding, 'premises', value);
  },
  enumerable: true,
  configurable: true,
};

/** A finding's `premises`, read from `view` the first time they are asked for. */
export function defineLazyPremises(finding: PasteFinding, view: string): void {
  premiseViews.set(finding, view);
  Object.defineProperty(finding, 'premises', LAZY_PREMISES);
}
