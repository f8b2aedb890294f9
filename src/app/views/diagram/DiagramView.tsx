/**
 * The cluster diagram: React owns the <svg> and its layers' <g>; d3 owns what is inside each layer.
 * Only the columns in view (plus a few) are laid out and drawn; the page scrolls sideways through the
 * rest, with a pan slider (arrow keys, Home, End) and a "go to pod" field to reach any pod.
 */
import { useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ClusterView, PodView } from '../../../worker/viewModel.ts';
import { useT } from '../../i18n/useT.ts';
import { usePresent } from '../../present/presentStore.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectEmbed, selectLang, selectReducedMotion, selectSelection, selectView } from '../../store/selectors.ts';
import { arrange, arrangementShape, CARD_H, CARD_W, COL_W, computeLayout, DEFAULT_WIDTH, MIN_SCALE, scrollToShow, type Decor, type Layout } from './layout.ts';
import { pictureScale, PRESENT_MIN_SCALE, wrapWidth } from './fit.ts';
import { renderClaims, renderClasses, renderDecor, renderDns, renderEdges, renderPods, renderVolumes, type RenderOptions } from './render.ts';

export function DiagramView() {
  const view = useAppStore(selectView);
  const selection = useAppStore(selectSelection);
  const reducedMotion = useAppStore(selectReducedMotion);
  const select = useAppStore((s) => s.select);
  const setTarget = useAppStore((s) => s.setTarget);
  const sim = useSim();
  const t = useT();
  const presenting = usePresent((s) => s.presenting);
  const embed = useAppStore(selectEmbed);
  const lang = useAppStore(selectLang);
  const layers = {
    decor: useRef<SVGGElement>(null),
    edges: useRef<SVGGElement>(null),
    dns: useRef<SVGGElement>(null),
    pods: useRef<SVGGElement>(null),
    claims: useRef<SVGGElement>(null),
    volumes: useRef<SVGGElement>(null),
    classes: useRef<SVGGElement>(null),
  };
  const refocus = useRef<string | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  // Bands wrap at the width the page gives the diagram.
  const [width, setWidth] = useState<number | undefined>(undefined);
  // The height given: in presenter mode the box's, embedded (an iframe) what is left of the window below the picture's top.
  const [boxHeight, setBoxHeight] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setWidth(Math.floor(el.clientWidth));
      setBoxHeight(presenting ? Math.floor(el.clientHeight) : embed ? Math.floor(innerHeight - (el.getBoundingClientRect().top + scrollY) - 12) : undefined);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [view === undefined, presenting, embed]);
  // The scroll position (at most once a frame): the window of columns and the titles that stay in view follow it.
  const [scrollX, setScrollX] = useState(0);
  const frame = useRef(0);
  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = scroller.current;
      if (el) setScrollX(Math.round(el.scrollLeft));
    });
  };
  useLayoutEffect(() => () => cancelAnimationFrame(frame.current), []);
  // Wide enough for the smallest scale the picture shrinks to, so a shrunk picture is never cut short.
  // In presenter mode the picture is at least PRESENT_MIN_SCALE, so it wraps (and windows) at the width that leaves.
  const minScale = presenting ? PRESENT_MIN_SCALE : MIN_SCALE;
  const viewWidth = (width ?? DEFAULT_WIDTH) / minScale;
  const arranged = useMemo(() => (view ? arrange(view) : undefined), [view]);
  // Embedded in a frame too short for the bands stacked: wrap them wider, side by side, if that draws
  // the picture larger. Worked out again only when the bands' shape changes, not on every tick.
  const shape = arranged ? arrangementShape(arranged) : '';
  const latest = useRef(arranged);
  latest.current = arranged;
  const framedWidth = useMemo(() => {
    const at = latest.current;
    if (width === undefined || !at || presenting || !embed) return width;
    return wrapWidth(width, boxHeight, (wrapAt) => computeLayout(at.view, wrapAt, { x: 0, width: wrapAt }, at));
  }, [shape, width, boxHeight, presenting, embed]);
  const layoutWidth = width === undefined ? undefined : presenting ? Math.floor(width / PRESENT_MIN_SCALE) : framedWidth;
  const viewX = presenting ? scrollX / PRESENT_MIN_SCALE : scrollX;
  const layout = useMemo(() => (view ? computeLayout(view, layoutWidth, { x: viewX, width: viewWidth }, arranged) : undefined), [view, layoutWidth, viewX, viewWidth, arranged]);
  const selectedKey = selection ? `${selection.kind}/${selection.name}` : undefined;
  // A moved window draws its newcomers in place (no entrance animation while scrolling).
  const lastScroll = useRef(scrollX);
  const scrolled = lastScroll.current !== scrollX;
  lastScroll.current = scrollX;
  // A pod selected anywhere (a table, the console, "go to pod") is scrolled into view once.
  const shownFor = useRef<string | undefined>(undefined);
  const focusPod = useRef<string | undefined>(undefined);
  const reveal = (name: string) => {
    const el = scroller.current;
    const at = layout?.positions.get(name);
    if (!el || !at || !layout) return;
    const left = scrollToShow(at.x, CARD_W, { x: el.scrollLeft, width: el.clientWidth }, layout.width);
    if (left !== undefined) {
      el.scrollLeft = left;
      // What the browser allowed (a shrunk picture does not scroll): the window follows the real position.
      setScrollX(Math.round(el.scrollLeft));
    }
    const topNow = scrollToShow(at.y, CARD_H, { x: el.scrollTop, width: el.clientHeight }, layout.height);
    if (topNow !== undefined) el.scrollTop = topNow;
  };
  useLayoutEffect(() => {
    if (shownFor.current === selectedKey) return;
    shownFor.current = selectedKey;
    if (selection?.kind === 'Pod') reveal(selection.name);
  });
  const [find, setFind] = useState('');
  const [findError, setFindError] = useState('');
  const goTo = (event: FormEvent) => {
    event.preventDefault();
    const name = find.trim();
    if (!name) return;
    if (!view?.pods.some((p) => p.name === name)) {
      setFindError(t('diagram.findNone', { name }));
      return;
    }
    setFindError('');
    focusPod.current = name;
    reveal(name);
    shownFor.current = `Pod/${name}`;
    select({ kind: 'Pod', name });
    const drawn = document.querySelector<SVGGElement>(`[data-pod="${CSS.escape(name)}"]`);
    if (drawn && !drawn.classList.contains('leaving')) {
      drawn.focus({ preventScroll: true });
      focusPod.current = undefined;
    }
    const owner = ownerOf(view, name);
    if (owner) setTarget(owner);
  };

  useLayoutEffect(() => {
    if (!layout) return;
    const current: Layout = layout;
    const opts: RenderOptions = {
      duration: reducedMotion || scrolled ? 0 : 450,
      textKey: lang,
      big: presenting,
      selected: selectedKey,
      text: {
        decor: (d: Decor) => decorText(t, d),
        kindTag: { claim: 'PVC', volume: 'PV', class: 'SC' },
        unscheduled: t('diagram.unscheduled'),
        notReady: t('diagram.nodeNotReady'),
        revision: (n) => t('diagram.revision', { revision: n }),
        nxdomain: t('dns.nxdomain'),
        podLabel: (pod: PodView) =>
          t('a11y.pod', {
            name: pod.name,
            status: pod.status,
            ready: pod.readyText,
            revision: t('diagram.revision', { revision: pod.revision.slice(-10) }),
            ip: pod.ip ? `, ${pod.ip}` : '',
            node: pod.node ? `, ${pod.node}` : '',
          }),
        claimLabel: (c) => t('a11y.claim', { name: c.name, phase: c.terminating ? 'Terminating' : c.phase, volume: c.volume ? `, ${c.volume}` : '' }),
        volumeLabel: (v) => t('a11y.volume', { name: v.name, phase: v.terminating ? 'Terminating' : v.phase }),
        classLabel: (c) => t('a11y.class', { name: `${c.name}${c.isDefault ? ` ${t('diagram.default')}` : ''}` }),
        defaultMark: t('diagram.default'),
      },
      onSelect: (kind, name) => {
        select(kind === 'StorageClass' ? undefined : { kind, name });
        if (kind === 'StatefulSet' || kind === 'Deployment') setTarget(`${kind}/${name}`);
        else if (kind === 'Pod') {
          const owner = ownerOf(view, name);
          if (owner) setTarget(owner);
        }
      },
      onDeletePod: (name) => {
        refocus.current = name;
        void sim?.command({ type: 'deletePod', pod: name, force: false });
      },
    };
    const run = (ref: React.RefObject<SVGGElement | null>, fn: (g: SVGGElement, l: Layout, o: RenderOptions) => void) => {
      if (ref.current) fn(ref.current, current, opts);
    };
    run(layers.decor, renderDecor);
    run(layers.edges, renderEdges);
    run(layers.dns, renderDns);
    run(layers.pods, renderPods);
    run(layers.claims, renderClaims);
    run(layers.volumes, renderVolumes);
    run(layers.classes, renderClasses);
    // "Go to pod": focus lands on the card once it is drawn.
    const wanted = focusPod.current;
    if (wanted) {
      const card = document.querySelector<SVGGElement>(`[data-pod="${CSS.escape(wanted)}"]`);
      if (card) {
        card.focus({ preventScroll: true });
        focusPod.current = undefined;
      }
    }
    // After a keyboard delete, focus follows the pod's name to its replacement.
    const name = refocus.current;
    if (name && (document.activeElement === document.body || document.activeElement === null)) {
      const next = document.querySelector<SVGGElement>(`[data-pod="${CSS.escape(name)}"]`);
      if (next) {
        next.focus();
        refocus.current = undefined;
      }
    }
  });

  if (!view || !layout) return <div className="diagram-empty" ref={scroller}>{t('diagram.empty')}</div>;
  const ready = view.pods.filter((p) => p.ready).length;
  const title = t('diagram.title', { ready, total: view.pods.length });
  const fitted = pictureScale(layout, width, boxHeight, presenting);
  const scale = fitted.scale;
  const overflow = fitted.overflow;
  const maxPan = width ? Math.max(0, Math.ceil((layout.width * scale - width) / COL_W) * COL_W) : 0;
  const shown = { width: Math.floor(layout.width * scale), height: Math.floor(layout.height * scale) };
  return (
    <div className="diagram-wrap">
      {overflow ? (
        <div className="diagram-pan">
          <label className="pan-slider">
            <span className="sr-only">{t('diagram.pan')}</span>
            <input
              type="range"
              data-pan=""
              min={0}
              max={maxPan}
              step={COL_W}
              value={Math.min(Math.round(scrollX / COL_W) * COL_W, maxPan)}
              aria-valuetext={layout.inView ? t('diagram.inView', { first: layout.inView.first, last: layout.inView.last, total: view.pods.length }) : undefined}
              onChange={(e) => {
                const el = scroller.current;
                if (el) el.scrollLeft = Number(e.currentTarget.value);
              }}
            />
          </label>
          <span className="pan-text" aria-hidden="true">
            {layout.inView ? t('diagram.inView', { first: layout.inView.first, last: layout.inView.last, total: view.pods.length }) : ''}
          </span>
          <form className="pan-find" onSubmit={goTo}>
            <input
              type="search"
              data-find-pod=""
              aria-label={t('diagram.find')}
              placeholder={t('diagram.find')}
              value={find}
              onChange={(e) => setFind(e.currentTarget.value)}
              aria-invalid={findError ? true : undefined}
            />
            <button type="submit">{t('diagram.findGo')}</button>
            {findError ? (
              <span className="pan-error" role="status">
                {findError}
              </span>
            ) : null}
          </form>
        </div>
      ) : null}
      <div className="diagram-scroll" id="diagram" ref={scroller} onScroll={onScroll} tabIndex={overflow ? 0 : undefined} aria-label={overflow ? t('diagram.scrollHint') : undefined}>
        <svg className="diagram" role="graphics-document" aria-label={title} width={shown.width} height={shown.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
          <title>{title}</title>
          <g ref={layers.decor} className="layer-decor" />
          <g ref={layers.edges} className="layer-edges" />
          <g ref={layers.dns} className="layer-dns" />
          <g ref={layers.pods} className="layer-pods" />
          <g ref={layers.claims} className="layer-claims" />
          <g ref={layers.volumes} className="layer-volumes" />
          <g ref={layers.classes} className="layer-classes" />
        </svg>
      </div>
      {overflow ? (
        <p className="scroll-hint" aria-hidden="true">
          {t('diagram.scrollHint')}
        </p>
      ) : null}
    </div>
  );
}

