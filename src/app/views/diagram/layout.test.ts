/**
 * The diagram's windowing: the picture's extent covers every column, but a viewport gets only the
 * shapes it meets (plus OVERSCAN columns each side); a selected pod off screen is scrolled into view.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../engine/index.ts';
import { defaultExample } from '../../../engine/test/fixtures.ts';
import { buildView } from '../../../worker/view.ts';
import type { ClusterView } from '../../../worker/viewModel.ts';
import { arrange, CARD_W, COL_W, computeLayout, OVERSCAN, PAD, scrollToShow } from './layout.ts';

let cached: ClusterView | undefined;
/** 120 Ready pods of one Parallel StatefulSet, each with a bound claim, volume and DNS record. */
function bigView(): ClusterView {
  if (cached) return cached;
  const c = createCluster({ nodes: 4 });
  c.apply(defaultExample({ replicas: 120, policy: 'Parallel' }));
  c.settle();
  cached = buildView(c);
  return cached;
}

const ordinal = (name: string) => Number(name.slice(name.lastIndexOf('-') + 1));

describe('diagram windowing', () => {
  it('lays out every column: the extent grows with the pods, and without a viewport everything is drawn', () => {
    const view = bigView();
    const whole = computeLayout(view, 1200);
    expect(whole.pods).toHaveLength(120);
    expect(whole.claims).toHaveLength(120);
    expect(whole.volumes).toHaveLength(120);
    // One record per pod the view carries records for (the worker may send fewer than all).
    const records = view.services.find((s) => s.name === 'nginx')?.records.filter((r) => r.pod).length ?? 0;
    expect(records).toBeGreaterThan(0);
    expect(whole.dns.filter((d) => d.service === 'nginx')).toHaveLength(records);
    expect(whole.width).toBeGreaterThanOrEqual(120 * COL_W);
    expect(whole.overflow).toBe(true);
    const last = whole.positions.get('web-119');
    expect(last && last.x + CARD_W).toBeLessThanOrEqual(whole.width);
  });

  it.each([
    { name: 'at the start', x: 0, width: 1000 },
    { name: 'in the middle', x: 40 * COL_W + 17, width: 1000 },
    { name: 'on a phone', x: 70 * COL_W, width: 390 },
    { name: 'at the end', x: 120 * COL_W - 900, width: 1000 },
  ])('returns only what meets the viewport plus overscan ($name)', ({ x, width }) => {
    const view = bigView();
    const whole = computeLayout(view, 1200);
    const part = computeLayout(view, 1200, { x, width });
    // The same extent, whatever is drawn.
    expect(part.width).toBe(whole.width);
    expect(part.height).toBe(whole.height);
    const lo = x - OVERSCAN * COL_W;
    const hi = x + width + OVERSCAN * COL_W;
    const expected = whole.pods.filter((p) => p.x + CARD_W > lo && p.x < hi).map((p) => p.item.name);
    expect(part.pods.map((p) => p.item.name).sort()).toEqual(expected.sort());
    // Every pod on screen is drawn; nothing further than the overscan is.
    for (const p of whole.pods) if (p.x + CARD_W > x && p.x < x + width) expect(expected).toContain(p.item.name);
    expect(part.pods.length).toBeLessThanOrEqual(Math.ceil(width / COL_W) + 2 * OVERSCAN + 1);
    // Claims, volumes, records and edges follow their pods' columns.
    const shown = new Set(expected);
    expect(part.claims.map((c) => c.item.name.replace(/^www-/, '')).sort()).toEqual([...shown].sort());
    expect(part.volumes).toHaveLength(shown.size);
    const cells = (l: typeof whole) => l.dns.filter((d) => d.service === 'nginx' && d.x + CARD_W > lo && d.x < hi).map((d) => d.key);
    expect(part.dns.filter((d) => d.service === 'nginx').map((d) => d.key)).toEqual(cells(whole));
    expect(part.dns.every((d) => d.service !== 'nginx' || shown.has(d.label.split('.')[0] ?? ''))).toBe(true);
    expect(part.edges.filter((e) => e.key.startsWith('p:'))).toHaveLength(shown.size);
    // Every pod still has its position, drawn or not.
    expect(part.positions.size).toBe(120);
    // The pan control's text names the first and last pod actually on screen.
    const onScreen = whole.pods.filter((p) => p.x + CARD_W > x && p.x < x + width).map((p) => ordinal(p.item.name));
    expect(part.inView).toEqual({ first: `web-${Math.min(...onScreen)}`, last: `web-${Math.max(...onScreen)}` });
  });

  it('keeps the band frame and its title at the viewport while scrolled far into the band', () => {
    const view = bigView();
    const x = 80 * COL_W;
    const part = computeLayout(view, 1200, { x, width: 1000 });
    const band = part.decor.find((d) => d.type === 'band' && d.band.kind === 'StatefulSet');
    expect(band?.type).toBe('band');
    if (band?.type !== 'band') return;
    expect(band.x + band.dx).toBe(x);
    expect(computeLayout(view, 1200, { x: 0, width: 1000 }).decor.find((d) => d.type === 'band')).toMatchObject({ dx: 0 });
    // Nodes and StorageClasses belong to no column: they stay in view.
    const nodes = part.decor.filter((d) => d.type === 'node');
    expect(nodes).toHaveLength(view.nodes.length);
    for (const n of nodes) expect(n.x).toBeGreaterThanOrEqual(x);
    expect(part.classes).toHaveLength(view.classes.length);
    for (const c of part.classes) expect(c.x).toBeGreaterThanOrEqual(x);
  });

  it('positions the same shapes from a kept arrangement as from scratch, for any viewport', () => {
    const view = bigView();
    const kept = arrange(view);
    for (const viewport of [{ x: 0, width: 800 }, { x: 55 * COL_W, width: 1400 }]) {
      const a = computeLayout(view, 1200, viewport, kept);
      const b = computeLayout(view, 1200, viewport);
      expect(a.pods.map((p) => [p.key, p.x, p.y])).toEqual(b.pods.map((p) => [p.key, p.x, p.y]));
      expect(a.claims.map((c) => [c.key, c.x])).toEqual(b.claims.map((c) => [c.key, c.x]));
      expect(a.edges.map((e) => e.key)).toEqual(b.edges.map((e) => e.key));
      expect(a.decor.map((d) => d.key)).toEqual(b.decor.map((d) => d.key));
    }
    // An arrangement of another view is not used.
    const other = { ...view, pods: view.pods.slice(0, 10) };
    expect(computeLayout(other, 1200, { x: 0, width: 800 }, kept).positions.size).toBe(10);
  });

  it('scrolls an off-screen card into view, centred, and leaves a visible one alone', () => {
    const extent = 120 * COL_W + 2 * PAD;
    expect(scrollToShow(300, CARD_W, { x: 0, width: 1000 }, extent)).toBeUndefined();
    expect(scrollToShow(5000, CARD_W, { x: 0, width: 1000 }, extent)).toBe(5000 + CARD_W / 2 - 500);
    // Partly visible counts as off screen.
    expect(scrollToShow(950, CARD_W, { x: 0, width: 1000 }, extent)).toBe(950 + CARD_W / 2 - 500);
    // Clamped to the ends.
    expect(scrollToShow(10, CARD_W, { x: 4000, width: 1000 }, extent)).toBe(0);
    expect(scrollToShow(extent - CARD_W - PAD, CARD_W, { x: 0, width: 1000 }, extent)).toBe(extent - 1000);
  });

  it('after scrolling to a selected pod, the layout for the new viewport draws it', () => {
    const view = bigView();
    const viewport = { x: 0, width: 1000 };
    const at = computeLayout(view, 1200, viewport).positions.get('web-97');
    expect(at).toBeDefined();
    const left = scrollToShow(at?.x ?? 0, CARD_W, viewport, computeLayout(view, 1200).width);
    expect(left).toBeDefined();
    expect(computeLayout(view, 1200, viewport).pods.some((p) => p.item.name === 'web-97')).toBe(false);
    const moved = computeLayout(view, 1200, { x: left ?? 0, width: 1000 });
    const pod = moved.pods.find((p) => p.item.name === 'web-97');
    expect(pod && pod.x >= (left ?? 0) && pod.x + CARD_W <= (left ?? 0) + 1000).toBe(true);
  });
});
