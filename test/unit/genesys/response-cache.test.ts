import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../src/genesys/response-cache';
import { ok } from '../../../src/genesys/result';

describe('ResponseCache', () => {
  const caches: ResponseCache[] = [];
  afterEach(() => {
    for (const c of caches.splice(0)) c.close();
  });
  function cache(now: () => number): ResponseCache {
    const c = new ResponseCache(60, now);
    caches.push(c);
    return c;
  }

  it('freezes an answer when stored: a caller cannot edit what the next caller sees', async () => {
    const c = cache(() => 0);
    await c.get('roles', false, async () => ok([{ id: 'r1' }]));
    const first = await c.get<Array<{ id: string }>>('roles', false, async () => ok([]));
    expect(first.ok && first.value).toEqual([{ id: 'r1' }]);
    expect(() => {
      if (first.ok) first.value[0]!.id = 'edited';
    }).toThrow(TypeError);
    const second = await c.get<Array<{ id: string }>>('roles', false, async () => ok([]));
    expect(second.ok && second.value).toEqual([{ id: 'r1' }]);
  });

  it('keeps a frozen answer as it is, for the same time to live', async () => {
    let t = 0;
    const c = cache(() => t);
    const list = Object.freeze(['a:b:c']) as string[];
    await c.get('perms', false, async () => ok(list));
    const again = await c.get('perms', false, async () => ok(['other']));
    expect(again.ok && again.value).toBe(list);
    t = 61_000;
    const expired = await c.get('perms', false, async () => ok(['fresh']));
    expect(expired.ok && expired.value).toEqual(['fresh']);
    // A fresh answer (frozen in turn) replaces it.
    expect((await c.get('perms', false, async () => ok([]))).ok).toBe(true);
    const latest = await c.get<string[]>('perms', false, async () => ok([]));
    expect(latest.ok && latest.value).toEqual(['fresh']);
  });
});
