/** The cluster diagram: React owns the <svg> and its layers' <g>; d3 owns what is inside each layer. */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { PodView } from '../../../worker/viewModel.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectReducedMotion, selectSelection, selectView } from '../../store/selectors.ts';
import { computeLayout, LEFT, type Layout } from './layout.ts';
import { renderClaims, renderClasses, renderDns, renderEdges, renderLanes, renderPods, renderVolumes, type RenderOptions } from './render.ts';

export function DiagramView() {
  const view = useAppStore(selectView);
  const selection = useAppStore(selectSelection);
  const reducedMotion = useAppStore(selectReducedMotion);
  const select = useAppStore((s) => s.select);
  const sim = useSim();
  const t = useT();
  const layers = {
    lanes: useRef<SVGGElement>(null),
    edges: useRef<SVGGElement>(null),
    dns: useRef<SVGGElement>(null),
    pods: useRef<SVGGElement>(null),
    claims: useRef<SVGGElement>(null),
    volumes: useRef<SVGGElement>(null),
    classes: useRef<SVGGElement>(null),
  };
  const refocus = useRef<string | undefined>(undefined);
  const layout = useMemo(() => (view ? computeLayout(view) : undefined), [view]);
  const selectedKey = selection ? `${selection.kind}/${selection.name}` : undefined;

  useLayoutEffect(() => {
    if (!layout) return;
    const current: Layout = layout;
    const opts: RenderOptions = {
      duration: reducedMotion ? 0 : 450,
      selected: selectedKey,
      text: {
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
      onSelect: (kind, name) => select(kind === 'StorageClass' ? undefined : { kind, name }),
      onDeletePod: (name) => {
        refocus.current = name;
        void sim?.command({ type: 'deletePod', pod: name, force: false });
      },
    };
    const run = (ref: React.RefObject<SVGGElement | null>, fn: (g: SVGGElement, l: Layout, o: RenderOptions) => void) => {
      if (ref.current) fn(ref.current, current, opts);
    };
    run(layers.lanes, renderLanes);
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

  if (!view || !layout) return <div className="diagram-empty">{t('diagram.empty')}</div>;
  const ready = view.pods.filter((p) => p.ready).length;
  const title = t('diagram.title', { ready, total: view.pods.length });
  const service = view.services.find((s) => s.headless) ?? view.services[0];
  const setRecord = service?.records.find((r) => !r.pod && r.type === 'A');
  const srvRecord = service?.records.find((r) => r.type === 'SRV');
  return (
    <div className="diagram-scroll" id="diagram">
      <svg className="diagram" role="graphics-document" aria-label={title} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
        <title>{title}</title>
        {service ? (
          <g className="service-header" data-service={service.name}>
            <text x={8} y={20} className="service-title">
              {`svc/${service.name}`}
            </text>
            <text x={8} y={36} className="service-sub">
              {service.headless ? t('diagram.headless') : service.clusterIP}
            </text>
            <text
              x={8}
              y={52}
              className="service-sub"
              data-dns={setRecord?.fqdn}
              data-ip={setRecord?.data.join(',') ?? ''}
            >{`A×${setRecord?.data.length ?? 0} SRV×${srvRecord?.data.length ?? 0}`}</text>
          </g>
        ) : null}
        <g ref={layers.lanes} className="layer-lanes" />
        <g ref={layers.edges} className="layer-edges" />
        <g ref={layers.dns} className="layer-dns" />
        <g ref={layers.pods} className="layer-pods" />
        <g ref={layers.claims} className="layer-claims" />
        <g ref={layers.volumes} className="layer-volumes" />
        <g ref={layers.classes} className="layer-classes" />
        <text x={8} y={layout.rows.claims + 20} className="row-label">
          PVC
        </text>
        <text x={8} y={layout.rows.volumes + 20} className="row-label">
          PV
        </text>
        <text x={8} y={layout.rows.classes + 20} className="row-label">
          SC
        </text>
        {layout.hidden > 0 ? (
          <text x={LEFT} y={layout.height - 4} className="row-label">
            {t('diagram.more', { count: layout.hidden })}
          </text>
        ) : null}
      </svg>
    </div>
  );
}
