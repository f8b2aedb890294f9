/**
 * Pure layout: from the view model to keyed, positioned shapes. Columns follow ordinal order, rows
 * are node regions (plus one for pods not scheduled yet), and each pod's claim, volume and class
 * line up below it, so the binding chain reads top to bottom.
 */
import type { ClaimView, ClassView, ClusterView, NodeView, PodView, VolumeView } from '../../../worker/viewModel.ts';

export const COL_W = 148;
export const CARD_W = 136;
export const CARD_H = 78;
export const LANE_H = 92;
export const LEFT = 128;
export const DNS_Y = 8;
export const DNS_H = 50;
export const MAX_COLUMNS = 40;
const EMPTY_LANE_H = 36;

export interface Lane {
  key: string;
  node?: NodeView;
  y: number;
  height: number;
}

export interface Placed<T> {
  key: string;
  x: number;
  y: number;
  item: T;
}

export interface DnsCell {
  key: string;
  fqdn: string;
  label: string;
  ip: string;
  x: number;
  y: number;
}

export interface Edge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  bound: boolean;
}

export interface Layout {
  width: number;
  height: number;
  lanes: Lane[];
  pods: Placed<PodView & { revisionIndex: number; revisionNumber: number }>[];
  claims: Placed<ClaimView>[];
  volumes: Placed<VolumeView>[];
  classes: Placed<ClassView>[];
  dns: DnsCell[];
  edges: Edge[];
  hidden: number;
  rows: { claims: number; volumes: number; classes: number };
}

