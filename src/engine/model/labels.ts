import type { LabelSelector } from './types.ts';

/**
 * Whether `labels` satisfy `selector`, as metav1.LabelSelectorAsSelector(...).Matches does. An empty
 * selector matches everything; a missing selector matches nothing (callers decide which they mean).
 */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  // for…in over own keys: what Object.entries visits, without an array of pairs per call.
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const key in matchLabels) {
      if (Object.hasOwn(matchLabels, key) && have[key] !== matchLabels[key]) return false;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, req.key);
    const value = have[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (present && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service-style selector (plain map): matches when every pair is present. Empty map matches nothing. */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  // for…in over own keys (no key and pair arrays per call; the engine asks for every pod write).
  let empty = true;
  for (const k in selector) {
    if (!Object.hasOwn(selector, k)) continue;
    empty = false;
    if (have[k] !== selector[k]) return false;
  }
  return !empty;
}

/** Parses a kubectl `-l` selector string: `a=b,c!=d,e in (x,y),!f,g`. Returns undefined when malformed. */
export function parseSelector(text: string): LabelSelector | undefined {
  const selector: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  const parts = text.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=)\s*([\w.-]*)$/.exec(part))) selector.matchLabels[m[1] ?? ''] = m[3] ?? '';
    else if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(part)))
      selector.matchExpressions.push({ key: m[1] ?? '', operator: 'NotIn', values: [m[2] ?? ''] });
    else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part)))
      selector.matchExpressions.push({
        key: m[1] ?? '',
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values: (m[3] ?? '').split(',').map((v) => v.trim()).filter(Boolean),
      });
    else if ((m = /^!([\w./-]+)$/.exec(part))) selector.matchExpressions.push({ key: m[1] ?? '', operator: 'DoesNotExist' });
    else if ((m = /^([\w./-]+)$/.exec(part))) selector.matchExpressions.push({ key: m[1] ?? '', operator: 'Exists' });
    else return undefined;
  }
  return selector;
}
