/**
 * d3 renderers, one per diagram layer. Each owns the children of its own <g> and nothing else;
 * joins are keyed by uid, so a recreated pod (same name, new uid) visibly leaves and arrives.
 */
import { easeCubicOut } from 'd3-ease';
import { select, type Selection } from 'd3-selection';
import 'd3-transition';
import type { ClaimView, ClassView, PodView, VolumeView } from '../../../worker/viewModel.ts';
import { labelInName } from './labelInName.ts';
import { BOX_H, CARD_H, CARD_W, CLASS_W, REVISION_COLOURS, podTone, type Decor, type DnsCell, type Edge, type Layout, type Placed } from './layout.ts';

export interface RenderOptions {
  duration: number;
  /**
   * Names everything the words depend on beyond the data (the language): a shape whose data, selection
   * and words are unchanged is not written again, so a scroll or a tick costs what changed on screen.
   */
  textKey: string;
  /** Presenter mode: every text is drawn large (styles.css), so fewer characters fit a card. */
  big?: boolean;
  selected: string | undefined;
  text: {
    /** The two lines of a band frame, Service row, ReplicaSet label, empty ordinal or node chip. */
    decor: (d: Decor) => { title: string; sub: string; label: string };
    kindTag: { claim: string; volume: string; class: string };
    unscheduled: string;
    notReady: string;
    revision: (n: number) => string;
    nxdomain: string;
    podLabel: (pod: PodView) => string;
    claimLabel: (claim: ClaimView) => string;
    volumeLabel: (volume: VolumeView) => string;
    classLabel: (cls: ClassView) => string;
    defaultMark: string;
  };
  onSelect(kind: 'Pod' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'Node' | 'StorageClass' | 'StatefulSet' | 'Deployment' | 'ReplicaSet' | 'Service', name: string): void;
  onDeletePod(name: string): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/** What each shape was last drawn from (compared item by item with ===). */
const drawnFrom = new WeakMap<Element, readonly unknown[]>();

/**
 * The shapes of a join whose stamp changed since they were last drawn (new shapes included): only
 * these get their attributes and words written again.
 */
function changedOnly<E extends Element, D>(sel: Selection<E, D, SVGGElement, unknown>, stamp: (d: D) => readonly unknown[]): Selection<E, D, SVGGElement, unknown> {
  return sel.filter(function (d) {
    const next = stamp(d);
    const last = drawnFrom.get(this);
    if (last && last.length === next.length && last.every((v, i) => v === next[i])) return false;
    drawnFrom.set(this, next);
    return true;
  });
}

/**
 * The options of the latest render of each layer: the handlers bound when a shape first appears
 * read them when they fire, so a shape left alone by changedOnly still acts on today's callbacks.
 */
const latestOptions = new WeakMap<Element, RenderOptions>();
function optionsOf(root: Element, fallback: RenderOptions): RenderOptions {
  return latestOptions.get(root) ?? fallback;
}

const TONE_FILL: Record<ReturnType<typeof podTone>, string> = {
  ready: '#e6f4ea',
  unready: '#fef7e0',
  pending: '#fff8e1',
  terminating: '#eceff1',
  failed: '#fce8e6',
};
const TONE_ICON: Record<ReturnType<typeof podTone>, string> = {
  ready: '✓',
  unready: '…',
  pending: '◷',
  terminating: '✕',
  failed: '!',
};

/**
 * One named transition owns each element's position, restarted only when the target changes, so a
 * pod that changes lanes mid-animation ends where it belongs.
 */
function moveTo<T extends { x: number; y: number }>(sel: Selection<SVGGElement, T, SVGGElement, unknown>, duration: number): void {
  sel
    .filter(function (d) {
      const target = `translate(${d.x},${d.y})`;
      if (this.getAttribute('data-target') === target) return false;
      this.setAttribute('data-target', target);
      return true;
    })
    .transition('position')
    .duration(duration)
    .ease(easeCubicOut)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
}

/**
 * A leaving element animates out but must not be joined again by the next frame (it would come
 * back), nor keep keyboard focus or a role: its class, tab stop and hooks go at once.
 */
function leave<T>(exit: Selection<SVGGElement, T, SVGGElement, unknown>): Selection<SVGGElement, T, SVGGElement, unknown> {
  exit.each(function () {
    const el = this as SVGGElement;
    if (el === document.activeElement) el.blur();
    el.setAttribute('class', `leaving ${el.getAttribute('class') ?? ''}`.replace(/\b(pod|claim|volume|class)\b/, 'was-$1'));
    for (const name of ['tabindex', 'role', 'data-pvc', 'data-pv', 'data-storageclass', 'aria-pressed']) el.removeAttribute(name);
    el.setAttribute('aria-hidden', 'true');
  });
  return exit;
}

/** Cards are a fixed width: long text is shortened with an ellipsis (the full text is in the title). */
const MAX_CHARS = 20;
export function fit(text: string, max = MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Shortens in the middle, keeping the end: a Deployment pod's random suffix is the point. */
export function fitMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.min(6, max - 4);
  return `${text.slice(0, max - tail - 1)}…${text.slice(-tail)}`;
}

/** One canvas measures text for every tile: no forced layout of the page per label. */
let measurer: CanvasRenderingContext2D | null | undefined;
const fonts = new Map<string, string>();

/** The font a <text> is drawn in (looked up once per kind of shape and text). */
function fontOf(el: SVGTextElement, big: boolean): string {
  const key = `${big ? 'b' : 'n'}|${el.parentElement?.getAttribute('class') ?? ''}|${el.getAttribute('class') ?? ''}`;
  const known = fonts.get(key);
  if (known) return known;
  const cs = getComputedStyle(el);
  const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  if (cs.fontSize) fonts.set(key, font);
  return font;
}

/**
 * Writes `full` into a <text>, shortened with an ellipsis (at the end, or in the middle keeping the
 * last characters) until its measured width fits `max` px: a tile never spills its text. Measured on
 * a canvas in the text's own font, once per text and width; where there is no canvas (tests) the
 * character estimate `chars` stands in.
 */
export function fitInto(el: SVGTextElement, full: string, max: number, mode: 'end' | 'middle', big: boolean, chars: number): void {
  const key = `${big ? 'b' : 'n'}|${max}|${full}`;
  if (el.getAttribute('data-fit') === key) return;
  el.setAttribute('data-fit', key);
  const shorten = (n: number) => (mode === 'middle' ? fitMiddle(full, n) : fit(full, n));
  if (measurer === undefined) measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const ctx = measurer;
  if (!ctx || !el.isConnected) {
    el.textContent = shorten(chars);
    return;
  }
  ctx.font = fontOf(el, big);
  const width = (text: string) => ctx.measureText(text).width;
  if (width(full) <= max) {
    el.textContent = full;
    return;
  }
  let lo = 1;
  let hi = full.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (width(shorten(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  el.textContent = shorten(lo);
}

/** Fits each selected <text> to `max(d)` px wide (see fitInto). */
function fitText<D>(sel: Selection<SVGTextElement, D, SVGGElement, unknown>, text: (d: D) => string, max: (d: D) => number, opts: RenderOptions, mode: 'end' | 'middle' = 'end'): void {
  const big = !!opts.big;
  sel.each(function (d) {
    const m = max(d);
    fitInto(this, text(d), m, mode, big, Math.max(4, Math.floor(m / (big ? 9 : 6.6))));
  });
}

/**
 * A space between the <text>s of a shape: without one, tools that read a shape's words (axe-core,
 * speech input) run "web" and "3/3" together as "web3/3". Whitespace between them is not drawn.
 */
function spaceTexts<D>(sel: Selection<SVGGElement, D, SVGGElement, unknown>): void {
  sel.each(function () {
    for (const text of this.querySelectorAll(':scope > text')) this.insertBefore(document.createTextNode(' '), text.nextSibling);
  });
}

/** Rewrites each selected control's aria-label to hold its drawn words (see labelInName). */
function nameControls<D>(sel: Selection<SVGGElement, D, SVGGElement, unknown>): void {
  sel.each(function () {
    if (!this.hasAttribute('role') || this.getAttribute('role') === 'img') return;
    const shown = [...this.children].filter((c) => c.localName === 'text').map((c) => c.textContent ?? '').filter(Boolean).join(' ');
    this.setAttribute('aria-label', labelInName(shown, this.getAttribute('aria-label') ?? ''));
  });
}

function keyboardSelect(event: KeyboardEvent, fn: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    fn();
  }
}

/** The width a decor shape's text may take: its own width less the text's indent and a margin. */
function decorMax(d: Decor): number {
  const w = Math.min(d.w, 1200);
  if (d.type === 'band' || d.type === 'service') return w - d.dx - 16;
  if (d.type === 'node') return w - 22;
  return w - 12;
}

/** Frames and labels: one keyed join over every decor shape, each type with its own hooks. */
export function renderDecor(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  const g = select(root) as unknown as G;
  const join = g
    .selectAll<SVGGElement, Decor>('g.decor')
    .data(layout.decor, (d) => d.key)
    .join(
      (enter) => {
        const el = enter.append('g').attr('class', (d) => `decor decor-${d.type}`);
        el.append('rect').attr('class', 'decor-bg');
        el.append('rect').attr('class', 'decor-mark');
        el.append('text').attr('class', 'decor-title');
        el.append('text').attr('class', 'decor-sub');
        el.append('title');
        spaceTexts(el);
        return el;
      },
      (update) => update,
      (exit) => exit.remove()
    );
  join
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .attr('data-node', (d) => (d.type === 'node' ? d.node.name : null))
    .attr('data-ready', (d) => (d.type === 'node' ? String(d.node.ready === 'True') : null))
    .attr('data-band', (d) => (d.type === 'band' ? (d.band.kind === 'Other' ? 'Other' : `${d.band.kind}/${d.band.name}`) : null))
    .attr('data-deploy', (d) => (d.type === 'band' && d.band.kind === 'Deployment' ? d.band.name : null))
    .attr('data-sts-band', (d) => (d.type === 'band' && d.band.kind === 'StatefulSet' ? d.band.name : null))
    .attr('data-rs', (d) => (d.type === 'rs' ? d.rs.name : null))
    .attr('data-revision', (d) => (d.type === 'rs' ? String(d.rs.revision) : null))
    .attr('data-hash', (d) => (d.type === 'rs' ? d.rs.hash : null))
    .attr('data-replicas', (d) => (d.type === 'rs' ? String(d.rs.replicas) : null))
    .attr('data-current', (d) => (d.type === 'rs' ? String(d.current) : null))
    .attr('data-svc', (d) => (d.type === 'service' ? d.svc.name : null))
    .attr('data-service', (d) => (d.type === 'service' ? d.svc.name : null))
    .attr('data-dns', (d) => (d.type === 'service' && d.svc.headless ? (d.setRecord?.fqdn ?? null) : null))
    .attr('data-ip', (d) => (d.type === 'service' && d.svc.headless ? (d.setRecord?.data.join(',') ?? '') : null))
    .attr('data-slot', (d) => (d.type === 'slot' ? d.name : null))
    .attr('role', (d) => (d.type === 'band' && d.band.kind !== 'Other' ? 'button' : d.type === 'node' || d.type === 'service' ? 'img' : null))
    .attr('tabindex', (d) => (d.type === 'band' && d.band.kind !== 'Other' ? 0 : null))
    .attr('aria-label', (d) => opts.text.decor(d).label || null)
    .classed('selected', (d) => d.type === 'band' && opts.selected === `${d.band.kind}/${d.band.name}`)
    .classed('down', (d) => d.type === 'node' && d.node.ready !== 'True')
    .classed('current', (d) => d.type === 'rs' && d.current)
    .on('click', (_e, d) => {
      if (d.type === 'band' && d.band.kind !== 'Other') opts.onSelect(d.band.kind, d.band.name);
    })
    .on('keydown', (event: KeyboardEvent, d) => {
      if (d.type === 'band' && d.band.kind !== 'Other') keyboardSelect(event, () => opts.onSelect(d.band.kind as 'StatefulSet' | 'Deployment', d.band.name));
    });
  join
    .select('rect.decor-bg')
    .attr('width', (d) => d.w)
    .attr('height', (d) => d.h)
    .attr('rx', (d) => (d.type === 'band' ? 10 : 6));
  join
    .select('rect.decor-mark')
    .attr('width', (d) => (d.type === 'node' ? 8 : 0))
    .attr('height', (d) => (d.type === 'node' ? d.h : 0))
    .attr('rx', 3)
    .attr('fill', (d) => (d.type === 'node' ? d.colour : 'none'));
  const lines = (d: Decor) => opts.text.decor(d);
  join
    .select('.decor-title')
    .attr('x', (d) => (d.type === 'node' ? 16 : d.type === 'slot' ? d.w / 2 : d.type === 'band' || d.type === 'service' ? 8 + d.dx : 8))
    .attr('y', (d) => (d.type === 'band' ? 19 : d.type === 'slot' ? d.h / 2 : d.type === 'rs' ? 13 : 16))
    .attr('text-anchor', (d) => (d.type === 'slot' ? 'middle' : 'start'));
  fitText(join.select<SVGTextElement>('.decor-title'), (d) => lines(d).title, (d) => decorMax(d), opts);
  join
    .select('.decor-sub')
    .attr('x', (d) => (d.type === 'node' ? 16 : d.type === 'slot' ? d.w / 2 : d.type === 'band' || d.type === 'service' ? 8 + d.dx : 8))
    .attr('y', (d) => (d.type === 'band' ? 35 : d.type === 'slot' ? d.h / 2 + 16 : d.type === 'rs' ? 27 : 32))
    .attr('text-anchor', (d) => (d.type === 'slot' ? 'middle' : 'start'));
  fitText(join.select<SVGTextElement>('.decor-sub'), (d) => lines(d).sub, (d) => decorMax(d), opts);
  join.select('title').text((d) => `${lines(d).title}\n${lines(d).sub}`.trim());
  nameControls(join);
}

export function renderPods(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  const g = select(root) as unknown as G;
  latestOptions.set(root, opts);
  type P = Layout['pods'][number];
  const all = g
    .selectAll<SVGGElement, P>('g.pod')
    .data(layout.pods, (d) => d.key)
    .join(
      (enter) => {
        const pod = enter
          .append('g')
          .attr('class', 'pod')
          .attr('tabindex', 0)
          .attr('role', 'button')
          .attr('aria-roledescription', 'pod')
          .attr('transform', (d) => `translate(${d.x},${d.y - 30})`)
          .style('opacity', 0);
        pod.append('rect').attr('class', 'card').attr('width', CARD_W).attr('height', CARD_H).attr('rx', 8);
        pod.append('rect').attr('class', 'rev-strip').attr('width', 6).attr('height', CARD_H).attr('rx', 3);
        pod.append('text').attr('class', 'pod-name').attr('x', 14).attr('y', 18);
        pod.append('text').attr('class', 'pod-status').attr('x', 14).attr('y', 35);
        pod.append('text').attr('class', 'pod-rev').attr('x', 14).attr('y', 51);
        pod.append('text').attr('class', 'pod-ip').attr('x', 14).attr('y', 67);
        pod.append('title');
        pod.append('rect').attr('class', 'node-dot').attr('x', CARD_W - 16).attr('y', 57).attr('width', 9).attr('height', 9).attr('rx', 2);
        pod.append('text').attr('class', 'pod-icon').attr('x', CARD_W - 10).attr('y', 18).attr('text-anchor', 'end');
        spaceTexts(pod);
        pod
          .on('click', (_e, d) => optionsOf(root, opts).onSelect('Pod', d.item.name))
          .on('keydown', (event: KeyboardEvent, d) => {
            const now = optionsOf(root, opts);
            if (event.key === 'Delete') now.onDeletePod(d.item.name);
            else keyboardSelect(event, () => now.onSelect('Pod', d.item.name));
          });
        pod.transition('fade').duration(opts.duration).ease(easeCubicOut).style('opacity', 1);
        return pod;
      },
      (update) => update,
      (exit) =>
        leave(exit)
          .attr('data-pod', null)
          .attr('data-uid', null)
          .transition('exit')
          .duration(opts.duration)
          .style('opacity', 0)
          .attr('transform', (d) => `translate(${d.x},${d.y + 30})`)
          .remove()
    );
  moveTo(all, opts.duration);
  const selected = (d: P) => opts.selected === `Pod/${d.item.name}`;
  const join = changedOnly(all, (d) => [d.item, selected(d), opts.textKey, !!opts.big]);
  join
    .attr('data-pod', (d) => d.item.name)
    .attr('data-uid', (d) => d.item.uid)
    .attr('data-owner', (d) => (d.item.owner ? `${d.item.owner.kind}/${d.item.owner.name}` : ''))
    .attr('data-phase', (d) => d.item.phase)
    .attr('data-status', (d) => d.item.status)
    .attr('data-ready', (d) => String(d.item.ready))
    .attr('data-revision', (d) => d.item.revision)
    .attr('data-node', (d) => d.item.node ?? '')
    .attr('data-ip', (d) => d.item.ip ?? '')
    .attr('aria-label', (d) => opts.text.podLabel(d.item))
    .attr('aria-pressed', (d) => String(selected(d)))
    .classed('selected', selected);
  join.select('rect.card').attr('fill', (d) => TONE_FILL[podTone(d.item)]).attr('class', (d) => `card tone-${podTone(d.item)}`);
  join.select('rect.rev-strip').attr('fill', (d) => REVISION_COLOURS[d.item.revisionIndex % REVISION_COLOURS.length] ?? '#555');
  // Presenter mode's larger text takes a little more room between the lines.
  const lineY = opts.big ? [18, 36, 54, 72] : [18, 35, 51, 67];
  ['.pod-name', '.pod-status', '.pod-rev', '.pod-ip'].forEach((cls, i) => join.select(cls).attr('y', lineY[i] ?? 0));
  join.select('rect.node-dot').attr('y', opts.big ? 62 : 57);
  fitText(join.select<SVGTextElement>('.pod-name'), (d) => d.item.name, () => CARD_W - 14 - 24, opts, 'middle');
  join.select('title').text((d) => `${d.item.name}\n${d.item.status} · ${d.item.readyText}\n${d.item.node ?? opts.text.unscheduled}`);
  fitText(join.select<SVGTextElement>('.pod-status'), (d) => `${d.item.status} · ${d.item.readyText}${d.item.restarts ? ` ↻${d.item.restarts}` : ''}`, () => CARD_W - 14 - 6, opts);
  fitText(join.select<SVGTextElement>('.pod-rev'), (d) => `${d.item.revisionNumber ? opts.text.revision(d.item.revisionNumber) : d.item.revision.slice(-10)} · ${d.item.node ?? opts.text.unscheduled}`, () => CARD_W - 14 - 6, opts);
  fitText(join.select<SVGTextElement>('.pod-ip'), (d) => d.item.ip ?? '—', () => CARD_W - 14 - 20, opts);
  join.select('rect.node-dot').attr('fill', (d) => d.item.nodeColour);
  join.select('.pod-icon').text((d) => TONE_ICON[podTone(d.item)]);
  nameControls(join);
  join.classed('node-down', (d) => d.item.nodeDown);
}

function renderBoxes<T extends { name: string }>(
  root: SVGGElement,
  data: Placed<T>[],
  cls: string,
  opts: RenderOptions,
  kind: 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass',
  lines: (item: T) => string[],
  attrs: (sel: Selection<SVGGElement, Placed<T>, SVGGElement, unknown>) => void,
  width = CARD_W
): void {
  const g = select(root) as unknown as G;
  latestOptions.set(root, opts);
  const all = g
    .selectAll<SVGGElement, Placed<T>>(`g.${cls}`)
    .data(data, (d) => d.key)
    .join(
      (enter) => {
        const box = enter
          .append('g')
          .attr('class', cls)
          .attr('tabindex', 0)
          .attr('role', 'button')
          .attr('transform', (d) => `translate(${d.x},${d.y})`)
          .style('opacity', 0);
        box.append('rect').attr('class', 'card').attr('width', width).attr('height', BOX_H).attr('rx', 6);
        // The kind sits just above the card's corner, clear of its text.
        box.append('text').attr('class', 'kind-tag').attr('x', width - 4).attr('y', -4).attr('text-anchor', 'end');
        for (let i = 0; i < 3; i++) box.append('text').attr('class', `line line-${i}`).attr('x', 10).attr('y', 18 + i * 16);
        box.append('title');
        spaceTexts(box);
        box
          .on('click', (_e, d) => optionsOf(root, opts).onSelect(kind, d.item.name))
          .on('keydown', (event: KeyboardEvent, d) => keyboardSelect(event, () => optionsOf(root, opts).onSelect(kind, d.item.name)));
        box.transition('enter').duration(opts.duration).style('opacity', 1);
        return box;
      },
      (update) => update,
      (exit) => leave(exit).transition('exit').duration(opts.duration).style('opacity', 0).remove()
    );
  moveTo(all, opts.duration);
  const selected = (d: Placed<T>) => opts.selected === `${kind}/${d.item.name}`;
  const join = changedOnly(all, (d) => [d.item, selected(d), opts.textKey, !!opts.big]);
  join.classed('selected', selected);
  attrs(join);
  join.select('.kind-tag').text(opts.text.kindTag[cls as 'claim' | 'volume' | 'class'] ?? '');
  for (let i = 0; i < 3; i++) join.select(`.line-${i}`).attr('y', (opts.big ? 19 : 18) + i * (opts.big ? 18 : 16));
  for (let i = 0; i < 3; i++) fitText(join.select<SVGTextElement>(`.line-${i}`), (d) => lines(d.item)[i] ?? '', () => width - 18, opts);
  join.select('title').text((d) => lines(d.item).filter(Boolean).join('\n'));
  nameControls(join);
}

export function renderClaims(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  renderBoxes<ClaimView>(
    root,
    layout.claims,
    'claim',
    opts,
    'PersistentVolumeClaim',
    (c) => [c.name, `${c.terminating ? 'Terminating' : c.phase} · ${c.capacity ?? c.request ?? ''}`, c.storageClass ?? ''],
    (sel) =>
      sel
        .attr('data-pvc', (d) => d.item.name)
        .attr('data-phase', (d) => d.item.phase)
        .attr('data-bound-to', (d) => d.item.volume ?? '')
        .attr('aria-label', (d) => opts.text.claimLabel(d.item))
        .select('rect')
        .attr('class', (d) => `card claim-${d.item.phase.toLowerCase()}`)
  );
}

export function renderVolumes(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  renderBoxes<VolumeView>(
    root,
    layout.volumes,
    'volume',
    opts,
    'PersistentVolume',
    (v) => [v.name, `${v.terminating ? 'Terminating' : v.phase} · ${v.capacity ?? ''}`, `${v.reclaimPolicy} · ${v.node ? `⌂ ${v.node}` : (v.claim ?? '')}`],
    (sel) =>
      sel
        .attr('data-pv', (d) => d.item.name)
        .attr('data-phase', (d) => d.item.phase)
        .attr('aria-label', (d) => opts.text.volumeLabel(d.item))
        .select('rect')
        .attr('class', (d) => `card volume-${d.item.phase.toLowerCase()}`)
  );
}

export function renderClasses(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  renderBoxes<ClassView>(
    root,
    layout.classes,
    'class',
    opts,
    'StorageClass',
    (c) => [`${c.name}${c.isDefault ? ` ${opts.text.defaultMark}` : ''}`, c.provisioner, `${c.bindingMode} · ${c.reclaimPolicy}`],
    (sel) => sel.attr('data-storageclass', (d) => d.item.name).attr('aria-label', (d) => opts.text.classLabel(d.item)),
    CLASS_W
  );
}

function path(d: Edge): string {
  const my = (d.y1 + d.y2) / 2;
  return `M${d.x1},${d.y1} C${d.x1},${my} ${d.x2},${my} ${d.x2},${d.y2}`;
}

export function renderEdges(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  const g = select(root) as unknown as G;
  g.selectAll<SVGPathElement, Edge>('path.edge')
    .data(layout.edges, (d) => d.key)
    .join(
      (enter) =>
        enter
          .append('path')
          .attr('class', 'edge')
          .attr('d', path)
          .attr('stroke-dasharray', '400')
          .attr('stroke-dashoffset', 400)
          .call((e) => e.transition('draw').duration(opts.duration * 1.5).attr('stroke-dashoffset', 0)),
      (update) => update,
      (exit) => exit.classed('edge', false).transition('exit').duration(opts.duration).style('opacity', 0).remove()
    )
    .classed('edge-pending', (d) => !d.bound)
    .classed('edge-class', (d) => !!d.toClass)
    .filter(function (d) {
      const target = path(d);
      if (this.getAttribute('data-target') === target) return false;
      this.setAttribute('data-target', target);
      return true;
    })
    .transition('position')
    .duration(opts.duration)
    .attr('d', path);
}

export function renderDns(root: SVGGElement, layout: Layout, opts: RenderOptions): void {
  const g = select(root) as unknown as G;
  const all = g
    .selectAll<SVGGElement, DnsCell>('g.dns')
    .data(layout.dns, (d) => d.key)
    .join(
      (enter) => {
        const cell = enter.append('g').attr('class', 'dns');
        cell.append('rect').attr('height', 34).attr('rx', 4);
        cell.append('text').attr('class', 'dns-name').attr('x', 6).attr('y', 14);
        cell.append('text').attr('class', 'dns-ip').attr('x', 6).attr('y', 28);
        cell.append('title');
        return cell;
      },
      (update) => update,
      (exit) => exit.remove()
    );
  const join = changedOnly(all, (d) => [d.fqdn, d.ip, d.service, d.label, d.x, d.y, d.w, opts.textKey, !!opts.big]);
  join
    .attr('data-dns', (d) => d.fqdn)
    .attr('data-ip', (d) => d.ip)
    .attr('data-svc-record', (d) => d.service)
    .attr('role', 'img')
    .attr('aria-label', (d) => `${d.fqdn}: ${d.ip || opts.text.nxdomain}`)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  join.select('rect').attr('width', (d) => d.w).attr('height', opts.big ? 37 : 34).attr('class', (d) => (d.ip ? 'dns-ok' : 'dns-nx'));
  join.select('.dns-name').attr('y', opts.big ? 16 : 14);
  join.select('.dns-ip').attr('y', opts.big ? 33 : 28);
  fitText(join.select<SVGTextElement>('.dns-name'), (d) => d.label, (d) => d.w - 10, opts);
  join.select('title').text((d) => d.fqdn);
  join
    .select('.dns-ip')
    .text((d) => (d.ip ? `A ${d.ip}` : opts.text.nxdomain))
    .filter((d) => !!d.ip)
    .transition('flash')
    .duration(opts.duration);
}
