/** The cluster diagram: React owns the <svg> and its layers' <g>; d3 owns what is inside each layer. */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ClusterView, PodView } from '../../../worker/viewModel.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectReducedMotion, selectSelection, selectView } from '../../store/selectors.ts';
import { computeLayout, PAD, type Decor, type Layout } from './layout.ts';
import { renderClaims, renderClasses, renderDecor, renderDns, renderEdges, renderPods, renderVolumes, type RenderOptions } from './render.ts';

export function DiagramView() {
  const view = useAppStore(selectView);
  const selection = useAppStore(selectSelection);
  const reducedMotion = useAppStore(selectReducedMotion);
  const select = useAppStore((s) => s.select);
  const setTarget = useAppStore((s) => s.setTarget);
  const sim = useSim();
  const t = useT();
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
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [view === undefined]);
  const layout = useMemo(() => (view ? computeLayout(view, width) : undefined), [view, width]);
  const selectedKey = selection ? `${selection.kind}/${selection.name}` : undefined;

  useLayoutEffect(() => {
    if (!layout) return;
    const current: Layout = layout;
    const opts: RenderOptions = {
      duration: reducedMotion ? 0 : 450,
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
  // A little too wide (a phone): shrink to fit, down to 70 %; wider still: scroll sideways, with a hint.
  const scale = width && layout.overflow ? width / layout.width : 1;
  const shrink = scale >= 0.7 && scale < 1;
  const overflow = layout.overflow && !shrink;
  const shown = shrink ? { width: Math.floor(layout.width * scale), height: Math.floor(layout.height * scale) } : { width: layout.width, height: layout.height };
  return (
    <div className="diagram-wrap">
      <div className="diagram-scroll" id="diagram" ref={scroller} tabIndex={overflow ? 0 : undefined} aria-label={overflow ? t('diagram.scrollHint') : undefined}>
        <svg className="diagram" role="graphics-document" aria-label={title} width={shown.width} height={shown.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
          <title>{title}</title>
          <g ref={layers.decor} className="layer-decor" />
          <g ref={layers.edges} className="layer-edges" />
          <g ref={layers.dns} className="layer-dns" />
          <g ref={layers.pods} className="layer-pods" />
          <g ref={layers.claims} className="layer-claims" />
          <g ref={layers.volumes} className="layer-volumes" />
          <g ref={layers.classes} className="layer-classes" />
          {layout.hidden > 0 ? (
            <text x={PAD} y={layout.height - 8} className="row-label" data-hidden={layout.hidden}>
              {t('diagram.more', { count: layout.hidden })}
            </text>
          ) : null}
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
        b.hidden > 0 ? t('diagram.more', { count: b.hidden }) : '',
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
