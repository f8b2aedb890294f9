import { describe, expect, it } from 'vitest';
import { mapSelectorMatches, selectorMatches } from './labels.ts';
import type { LabelSelector } from './types.ts';

describe('mapSelectorMatches', () => {
  it.each([
    ['no selector', undefined, { app: 'web' }, false],
    ['an empty selector matches nothing', {}, { app: 'web' }, false],
    ['every pair present', { app: 'web', tier: 'fe' }, { app: 'web', tier: 'fe', extra: 'x' }, true],
    ['one pair differs', { app: 'web', tier: 'fe' }, { app: 'web', tier: 'be' }, false],
    ['no labels', { app: 'web' }, undefined, false],
  ] as const)('%s', (_name, selector, labels, want) => {
    expect(mapSelectorMatches(selector as Record<string, string> | undefined, labels as Record<string, string> | undefined)).toBe(want);
  });

  it('counts only own keys of the selector', () => {
    const selector = Object.create({ inherited: 'x' }) as Record<string, string>;
    expect(mapSelectorMatches(selector, { inherited: 'x' })).toBe(false);
    selector['app'] = 'web';
    expect(mapSelectorMatches(selector, { app: 'web' })).toBe(true);
  });
});

describe('selectorMatches', () => {
  it.each<[string, LabelSelector | undefined, Record<string, string> | undefined, boolean]>([
    ['no selector', undefined, { app: 'web' }, false],
    ['an empty selector matches everything', {}, { app: 'web' }, true],
    ['matchLabels all present', { matchLabels: { app: 'web' } }, { app: 'web', x: 'y' }, true],
    ['matchLabels one differs', { matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web' }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, { tier: 'be' }, true],
    ['NotIn absent', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] }, {}, true],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { tier: '' }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'fe' }, false],
    ['labels and expressions', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, { app: 'web', tier: 'be' }, false],
  ])('%s', (_name, selector, labels, want) => {
    expect(selectorMatches(selector, labels)).toBe(want);
  });
});
