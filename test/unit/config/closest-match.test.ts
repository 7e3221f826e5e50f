import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../src/config/closest-match';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['region', 'regoin', 2],
    ['approvers', 'aprovers', 1],
  ])('%s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestMatch', () => {
  const keys = ['region', 'apiBaseUrl', 'loginBaseUrl', 'approvers', 'channels'];
  it.each([
    ['regoin', 'region'],
    ['apiBaseURL', 'apiBaseUrl'],
    ['channel', 'channels'],
    ['aproovers', 'approvers'],
    ['zzz', undefined],
    ['operations', undefined],
  ])('%s → %s', (input, expected) => {
    expect(closestMatch(input, keys)).toBe(expected);
  });
});
