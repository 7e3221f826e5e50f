import { describe, expect, it } from 'vitest';
import { formatPermission, parsePermission } from '../../../src/catalog/permissions';

describe('parsePermission', () => {
  it.each([
    ['recording:screenRecording:view', { domain: 'recording', entity: 'screenRecording', action: 'view' }],
    [' recording:*:* ', { domain: 'recording', entity: '*', action: '*' }],
    [
      'routing:queue:view:d0000000-0000-4000-8000-000000000002',
      { domain: 'routing', entity: 'queue', action: 'view', division: 'd0000000-0000-4000-8000-000000000002' },
    ],
    ['admin', undefined],
    ['content_management_user', undefined],
    ['a:b', undefined],
    ['a:b:c:d:e', undefined],
    ['', undefined],
  ])('%j', (text, expected) => {
    expect(parsePermission(text)).toEqual(expected);
  });

  it('formats without the division', () => {
    expect(formatPermission(parsePermission('routing:queue:view:d1')!)).toBe('routing:queue:view');
  });
});
