/**
 * Pure layout: from the view model to keyed, positioned shapes. Every workload has its own band: a
 * StatefulSet's pods stand in ordinal order, a Deployment's pods stand under their ReplicaSet, bare
 * pods and loose claims or volumes go to an "other" band. Inside a band each pod's claim and volume
 * line up below it, so the binding chain reads top to bottom; the Services that select the workload
 * show their DNS records above its pods. Bands flow left to right and wrap at the width available;
 * nodes are a strip of chips at the top, and each pod card names (and is coloured by) its node.
 *
 * Every pod has its column, however many there are (a band of 1,000 pods is 1,000 columns wide), but
 * only what falls in the viewport (plus OVERSCAN columns each side) is emitted: pods, empty ordinals,
 * claims, volumes, DNS records and edges off screen cost nothing to draw. `positions` still knows where
 * every pod is, so the page can scroll one into view.
 */
import type { ClaimView, ClassView, ClusterView, DnsRecordView, NodeView, PodView, ReplicaSetView, ServiceView, VolumeView } from '../../../worker/viewModel.ts';

export const COL_W = 142;
export const CARD_W = 132;
export const CARD_H = 78;
export const BOX_H = 62;
export const PAD = 8;
export const BAND_GAP = 12;
export const NODE_W = 190;
export const NODE_H = 40;
export const CLASS_W = COL_W * 1.5;
/** Columns laid out beyond each edge of the viewport, so a scroll or a Tab shows drawn cards at once. */
export const OVERSCAN = 3;
/** The smallest scale the page shrinks the picture to before it scrolls instead (see DiagramView). */
export const MIN_SCALE = 0.7;
const HEADER_H = 42;
const SVC_H = 56;
const RS_H = 34;
const POD_ROW_H = CARD_H + 34;
const BOX_ROW_H = BOX_H + 34;
/** The width laid out when the page has not measured its own yet. */
export const DEFAULT_WIDTH = 960;

/** The part of the picture on screen, in layout coordinates. */
export interface Viewport {
  x: number;
  width: number;
}

export type BandKind = 'StatefulSet' | 'Deployment' | 'Other';

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
  w: number;
  service: string;
}

export interface Edge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  bound: boolean;
  /** Volume to StorageClass: drawn lighter, it crosses other bands to the shared class row. */
  toClass?: boolean;
}

export interface BandInfo {
  kind: BandKind;
  name: string;
  namespace: string;
  ready: number;
  replicas: number;
  /** Policy (StatefulSet) or strategy (Deployment), shown after the counts. */
  detail: string;
  paused: boolean;
}

/** Shapes that are not objects one can act on: band frames, Service rows, ReplicaSet labels, empty ordinals, nodes. */
export type Decor =
  | { key: string; type: 'band'; x: number; y: number; w: number; h: number; band: BandInfo; dx: number }
  | { key: string; type: 'service'; x: number; y: number; w: number; h: number; band: string; svc: ServiceView; setRecord: DnsRecordView | undefined; srv: number; dx: number }
  | { key: string; type: 'rs'; x: number; y: number; w: number; h: number; rs: ReplicaSetView; current: boolean; pods: number }
  | { key: string; type: 'slot'; x: number; y: number; w: number; h: number; name: string }
  | { key: string; type: 'node'; x: number; y: number; w: number; h: number; node: NodeView; colour: string; pods: number };

export type PlacedPod = Placed<PodView & { revisionIndex: number; revisionNumber: number; nodeColour: string; nodeDown: boolean }>;

export interface Layout {
  width: number;
  height: number;
  /** The picture is wider than the space given (one band alone is too wide): the page scrolls. */
  overflow: boolean;
  decor: Decor[];
  pods: PlacedPod[];
  claims: Placed<ClaimView>[];
  volumes: Placed<VolumeView>[];
  classes: Placed<ClassView>[];
  dns: DnsCell[];
  edges: Edge[];
  /** Where every pod stands, by name, drawn or not: the page scrolls a selected one into view. */
  positions: Map<string, { x: number; y: number }>;
  /** The first and last pod (by x) whose card is wholly or partly inside the viewport, for the pan control's text. */
  inView: { first: string; last: string } | undefined;
}

/** Colours for revisions (index 0 = oldest); the label always says the revision too. */
export const REVISION_COLOURS = ['#5b6b7f', '#1a73e8', '#00897b', '#8e24aa', '#6d4c41', '#3949ab', '#827717', '#ad1457'];
/** Colours for nodes; the card names the node too. */
export const NODE_COLOURS = ['#0b8043', '#e37400', '#1967d2', '#a142f4', '#c5221f', '#007b83', '#795548', '#5f6368'];

