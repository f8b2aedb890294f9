import { describe, expect, it } from 'vitest';
import { labelInName } from './labelInName.ts';

describe('labelInName', () => {
  it.each([
    ['the label already says what is drawn', 'web-0 Running · 1/1', 'web-0, Running 1/1, rev 1', 'web-0, Running 1/1, rev 1'],
    ['case, punctuation and icons do not matter', 'WEB-0 ✓', 'web-0, Running', 'web-0, Running'],
    ['parentheticals are dropped on both sides', 'standard (default)', 'standard', 'standard'],
    ['a shortened name is not in the label: drawn words go first', 'pvc-ced87b88-d…', 'pvc-ced87b88-daaf, Bound', 'pvc-ced87b88-d…. pvc-ced87b88-daaf, Bound'],
    ['words out of order are not contained', 'Bound www-web-0', 'www-web-0, Bound', 'Bound www-web-0. www-web-0, Bound'],
    ['Chinese words are compared too', '3/3 就绪 · OrderedReady', 'StatefulSet web, 3/3 就绪, OrderedReady', 'StatefulSet web, 3/3 就绪, OrderedReady'],
    ['nothing drawn: the label stands', '', 'node-1', 'node-1'],
    ['no label: the drawn words are the name', 'web-1', '', 'web-1'],
  ])('%s', (_case, shown, label, expected) => {
    expect(labelInName(shown, label)).toBe(expected);
  });
});
