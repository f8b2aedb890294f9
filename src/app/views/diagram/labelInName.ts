/**
 * A control's accessible name must contain the words drawn on it (WCAG 2.5.3, label in name), or
 * someone speaking what they see cannot reach it. Words are compared as axe-core compares them:
 * letters and digits only, parentheticals dropped, case ignored.
 */

function words(text: string): string[] {
  let s = text.normalize('NFKD');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** `label` when it already holds the `shown` words in order, else the shown words first, then the label. */
export function labelInName(shown: string, label: string): string {
  const need = words(shown);
  if (need.length === 0) return label;
  const have = words(label);
  for (let i = 0; i + need.length <= have.length; i++) if (need.every((w, j) => have[i + j] === w)) return label;
  return label ? `${shown}. ${label}` : shown;
}