interface Column {
  pod?: PodView;
  /** An ordinal with no pod (its claim may still be there). */
  slot?: string;
}

interface Group {
  rs: ReplicaSetView;
  current: boolean;
  start: number;
  count: number;
}

interface Band {
  key: string;
  info: BandInfo;
  columns: Column[];
  groups: Group[];
  services: ServiceView[];
  claims: { claim: ClaimView; col: number }[];
  volumes: { volume: VolumeView; col: number }[];
  /** Revision colour index and number per pod name. */
  revisions: Map<string, { index: number; number: number }>;
}

const byCreation = (a: PodView, b: PodView) => a.created - b.created || a.name.localeCompare(b.name);

function newBand(key: string, info: BandInfo): Band {
  return { key, info, columns: [], groups: [], services: [], claims: [], volumes: [], revisions: new Map() };
}

/** Which band and column each pod gets: every pod has one. */
function buildBands(view: ClusterView): Band[] {
  const bands: Band[] = [];
  const taken = new Set<string>();

  for (const set of view.sets) {
    const pods = view.pods.filter((p) => p.set === set.name && p.namespace === set.namespace);
    for (const p of pods) taken.add(p.key);
    const templates = set.claimTemplates.map((t) => `${t}-${set.name}-`);
    const claimOrdinals = view.claims
      .filter((c) => c.namespace === set.namespace && templates.some((t) => c.name.startsWith(t) && /^\d+$/.test(c.name.slice(t.length))))
      .map((c) => Number(/(\d+)$/.exec(c.name)?.[1] ?? -1));
    const first = Math.min(set.start, ...pods.map((p) => p.ordinal).filter((o) => o >= 0));
    const last = Math.max(set.start + set.replicas - 1, ...pods.map((p) => p.ordinal), ...claimOrdinals);
    const byOrdinal = new Map<number, PodView>();
    const extra: PodView[] = [];
    for (const p of pods) {
      if (p.ordinal >= 0 && !byOrdinal.has(p.ordinal)) byOrdinal.set(p.ordinal, p);
      else extra.push(p);
    }
    const band = newBand(`StatefulSet/${set.namespace}/${set.name}`, {
      kind: 'StatefulSet',
      name: set.name,
      namespace: set.namespace,
      ready: Number(set.status['readyReplicas'] ?? 0),
      replicas: set.replicas,
      detail: set.policy,
      paused: false,
    });
    for (let o = first; o <= last; o++) {
      const pod = byOrdinal.get(o);
      band.columns.push(pod ? { pod } : { slot: `${set.name}-${o}` });
    }
    for (const pod of extra) band.columns.push({ pod });
    for (const p of pods) {
      const index = set.revisions.findIndex((r) => r.name === p.revision);
      band.revisions.set(p.name, { index: Math.max(0, index), number: set.revisions[index]?.revision ?? 0 });
    }
    bands.push(band);
  }

  // Deployments a Service selects (the app) first; helpers such as a provisioner after them.
  const served = (name: string, ns: string) => view.services.some((s) => s.namespace === ns && s.targets.includes(`Deployment/${name}`));
  const deployments = [...view.deployments].sort((a, b) => Number(served(b.name, b.namespace)) - Number(served(a.name, a.namespace)));
  for (const deploy of deployments) {
    const sets = view.replicaSets.filter((r) => r.deployment === deploy.name && r.namespace === deploy.namespace).sort((a, b) => a.revision - b.revision);
    const band = newBand(`Deployment/${deploy.namespace}/${deploy.name}`, {
      kind: 'Deployment',
      name: deploy.name,
      namespace: deploy.namespace,
      ready: deploy.status.readyReplicas,
      replicas: deploy.replicas,
      detail: deploy.strategy,
      paused: deploy.paused,
    });
    const newest = sets.at(-1);
    const current = sets.find((r) => r.revision === deploy.revision) ?? newest;
    // Old ReplicaSets without pods are history (the Actions panel lists them): draw at most the two newest.
    const empties = sets.filter((r) => r !== current && !view.pods.some((p) => p.owner?.kind === 'ReplicaSet' && p.owner.name === r.name && p.namespace === r.namespace));
    const keepEmpty = new Set(empties.slice(-2));
    sets.forEach((rs, index) => {
      const pods = view.pods.filter((p) => p.owner?.kind === 'ReplicaSet' && p.owner.name === rs.name && p.namespace === rs.namespace).sort(byCreation);
      for (const p of pods) {
        taken.add(p.key);
        band.revisions.set(p.name, { index, number: rs.revision });
      }
      if (pods.length === 0 && rs !== current && !keepEmpty.has(rs)) return;
      const start = band.columns.length;
      for (const pod of pods) band.columns.push({ pod });
      if (pods.length === 0) band.columns.push({});
      const count = band.columns.length - start;
      if (count > 0) band.groups.push({ rs, current: rs === current, start, count });
    });
    bands.push(band);
  }

  const other = newBand('Other', { kind: 'Other', name: '', namespace: '', ready: 0, replicas: 0, detail: '', paused: false });
  for (const pod of [...view.pods].sort(byCreation)) if (!taken.has(pod.key)) other.columns.push({ pod });
  bands.push(other);
  return bands;
}