export function computeLayout(view: ClusterView): Layout {
  const setOrder = new Map(view.sets.map((s, i) => [s.name, i]));
  const ordered = [...view.pods].sort(
    (a, b) => (setOrder.get(a.set ?? '') ?? 999) - (setOrder.get(b.set ?? '') ?? 999) || (a.set ?? '').localeCompare(b.set ?? '') || a.ordinal - b.ordinal || a.name.localeCompare(b.name)
  );
  const shown = ordered.slice(0, MAX_COLUMNS);
  const hidden = ordered.length - shown.length;

  // The row for pods not scheduled yet is only as tall as it needs to be.
  const top = DNS_Y + DNS_H + 28;
  const unscheduledH = shown.some((p) => !p.node) ? LANE_H : EMPTY_LANE_H;
  const lanes: Lane[] = [{ key: 'unscheduled', y: top, height: unscheduledH - 8 }];
  view.nodes.forEach((node, i) => lanes.push({ key: node.name, node, y: top + unscheduledH + i * LANE_H, height: LANE_H - 8 }));
  const laneY = new Map(lanes.map((l) => [l.key, l.y]));
  const lanesBottom = top + unscheduledH + view.nodes.length * LANE_H;
  const claimY = lanesBottom + 34;
  const volumeY = claimY + 92;
  const classY = volumeY + 92;

  const column = new Map<string, number>();
  const pods = shown.map((pod, i) => {
    column.set(pod.name, i);
    const set = view.sets.find((s) => s.name === pod.set && s.namespace === pod.namespace);
    const revIndex = set ? set.revisions.findIndex((r) => r.name === pod.revision) : -1;
    return {
      key: pod.key,
      x: LEFT + i * COL_W,
      y: (laneY.get(pod.node ?? 'unscheduled') ?? lanes[0]?.y ?? 0) + 8,
      item: { ...pod, revisionIndex: Math.max(0, revIndex), revisionNumber: set?.revisions[revIndex]?.revision ?? 0 },
    };
  });

  let nextFree = shown.length;
  const claimColumn = new Map<string, number>();
  const claims = view.claims.map((claim) => {
    const owner = shown.find((p) => p.claims.includes(claim.name) && p.namespace === claim.namespace);
    let col = owner ? (column.get(owner.name) ?? nextFree) : undefined;
    if (col === undefined || [...claimColumn.values()].includes(col)) {
      const byName = /-(\d+)$/.exec(claim.name);
      const podName = byName ? claim.name.replace(/^[^-]+-/, '') : '';
      col = column.get(podName);
      if (col === undefined || [...claimColumn.values()].includes(col)) col = nextFree++;
    }
    claimColumn.set(claim.name, col);
    return { key: claim.key, x: LEFT + col * COL_W, y: claimY, item: claim };
  });

  const volumeColumn = new Map<string, number>();
  const volumes = view.volumes.map((volume) => {
    const claimName = volume.claim?.split('/')[1];
    let col = claimName !== undefined ? claimColumn.get(claimName) : undefined;
    if (col === undefined || [...volumeColumn.values()].includes(col)) col = nextFree++;
    volumeColumn.set(volume.name, col);
    return { key: volume.key, x: LEFT + col * COL_W, y: volumeY, item: volume };
  });

  const classes = view.classes.map((cls, i) => ({ key: cls.key, x: LEFT + i * (COL_W * 1.6), y: classY, item: cls }));

  const dns: DnsCell[] = [];
  for (const svc of view.services) {
    for (const record of svc.records) {
      if (!record.pod) continue;
      const col = column.get(record.pod);
      if (col === undefined) continue;
      dns.push({
        key: `${svc.key}:${record.fqdn}`,
        fqdn: record.fqdn,
        label: `${record.pod}.${svc.name}`,
        ip: record.rcode === 'NOERROR' ? (record.data[0] ?? '') : '',
        x: LEFT + col * COL_W,
        y: DNS_Y + 18,
      });
    }
  }

  const edges: Edge[] = [];
  for (const pod of pods) {
    for (const claimName of pod.item.claims) {
      const claim = claims.find((c) => c.item.name === claimName && c.item.namespace === pod.item.namespace);
      if (claim) edges.push({ key: `p:${pod.key}:${claim.key}`, x1: pod.x + CARD_W / 2, y1: pod.y + CARD_H, x2: claim.x + CARD_W / 2, y2: claim.y, bound: claim.item.phase === 'Bound' });
    }
  }
  for (const claim of claims) {
    const volume = volumes.find((v) => v.item.name === claim.item.volume);
    if (volume) edges.push({ key: `c:${claim.key}:${volume.key}`, x1: claim.x + CARD_W / 2, y1: claim.y + 62, x2: volume.x + CARD_W / 2, y2: volume.y, bound: claim.item.phase === 'Bound' });
  }
  for (const volume of volumes) {
    const cls = classes.find((c) => c.item.name === volume.item.storageClass);
    if (cls) edges.push({ key: `v:${volume.key}:${cls.key}`, x1: volume.x + CARD_W / 2, y1: volume.y + 62, x2: cls.x + 100, y2: cls.y, bound: volume.item.phase === 'Bound' });
  }

  const columns = Math.max(nextFree, 4, Math.ceil((classes.length * COL_W * 1.6) / COL_W));
  return {
    width: LEFT + columns * COL_W + 20,
    height: classY + (classes.length > 0 ? 70 : 0) + 10,
    lanes,
    pods,
    claims,
    volumes,
    classes,
    dns,
    edges,
    hidden,
    rows: { claims: claimY, volumes: volumeY, classes: classY },
  };
}

/** Colours for revisions (index 0 = oldest); the label always says the revision too. */
export const REVISION_COLOURS = ['#5b6b7f', '#1a73e8', '#00897b', '#8e24aa', '#6d4c41', '#3949ab', '#827717', '#ad1457'];

export function podTone(pod: PodView): 'ready' | 'pending' | 'terminating' | 'failed' | 'unready' {
  if (pod.terminating) return 'terminating';
  if (pod.phase === 'Failed' || /Err|BackOff|Error/.test(pod.status)) return 'failed';
  if (pod.ready) return 'ready';
  if (pod.phase === 'Running') return 'unready';
  return 'pending';
}
