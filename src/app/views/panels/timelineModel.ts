/** The timeline's arithmetic, apart from React: its span, the stops ←/→ move between, the activity strip. */
import type { TimelineInfo } from '../../store/timeline.ts';

/** Bars of the activity strip (each a share of the span; changes counted into them). */
export const ACTIVITY_BUCKETS = 160;

export interface Span {
  start: number;
  end: number;
}

/** From the first moment to the live end (which moves on with the view's clock while live). */
export function spanOf(info: TimelineInfo | undefined, shown: number): Span {
  const start = info?.start ?? 0;
  const end = info ? (info.cursor === null ? Math.max(info.end, shown) : info.end) : shown;
  return { start, end: Math.max(end, start) };
}

/** The moments ←/→ stop at: every change and user action, sorted, without repeats. */
export function stopsOf(info: TimelineInfo | undefined): number[] {
  if (!info) return [];
  const all = [info.start, ...info.instants, ...info.marks.map((m) => m.t)];
  return [...new Set(all)].sort((a, b) => a - b);
}

/** The previous stop before `shown`, or the start. */
export function previousStop(stops: number[], shown: number, span: Span): number {
  let best = span.start;
  for (const s of stops) if (s < shown && s > best) best = s;
  return best;
}

/** The next stop after `shown`, or the live end. */
export function nextStop(stops: number[], shown: number, span: Span): number {
  for (const s of stops) if (s > shown && s <= span.end) return s;
  return span.end;
}

/** Share of the span at `t`, 0 … 1. */
export function fraction(t: number, span: Span): number {
  const width = span.end - span.start;
  return width <= 0 ? 1 : Math.min(1, Math.max(0, (t - span.start) / width));
}

/** How many changes fall in each bucket of the span. */
export function activity(instants: number[], span: Span, buckets = ACTIVITY_BUCKETS): number[] {
  const counts = Array.from({ length: buckets }, () => 0);
  const width = span.end - span.start;
  if (width <= 0) return counts;
  for (const t of instants) {
    if (t < span.start || t > span.end) continue;
    const i = Math.min(buckets - 1, Math.floor(((t - span.start) / width) * buckets));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** m:ss, or h:mm:ss past the hour (virtual time). */
export function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
}

/** True when a key press belongs to what has focus (typing, a native control, a widget with its own keys). */
export function keyBelongsToTarget(target: EventTarget | null, key: string): boolean {
  const el = target as (Element & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.isContentEditable || el.closest('input, textarea, select, .monaco-editor, [contenteditable="true"], .console')) return true;
  const role = el.getAttribute('role');
  if (role && ['tab', 'slider', 'radio', 'option', 'menuitem', 'listbox', 'grid', 'spinbutton', 'textbox', 'combobox'].includes(role)) return true;
  // Space presses buttons, links and focusable tiles; arrows are left to them only when they use them.
  if (key === ' ') return el.closest('button, a[href], summary, [tabindex]') !== null && el !== document.body;
  return false;
}
