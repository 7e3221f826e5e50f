/**
 * The SavedDetailsStore contract (issue 25 item 9c: each check's Details, ~100 KB, kept for 7 days, bounded per
 * person), on SQLite (two connections to one file) and PostgreSQL (two pools on one isolated schema): a person keeps
 * at most `count` Details and `bytes` bytes of them, the oldest dropped first, whichever replica wrote them; other
 * people's are untouched; expired ones are gone.
 */
import { expect, it } from 'vitest';
import { storePairContract } from '../../support/store-pair';

const DAY = 86_400;
const details = (n: number, size = 100) => ({ n, text: 'x'.repeat(size) });

storePairContract('SavedDetailsStore', (pair) => {
  it("a person's oldest Details are dropped beyond the count, whichever replica wrote them; others' are kept", async () => {
    const { a, b, clock } = await pair();
    const cap = { count: 3, bytes: 1_000_000 };
    await a.saveDetails('other-1', 'U2', details(0), 7 * DAY, cap);
    for (let n = 1; n <= 5; n += 1) {
      clock.t += 1000;
      await (n % 2 ? a : b).saveDetails(`d-${n}`, 'U1', details(n), 7 * DAY, cap);
    }
    const kept = await Promise.all([1, 2, 3, 4, 5].map((n) => b.getDetails(`d-${n}`)));
    expect(kept.map((d) => (d as { n: number } | undefined)?.n)).toEqual([undefined, undefined, 3, 4, 5]);
    expect(await a.getDetails('other-1')).toEqual(details(0));
  });

  it("a person's oldest Details are dropped beyond the bytes; the newest is kept even when it alone is larger", async () => {
    const { a, clock } = await pair();
    const cap = { count: 100, bytes: 2_500 };
    for (let n = 1; n <= 3; n += 1) {
      clock.t += 1000;
      await a.saveDetails(`d-${n}`, 'U1', details(n, 1_000), 7 * DAY, cap);
    }
    expect(await a.getDetails('d-1')).toBeUndefined();
    expect(await a.getDetails('d-2')).toEqual(details(2, 1_000));
    clock.t += 1000;
    await a.saveDetails('d-big', 'U1', details(9, 5_000), 7 * DAY, cap);
    expect(await a.getDetails('d-big')).toEqual(details(9, 5_000));
    expect(await a.getDetails('d-3')).toBeUndefined();
  });

  it('Details saved at the same millisecond keep their order; saving one id twice keeps one', async () => {
    const { a } = await pair();
    const cap = { count: 2, bytes: 1_000_000 };
    for (const n of [1, 2, 3]) await a.saveDetails(`d-${n}`, 'U1', details(n), 7 * DAY, cap);
    await a.saveDetails('d-3', 'U1', details(3), 7 * DAY, cap);
    expect(await a.getDetails('d-1')).toBeUndefined();
    expect(await a.getDetails('d-2')).toEqual(details(2));
    expect(await a.getDetails('d-3')).toEqual(details(3));
  });

  it('expired Details are gone', async () => {
    const { a, b, clock } = await pair();
    await a.saveDetails('d-1', 'U1', details(1), 60, { count: 10, bytes: 1_000_000 });
    clock.t += 60_000;
    expect(await b.getDetails('d-1')).toBeUndefined();
  });
});
