import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { RolePageSchema } from '../../../src/genesys/models';
import { safeParseAnswer } from '../../../src/genesys/warm-parse';

describe('safeParseAnswer', () => {
  it("answers as safeParse does, valid or not, before and after the schema's fast path is compiled", () => {
    const page = {
      entities: [
        {
          id: 'r1',
          name: 'Viewer',
          permissionPolicies: [{ domain: 'recording', entityName: '*', actionSet: ['view'] }],
        },
      ],
      pageCount: 1,
      extra: { kept: true },
    };
    const bad = { entities: [{ id: 1, name: 'x' }], pageCount: 'one' };
    for (let i = 0; i < 12; i++) {
      expect(safeParseAnswer(RolePageSchema, page)).toEqual(RolePageSchema.safeParse(page));
      const refused = safeParseAnswer(RolePageSchema, bad);
      expect(refused.success).toBe(false);
      expect(refused.error?.issues).toEqual(RolePageSchema.safeParse(bad).error?.issues);
    }
  });

  it("skips zod's compiled fast path for a schema's first 8 parses only, counted per schema", () => {
    const schema = z.looseObject({ id: z.string() });
    const other = z.looseObject({ id: z.string() });
    const spy = vi.spyOn(schema, 'safeParse');
    for (let i = 0; i < 10; i++) safeParseAnswer(schema, { id: String(i) });
    safeParseAnswer(other, { id: 'x' });
    const jitless = spy.mock.calls.map((call) => (call[1] as { jitless?: boolean } | undefined)?.jitless === true);
    expect(jitless).toEqual([...Array(8).fill(true), false, false]);
    const otherSpy = vi.spyOn(other, 'safeParse');
    safeParseAnswer(other, { id: 'y' });
    expect(otherSpy.mock.calls[0]![1]).toEqual({ jitless: true });
  });
});