/** Claims under the first pod that mounts them (or their ordinal's slot), volumes under their claim. */
function placeStorage(view: ClusterView, bands: Band[]): void {
  const podColumn = new Map<string, { band: Band; col: number }>();
  const slotColumn = new Map<string, { band: Band; col: number }>();
  for (const band of bands) {
    band.columns.forEach((c, col) => {
      if (c.pod) podColumn.set(`${c.pod.namespace}/${c.pod.name}`, { band, col });
      if (c.slot) slotColumn.set(`${band.info.namespace}/${c.slot}`, { band, col });
    });
  }
  const other = bands.find((b) => b.info.kind === 'Other') as Band;
  const claimAt = new Map<string, { band: Band; col: number }>();
  const free = (band: Band, col: number | undefined, used: Set<number>) => {
    if (col !== undefined && !used.has(col)) return col;
    band.columns.push({});
    return band.columns.length - 1;
  };
  const usedClaimCols = new Map<Band, Set<number>>(bands.map((b) => [b, new Set<number>()]));
  // The first pod (in view order) that mounts each claim.
  const firstUser = new Map<string, PodView>();
  for (const p of view.pods) {
    for (const name of p.claims) if (!firstUser.has(`${p.namespace}/${name}`)) firstUser.set(`${p.namespace}/${name}`, p);
  }
  for (const claim of view.claims) {
    const user = firstUser.get(`${claim.namespace}/${claim.name}`);
    let at = user ? podColumn.get(`${user.namespace}/${user.name}`) : undefined;
    if (!at) {
      // A StatefulSet's claim outlives its pod: it stays under its ordinal (www-web-3 under web-3).
      for (const set of view.sets) {
        for (const t of set.claimTemplates) {
          const prefix = `${t}-`;
          if (set.namespace === claim.namespace && claim.name.startsWith(prefix)) at ??= slotColumn.get(`${claim.namespace}/${claim.name.slice(prefix.length)}`);
        }
      }
    }
    if (!at) {
      // A Deployment's claim sits in its band even before (or between) its pods.
      const deploy = view.deployments.find((d) => d.namespace === claim.namespace && d.claims.includes(claim.name));
      const band = deploy && bands.find((b) => b.info.kind === 'Deployment' && b.info.name === deploy.name && b.info.namespace === deploy.namespace);
      if (band) at = { band, col: 0 };
    }
    const band = at?.band ?? other;
    const used = usedClaimCols.get(band) as Set<number>;
    const col = free(band, at?.col, used);
    used.add(col);
    band.claims.push({ claim, col });
    claimAt.set(`${claim.namespace}/${claim.name}`, { band, col });
  }
  const usedVolumeCols = new Map<Band, Set<number>>(bands.map((b) => [b, new Set<number>()]));
  for (const volume of view.volumes) {
    const claimKey = volume.claim;
    const at = claimKey ? claimAt.get(claimKey) : undefined;
    const band = at?.band ?? other;
    const used = usedVolumeCols.get(band) as Set<number>;
    const col = free(band, at?.col, used);
    used.add(col);
    band.volumes.push({ volume, col });
  }
}

function podsMatch(band: Band, svc: ServiceView): boolean {
  if (band.info.kind !== 'Other') return svc.targets.includes(`${band.info.kind}/${band.info.name}`) && svc.namespace === band.info.namespace;
  return svc.targets.length === 0 || svc.targets.some((t) => t.startsWith('Pod/'));
}