type T = ReturnType<typeof useT>;


/** The workload ("Kind/name") a pod belongs to, through its ReplicaSet for a Deployment's pods. */
function ownerOf(view: ClusterView | undefined, podName: string): string | undefined {
  const pod = view?.pods.find((p) => p.name === podName);
  if (!pod?.owner) return undefined;
  if (pod.owner.kind === 'StatefulSet') return `StatefulSet/${pod.owner.name}`;
  if (pod.owner.kind === 'ReplicaSet') {
    const deploy = view?.replicaSets.find((r) => r.name === pod.owner?.name && r.namespace === pod.namespace)?.deployment;
    return deploy ? `Deployment/${deploy}` : undefined;
  }
  return undefined;
}

/** The words on each decor shape, in the learner's language. */
export function decorText(t: T, d: Decor): { title: string; sub: string; label: string } {
  switch (d.type) {
    case 'band': {
      const b = d.band;
      if (b.kind === 'Other') {
        const text = t('diagram.band.other');
        return { title: text, sub: '', label: text };
      }
      const title = `${b.kind} ${b.name}`;
      const parts = [
        t('diagram.band.ready', { ready: b.ready, replicas: b.replicas }),
        b.detail,
        b.paused ? t('diagram.band.paused') : '',
      ].filter(Boolean);
      return { title, sub: parts.join(' · '), label: [title, ...parts].join(', ') };
    }
    case 'service': {
      const s = d.svc;
      const title = s.headless
        ? t('diagram.svc.headless', { name: s.name, a: d.setRecord?.data.length ?? 0, srv: d.srv })
        : t('diagram.svc.clusterIP', { name: s.name, ip: s.clusterIP, ports: s.ports.join(', ') });
      return { title, sub: '', label: title };
    }
    case 'rs': {
      const title = t('diagram.rs', { revision: d.rs.revision, ready: d.rs.readyReplicas, replicas: d.rs.replicas });
      return { title, sub: d.rs.hash, label: `ReplicaSet ${d.rs.name}: ${title} · ${d.rs.hash}` };
    }
    case 'slot':
      return { title: d.name, sub: t('diagram.slot'), label: '' };
    case 'node': {
      const up = d.node.ready === 'True';
      const state = up ? t('node.ready') : t('node.notReady');
      const sub = `${state}${up && d.node.podCIDR ? ` · ${d.node.podCIDR}` : ''}`;
      return { title: `${d.node.name}${d.node.unschedulable ? ' ⊘' : ''}`, sub, label: `${d.node.name}, ${state}, ${t('diagram.node.pods', { count: d.pods })}` };
    }
    default:
      return { title: '', sub: '', label: '' };
  }
}
