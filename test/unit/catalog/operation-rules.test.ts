import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog, type Operation } from '../../../src/catalog/catalog';
import { requirementDomains, requirementFor } from '../../../src/catalog/operation-rules';

const catalog = loadCatalog();
const op = (method: string, template: string): Operation => catalog.get(method, template)!;
const RETENTION = op('PUT', '/api/v2/conversations/{conversationId}/recordings/{recordingId}');

describe('requirementDomains: the domains an assignable-permission read must cover', () => {
  it("the demo's three calls need the recording domain only", () => {
    const calls = [
      op('GET', '/api/v2/conversations/{conversationId}/recordings'),
      RETENTION,
      op('GET', '/api/v2/recordings/screensessions/details'),
    ];
    expect(requirementDomains(calls)).toEqual(['recording']);
  });

  it('gathers every domain of the calls, sorted, once; a call needing no permission adds none', () => {
    const synthetic: Operation = {
      method: 'GET',
      template: '/api/v2/x',
      api: 'X',
      operationId: 'x',
      mode: 'all',
      permissions: ['quality:evaluation:view', 'analytics:conversationDetail:view', 'quality:calibration:view'],
      deprecated: false,
    };
    expect(requirementDomains([synthetic, op('GET', '/api/v2/tokens/me'), RETENTION])).toEqual([
      'analytics',
      'quality',
      'recording',
    ]);
    expect(requirementDomains([op('GET', '/api/v2/tokens/me')])).toEqual([]);
  });

  it('covers whatever recording a call acts on: every permission requirementFor can ask is in one of them', () => {
    const ops = [...catalog.all()];
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(RETENTION), fc.constant(op('DELETE', '/api/v2/users/{userId}')), fc.constantFrom(...ops)),
        fc.option(fc.constantFrom('screen', 'audio', 'chat', 'email', ''), { nil: undefined }),
        fc.option(fc.constantFrom('AVAILABLE', 'ARCHIVED', 'DELETED', 'PARTIALLY_ARCHIVED'), { nil: undefined }),
        (call, media, fileState) => {
          const domains = requirementDomains([call]);
          const recording = { media, fileState, label: 'r', assumed: false };
          // Texts with no domain ("admin", "content_management_user") are never listed: nothing to read for them.
          for (const clause of requirementFor(call, recording).clauses)
            for (const permission of clause.anyOf)
              if (permission.includes(':')) expect(domains).toContain(permission.split(':')[0]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