/**
 * The scrollLeft that brings a card at [x, x + w) fully into a viewport, centring it, or undefined
 * when it is already wholly visible.
 */
export function scrollToShow(x: number, w: number, viewport: Viewport, extent: number): number | undefined {
  if (x >= viewport.x && x + w <= viewport.x + viewport.width) return undefined;
  const centred = Math.round(x + w / 2 - viewport.width / 2);
  return Math.max(0, Math.min(centred, Math.max(0, extent - viewport.width)));
}

/**
 * Lays out the whole picture (its extent is that of every column) but emits only the shapes whose x
 * range meets the viewport widened by OVERSCAN columns each side; without a viewport, everything.
 */
/** Which band and column every pod, claim and volume has: it depends on the view only, not on the screen. */
export interface Arrangement {
  view: ClusterView;
  bands: Band[];
}

export function arrange(view: ClusterView): Arrangement {
  const all = buildBands(view);
  placeStorage(view, all);
  for (const band of all) band.services = view.services.filter((s) => podsMatch(band, s));
  return { view, bands: all.filter((b) => b.info.kind !== 'Other' || b.columns.length > 0 || b.services.length > 0) };
}

/**
 * What the picture's size depends on besides the width: band sizes and rows, and the node strip. Two
 * arrangements with one shape lay out to one size at any width.
 */
export function arrangementShape(arranged: Arrangement): string {
  const bands = arranged.bands.map((b) => `${b.columns.length}.${b.services.length}.${b.groups.length}.${b.claims.length > 0 ? 1 : 0}${b.volumes.length > 0 ? 1 : 0}`);
  return `${arranged.view.nodes.length}|${bands.join(',')}`;
}

/** `arranged` may be passed in (the page keeps one per view, so a scroll only positions the columns in view). */
export function computeLayout(view: ClusterView, maxWidth = DEFAULT_WIDTH, viewport?: Viewport, arranged?: Arrangement): Layout {
  const bands = (arranged?.view === view ? arranged : arrange(view)).bands;
  const width = Math.max(maxWidth, 320);
  const lo = viewport ? viewport.x - OVERSCAN * COL_W : -Infinity;
  const hi = viewport ? viewport.x + viewport.width + OVERSCAN * COL_W : Infinity;
  /** The span [x, x + w) meets the window. */
  const meets = (x: number, w: number) => x + w > lo && x < hi;
  const decor: Decor[] = [];
  const pods: PlacedPod[] = [];
  const claims: Placed<ClaimView>[] = [];
  const volumes: Placed<VolumeView>[] = [];
  const dns: DnsCell[] = [];
  const positions = new Map<string, { x: number; y: number }>();
  let right = 0;

  const bandWidth = (b: Band) => Math.max(b.columns.length, b.info.kind === 'Other' ? 1 : 2) * COL_W + PAD;
  // Nodes: a strip of chips, wrapping at the width given (a very wide band does not stretch the strip).
  const nodeColour = new Map(view.nodes.map((n, i) => [n.name, NODE_COLOURS[i % NODE_COLOURS.length] ?? '#5f6368']));
  const downNodes = new Set(view.nodes.filter((n) => n.ready !== 'True').map((n) => n.name));
  const podsOnNode = new Map<string, number>();
  for (const p of view.pods) if (p.node) podsOnNode.set(p.node, (podsOnNode.get(p.node) ?? 0) + 1);
  // Nodes and StorageClasses belong to no column: their strips stay at the viewport's left edge.
  const shift = viewport ? Math.max(0, viewport.x) : 0;
  let x = PAD + shift;
  let y = PAD;
  for (const node of view.nodes) {
    if (x + NODE_W > width + shift && x > PAD + shift) {
      x = PAD + shift;
      y += NODE_H + 6;
    }
    if (meets(x, NODE_W)) decor.push({ key: `node:${node.key}`, type: 'node', x, y, w: NODE_W, h: NODE_H, node, colour: nodeColour.get(node.name) ?? '#5f6368', pods: podsOnNode.get(node.name) ?? 0 });
    right = Math.max(right, x - shift + NODE_W);
    x += NODE_W + 6;
  }
  let top = view.nodes.length > 0 ? y + NODE_H + BAND_GAP : PAD;

  // Bands, flowing into rows.
  const rows: Band[][] = [];
  let rowWidth = 0;
  for (const band of bands) {
    const w = bandWidth(band);
    const row = rows.at(-1);
    if (row && row.length > 0 && rowWidth + BAND_GAP + w <= width - PAD) {
      row.push(band);
      rowWidth += BAND_GAP + w;
    } else {
      rows.push([band]);
      rowWidth = PAD + w;
    }
  }
  for (const row of rows) {
    const svcRows = Math.max(0, ...row.map((b) => b.services.length));
    const hasRs = row.some((b) => b.groups.length > 0);
    const hasClaims = row.some((b) => b.claims.length > 0);
    const hasVolumes = row.some((b) => b.volumes.length > 0);
    const rsY = HEADER_H + svcRows * SVC_H;
    const podY = rsY + (hasRs ? RS_H : 0);
    const claimY = podY + POD_ROW_H;
    const volumeY = claimY + (hasClaims ? BOX_ROW_H : 0);
    const height = volumeY + (hasVolumes ? BOX_ROW_H : 0) - 20;
    let bx = PAD;
    for (const band of row) {
      const w = bandWidth(band);
      const colX = (col: number) => bx + PAD / 2 + col * COL_W + (COL_W - CARD_W) / 2;
      // The columns that meet the window: only these are looked at below.
      const firstCol = Math.max(0, Math.floor((lo - bx - PAD / 2) / COL_W));
      const lastCol = Math.min(band.columns.length - 1, Math.floor((hi - bx - PAD / 2) / COL_W));
      // A band's and its Services' titles follow the viewport's left edge while the band is wider than the screen.
      const dx = viewport ? Math.max(0, Math.min(viewport.x - bx, w - 380)) : 0;
      if (meets(bx, w)) decor.push({ key: `band:${band.key}`, type: 'band', x: bx, y: top, w, h: height, band: band.info, dx });
      band.services.forEach((svc, i) => {
        const sy = top + HEADER_H + i * SVC_H;
        const setRecord = svc.records.find((r) => !r.pod && r.type === 'A');
        const srv = svc.records.find((r) => r.type === 'SRV')?.data.length ?? 0;
        if (meets(bx, w)) decor.push({ key: `svc:${band.key}:${svc.key}`, type: 'service', x: bx + PAD / 2, y: sy, w: w - PAD, h: SVC_H - 4, band: band.key, svc, setRecord, srv, dx });
        if (svc.headless) {
          const byPod = new Map<string, DnsRecordView>();
          for (const r of svc.records) if (r.pod && !byPod.has(r.pod)) byPod.set(r.pod, r);
          for (let col = firstCol; col <= lastCol; col++) {
            const pod = band.columns[col]?.pod;
            const record = pod ? byPod.get(pod.name) : undefined;
            if (!record || !pod) continue;
            dns.push({
              key: `${band.key}:${svc.key}:${record.fqdn}`,
              fqdn: record.fqdn,
              label: `${pod.name}.${svc.name}`,
              ip: record.rcode === 'NOERROR' ? (record.data[0] ?? '') : '',
              x: colX(col),
              y: sy + 18,
              w: CARD_W,
              service: svc.name,
            });
          }
        } else if (setRecord && meets(colX(0), Math.min(w - PAD * 2, CARD_W * 2))) {
          dns.push({
            key: `${band.key}:${svc.key}:${setRecord.fqdn}`,
            fqdn: setRecord.fqdn,
            label: `${svc.name}.${svc.namespace}.svc`,
            ip: setRecord.rcode === 'NOERROR' ? (setRecord.data[0] ?? '') : '',
            x: colX(0),
            y: sy + 18,
            w: Math.min(w - PAD * 2, CARD_W * 2),
            service: svc.name,
          });
        }
      });
      for (const g of band.groups) {
        const gx = colX(g.start) - 2;
        const gw = g.count * COL_W - (COL_W - CARD_W) + 4;
        if (!meets(gx, gw)) continue;
        let shown = 0;
        for (let col = g.start; col < g.start + g.count; col++) if (band.columns[col]?.pod) shown += 1;
        decor.push({ key: `rs:${g.rs.key}`, type: 'rs', x: gx, y: top + rsY, w: gw, h: RS_H + CARD_H + 6, rs: g.rs, current: g.current, pods: shown });
      }
      band.columns.forEach((c, col) => {
        if (c.pod && !positions.has(c.pod.name)) positions.set(c.pod.name, { x: colX(col), y: top + podY });
      });
      for (let col = firstCol; col <= lastCol; col++) {
        const c = band.columns[col];
        if (!c) continue;
        if (c.slot) decor.push({ key: `slot:${band.key}:${c.slot}`, type: 'slot', x: colX(col), y: top + podY, w: CARD_W, h: CARD_H, name: c.slot });
        if (!c.pod) continue;
        const rev = band.revisions.get(c.pod.name) ?? { index: 0, number: 0 };
        pods.push({
          key: c.pod.key,
          x: colX(col),
          y: top + podY,
          item: { ...c.pod, revisionIndex: rev.index, revisionNumber: rev.number, nodeColour: (c.pod.node && nodeColour.get(c.pod.node)) || '#b0b8c4', nodeDown: !!c.pod.node && downNodes.has(c.pod.node) },
        });
      }
      for (const { claim, col } of band.claims) if (col >= firstCol && col <= lastCol) claims.push({ key: claim.key, x: colX(col), y: top + claimY, item: claim });
      for (const { volume, col } of band.volumes) if (col >= firstCol && col <= lastCol) volumes.push({ key: volume.key, x: colX(col), y: top + volumeY, item: volume });
      right = Math.max(right, bx + w);
      bx += w + BAND_GAP;
    }
    top += height + BAND_GAP;
  }

  // StorageClasses: one shared row at the bottom, wrapping at the width given.
  const classes: Placed<ClassView>[] = [];
  x = PAD + shift;
  let classY = top + 8;
  for (const cls of view.classes) {
    if (x + CLASS_W > width + shift && x > PAD + shift) {
      x = PAD + shift;
      classY += BOX_H + 10;
    }
    if (meets(x, CLASS_W)) classes.push({ key: cls.key, x, y: classY, item: cls });
    right = Math.max(right, x - shift + CLASS_W);
    x += CLASS_W + 10;
  }
  const bottom = view.classes.length > 0 ? classY + BOX_H : top;

  // Edges between drawn shapes only.
  const edges: Edge[] = [];
  const claimByName = new Map(claims.map((c) => [`${c.item.namespace}/${c.item.name}`, c]));
  for (const pod of pods) {
    for (const claimName of pod.item.claims) {
      const claim = claimByName.get(`${pod.item.namespace}/${claimName}`);
      if (claim) edges.push({ key: `p:${pod.key}:${claim.key}`, x1: pod.x + CARD_W / 2, y1: pod.y + CARD_H, x2: claim.x + CARD_W / 2, y2: claim.y, bound: claim.item.phase === 'Bound' });
    }
  }
  const volumeByName = new Map(volumes.map((v) => [v.item.name, v]));
  for (const claim of claims) {
    const volume = claim.item.volume ? volumeByName.get(claim.item.volume) : undefined;
    if (volume) edges.push({ key: `c:${claim.key}:${volume.key}`, x1: claim.x + CARD_W / 2, y1: claim.y + BOX_H, x2: volume.x + CARD_W / 2, y2: volume.y, bound: claim.item.phase === 'Bound' });
  }
  for (const volume of volumes) {
    const cls = classes.find((c) => c.item.name === volume.item.storageClass);
    if (cls) edges.push({ key: `v:${volume.key}:${cls.key}`, x1: volume.x + CARD_W / 2, y1: volume.y + BOX_H, x2: cls.x + CLASS_W / 2, y2: cls.y, bound: volume.item.phase === 'Bound', toClass: true });
  }

  let inView: Layout['inView'];
  if (viewport) {
    const seen = pods.filter((p) => p.x + CARD_W > viewport.x && p.x < viewport.x + viewport.width).sort((a, b) => a.x - b.x);
    const first = seen[0];
    const last = seen.at(-1);
    if (first && last) inView = { first: first.item.name, last: last.item.name };
  }

  const totalWidth = Math.max(right + PAD, Math.min(width, 4 * COL_W + 2 * PAD));
  return {
    width: totalWidth,
    height: bottom + 10,
    overflow: totalWidth > maxWidth + 1,
    decor,
    pods,
    claims,
    volumes,
    classes,
    dns,
    edges,
    positions,
    inView,
  };
}

export function podTone(pod: PodView): 'ready' | 'pending' | 'terminating' | 'failed' | 'unready' {
  if (pod.terminating) return 'terminating';
  if (pod.phase === 'Failed' || /Err|BackOff|Error/.test(pod.status)) return 'failed';
  if (pod.ready) return 'ready';
  if (pod.phase === 'Running') return 'unready';
  return 'pending';
}
