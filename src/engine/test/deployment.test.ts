/**
 * Deployment scenarios against upstream's controller: ReplicaSet naming, rollout bounds checked after
 * every step for several maxSurge/maxUnavailable pairs, Recreate, undo reusing the old ReplicaSet,
 * revision annotations, history clean-up, pause/resume, the progress deadline, proportional scaling,
 * adoption/orphaning, cascading deletion and determinism.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Change, type Cluster, type K8sObject } from '../index.ts';
import { isReady, type PodLike } from './harness.ts';
import { Sim } from './scenario-helpers-a.ts';

interface DeployOptions {
  name?: string;
  replicas?: number;
  image?: string;
  strategy?: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

function deployYaml(o: DeployOptions = {}): string {
  const name = o.name ?? 'web';
  const lines = [`apiVersion: apps/v1`, `kind: Deployment`, `metadata:`, `  name: ${name}`, `spec:`, `  replicas: ${o.replicas ?? 3}`];
  if (o.minReadySeconds !== undefined) lines.push(`  minReadySeconds: ${o.minReadySeconds}`);
  if (o.revisionHistoryLimit !== undefined) lines.push(`  revisionHistoryLimit: ${o.revisionHistoryLimit}`);
  if (o.progressDeadlineSeconds !== undefined) lines.push(`  progressDeadlineSeconds: ${o.progressDeadlineSeconds}`);
  if (o.paused) lines.push(`  paused: true`);
  if (o.strategy === 'Recreate') lines.push(`  strategy:`, `    type: Recreate`);
  else if (o.maxSurge !== undefined || o.maxUnavailable !== undefined) {
    lines.push(`  strategy:`, `    type: RollingUpdate`, `    rollingUpdate:`);
    if (o.maxSurge !== undefined) lines.push(`      maxSurge: ${JSON.stringify(o.maxSurge)}`);
    if (o.maxUnavailable !== undefined) lines.push(`      maxUnavailable: ${JSON.stringify(o.maxUnavailable)}`);
  }
  lines.push(
    `  selector:`,
    `    matchLabels: {app: ${name}}`,
    `  template:`,
    `    metadata:`,
    `      labels: {app: ${name}}`,
    `    spec:`,
    `      containers:`,
    `      - name: nginx`,
    `        image: ${o.image ?? 'nginx:1.27'}`
  );
  return lines.join('\n') + '\n';
}

interface RS extends K8sObject {
  spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } };
  status: { replicas: number; availableReplicas?: number };
}

function setImage(sim: Sim, image: string, name = 'web'): void {
  sim.patch('deploy', name, { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } }, 'strategic');
}

function replicaSets(c: Cluster, name = 'web'): RS[] {
  return (c.list('rs') as RS[]).filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
}

function rsForImage(c: Cluster, image: string): RS | undefined {
  return replicaSets(c).find((rs) => rs.spec.template.spec.containers[0]?.image === image);
}

function livePods(c: Cluster): PodLike[] {
  return (c.list('pods') as PodLike[]).filter((p) => !p.metadata.deletionTimestamp);
}

function status(c: Cluster, name = 'web'): Record<string, unknown> {
  return (c.get('deploy', name)?.['status'] ?? {}) as Record<string, unknown>;
}

function condition(c: Cluster, type: string, name = 'web'): { status: string; reason: string; message: string; lastUpdateTime: string } | undefined {
  const conds = (status(c, name)['conditions'] ?? []) as { type: string; status: string; reason: string; message: string; lastUpdateTime: string }[];
  return conds.find((x) => x.type === type);
}

function deployEvents(c: Cluster, name = 'web'): string[] {
  return c
    .events()
    .filter((e) => e.involvedObject.kind === 'Deployment' && e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

function revisionOf(obj: K8sObject | undefined): string | undefined {
  return obj?.metadata.annotations?.['deployment.kubernetes.io/revision'];
}

/** Waits for the rollout to finish: every replica updated and available, observed. */
function rolledOut(c: Cluster, replicas: number, name = 'web'): boolean {
  const s = status(c, name);
  const d = c.get('deploy', name);
  return (
    s['updatedReplicas'] === replicas &&
    s['replicas'] === replicas &&
    s['availableReplicas'] === replicas &&
    s['observedGeneration'] === d?.metadata.generation &&
    livePods(c).length === replicas
  );
}

/** At quiescence: every ReplicaSet's status counts its pods, every Deployment's sums its ReplicaSets. */
function expectConsistentStatus(c: Cluster): void {
  const pods = c.list('pods') as PodLike[];
  const problems: string[] = [];
  for (const rs of c.list('rs') as RS[]) {
    const owned = pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
    const active = owned.filter((p) => !p.metadata.deletionTimestamp);
    const s = rs.status as unknown as Record<string, number | undefined>;
    const want = { replicas: active.length, readyReplicas: active.filter((p) => isReady(p)).length, terminatingReplicas: owned.length - active.length };
    for (const [k, v] of Object.entries(want)) if ((s[k] ?? 0) !== v) problems.push(`rs ${rs.metadata.name}: ${k} ${s[k] ?? 0} != ${v}`);
    if (active.length !== rs.spec.replicas) problems.push(`rs ${rs.metadata.name}: ${active.length} pods for spec ${rs.spec.replicas}`);
    if (s['observedGeneration'] !== rs.metadata.generation) problems.push(`rs ${rs.metadata.name}: observedGeneration`);
  }
  for (const d of c.list('deploy')) {
    const owned = (c.list('rs') as RS[]).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid));
    const s = (d['status'] ?? {}) as Record<string, number | undefined>;
    const sum = (k: string) => owned.reduce((n, rs) => n + ((rs.status as unknown as Record<string, number | undefined>)[k] ?? 0), 0);
    for (const k of ['replicas', 'readyReplicas', 'availableReplicas', 'terminatingReplicas']) {
      if ((s[k] ?? 0) !== sum(k)) problems.push(`deploy ${d.metadata.name}: ${k} ${s[k] ?? 0} != ${sum(k)}`);
    }
    if (s['observedGeneration'] !== d.metadata.generation) problems.push(`deploy ${d.metadata.name}: observedGeneration`);
  }
  expect(problems).toEqual([]);
}

describe('Deployment: creation', () => {
  it('creates <deploy>-<hash> with pod-template-hash on selector, template and labels; pods <rs>-xxxxx Ready', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 3 }));
    sim.settle();
    const [rs, ...rest] = replicaSets(sim.cluster);
    expect(rest).toHaveLength(0);
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect((rs?.spec as unknown as { selector: unknown } | undefined)?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs?.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs?.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
    const pods = livePods(sim.cluster);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(isReady(p)).toBe(true);
    }
    expect(revisionOf(sim.cluster.get('deploy', 'web'))).toBe('1');
    const s = status(sim.cluster);
    expect(Object.keys(s)).toEqual(['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'terminatingReplicas', 'conditions']);
    expect(s).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0 });
    expect(condition(sim.cluster, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(condition(sim.cluster, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });
    expect(deployEvents(sim.cluster)).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    expectConsistentStatus(sim.cluster);
  });

  it('cuts a long generateName base to 58 characters, so pod names stay within 63', () => {
    const sim = new Sim();
    const name = 'a-rather-long-deployment-name-for-a-small-web-frontend';
    sim.apply(deployYaml({ name, replicas: 1 }));
    sim.settle();
    const rs = replicaSets(sim.cluster, name)[0]?.metadata.name ?? '';
    expect(rs.length).toBeGreaterThan(58);
    const pod = livePods(sim.cluster)[0]?.metadata.name ?? '';
    expect(pod).toHaveLength(63);
    expect(pod.startsWith(`${rs}-`.slice(0, 58))).toBe(true);
  });

  it('reports NewReplicaSetCreated, then ReplicaSetUpdated and MinimumReplicasUnavailable while pods start', () => {
    const sim = new Sim();
    const mark = sim.mark();
    sim.apply(deployYaml({ replicas: 4 }));
    const name = replicaSets(sim.cluster)[0]?.metadata.name;
    const reasons = sim
      .since(mark)
      .filter((c) => c.kind === 'Deployment')
      .map((c) => ((c.object['status'] as { conditions?: { type: string; reason: string; message: string }[] }).conditions ?? []).find((x) => x.type === 'Progressing'))
      .filter((x) => x !== undefined)
      .map((x) => `${x.reason}: ${x.message}`);
    expect([...new Set(reasons)]).toEqual([`NewReplicaSetCreated: Created new replica set "${name}"`, `ReplicaSetUpdated: ReplicaSet "${name}" is progressing.`]);
    expect(condition(sim.cluster, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(status(sim.cluster)['unavailableReplicas']).toBe(4);
  });
});

/** Runs a rollout in small steps, checking upstream's bounds after every one. */
function checkedRollout(o: { replicas: number; maxSurge: number | string; maxUnavailable: number | string; surge: number; unavailable: number }): void {
  const sim = new Sim({ nodes: 4 });
  sim.apply(deployYaml({ replicas: o.replicas, maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable }));
  sim.settle();
  const c = sim.cluster;
  setImage(sim, 'nginx:1.28');
  let steps = 0;
  let maxLive = 0;
  let minAvailable = Infinity;
  for (; steps < 2000 && !rolledOut(c, o.replicas); steps++) {
    const pods = livePods(c);
    maxLive = Math.max(maxLive, pods.length);
    minAvailable = Math.min(minAvailable, pods.filter((p) => isReady(p)).length);
    expect(pods.length, `pods at t=${c.now()}`).toBeLessThanOrEqual(o.replicas + o.surge);
    expect(pods.filter((p) => isReady(p)).length, `available at t=${c.now()}`).toBeGreaterThanOrEqual(o.replicas - o.unavailable);
    c.advance(100);
  }
  expect(rolledOut(c, o.replicas)).toBe(true);
  // The room is used, not just respected: surge shows as extra pods, unavailability as fewer Ready ones.
  expect(maxLive > o.replicas).toBe(o.surge > 0);
  expect(minAvailable < o.replicas).toBe(o.unavailable > 0);
  expect(livePods(c).every((p) => (c.get('pod', p.metadata.name) as PodLike).spec.containers[0]?.image === 'nginx:1.28')).toBe(true);
  sim.settle();
  expect(replicaSets(c).map((rs) => rs.spec.replicas).toSorted()).toEqual([0, o.replicas]);
  expectConsistentStatus(c);
}

describe('Deployment: RollingUpdate bounds after every step', () => {
  it.each([
    { replicas: 4, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 1 },
    { replicas: 5, maxSurge: 1, maxUnavailable: 0, surge: 1, unavailable: 0 },
    { replicas: 5, maxSurge: 0, maxUnavailable: 1, surge: 0, unavailable: 1 },
    { replicas: 6, maxSurge: '50%', maxUnavailable: '0%', surge: 3, unavailable: 0 },
    { replicas: 3, maxSurge: 2, maxUnavailable: 2, surge: 2, unavailable: 2 },
    { replicas: 10, maxSurge: '15%', maxUnavailable: '15%', surge: 2, unavailable: 1 },
  ])('replicas $replicas, maxSurge $maxSurge, maxUnavailable $maxUnavailable', (o) => checkedRollout(o));

  it('with minReadySeconds, old pods go only after new ones have been Ready that long', () => {
    const sim = new Sim({ nodes: 3 });
    sim.apply(deployYaml({ replicas: 2, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 20 }));
    sim.settle();
    setImage(sim, 'nginx:1.28');
    const start = sim.cluster.now();
    sim.until('rolled out', () => rolledOut(sim.cluster, 2), 300_000);
    // Two one-at-a-time replacements, each waiting 20 s after its pod turned Ready.
    expect(sim.cluster.now() - start).toBeGreaterThan(40_000);
  });
});

describe('Deployment: Recreate', () => {
  it('removes every old pod before any new pod exists', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 3, strategy: 'Recreate' }));
    sim.settle();
    const c = sim.cluster;
    const oldRS = replicaSets(c)[0]?.metadata.name ?? '';
    setImage(sim, 'nginx:1.28');
    let sawNew = false;
    for (let i = 0; i < 2000 && !rolledOut(c, 3); i++) {
      const pods = c.list('pods') as PodLike[];
      const old = pods.filter((p) => p.metadata.name.startsWith(`${oldRS}-`));
      const fresh = pods.filter((p) => !p.metadata.name.startsWith(`${oldRS}-`));
      if (fresh.length > 0) sawNew = true;
      expect(old.length > 0 && fresh.length > 0, `overlap at t=${c.now()}`).toBe(false);
      c.advance(100);
    }
    expect(sawNew).toBe(true);
    expect(rolledOut(c, 3)).toBe(true);
    const events = deployEvents(c);
    const newRS = rsForImage(c, 'nginx:1.28')?.metadata.name;
    expect(events.slice(1)).toEqual([`ScalingReplicaSet: Scaled down replica set ${oldRS} from 3 to 0`, `ScalingReplicaSet: Scaled up replica set ${newRS} from 0 to 3`]);
  });
});

describe('Deployment: failing syncs', () => {
  it('stops retrying after maxRetries rate-limited requeues, until the next change (handleErr)', () => {
    const sim = new Sim();
    sim.inject({ type: 'reject', verb: 'create', kind: 'ReplicaSet', times: 10_000 });
    sim.apply(deployYaml({ replicas: 2 }));
    const c = sim.cluster;
    const attempts = () => c.events().find((e) => e.reason === 'ReplicaSetCreateError')?.count ?? 0;
    sim.advance(10 * 60_000);
    const dropped = attempts();
    expect(dropped).toBeGreaterThanOrEqual(16);
    // Long after the last retry, yet within the event's TTL (1 h after its latest write).
    sim.advance(45 * 60_000);
    expect(attempts()).toBe(dropped);
    // A change to the Deployment enqueues it again, with a fresh backoff.
    sim.patch('deploy', 'web', { spec: { replicas: 3 } });
    sim.advance(1000);
    expect(attempts()).toBeGreaterThan(dropped);
  });
});

describe('Deployment: template equality', () => {
  it('removing the last template annotation returns to the ReplicaSet without annotations (FindNewReplicaSet, EqualIgnoreHash)', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    const c = sim.cluster;
    const first = replicaSets(c)[0]?.metadata.name ?? '';
    sim.patch('deploy', 'web', { spec: { template: { metadata: { annotations: { team: 'blue' } } } } });
    sim.settle();
    // JSON patch leaves `annotations: {}` behind, which a real apiserver never stores or returns.
    sim.patch('deploy', 'web', [{ op: 'remove', path: '/spec/template/metadata/annotations/team' }], 'json');
    sim.settle();
    expect(replicaSets(c)).toHaveLength(2);
    const current = replicaSets(c).find((rs) => (rs as RS).spec.replicas === 2);
    expect(current?.metadata.name).toBe(first);
    expect(revisionOf(current)).toBe('3');
    expect(revisionOf(c.get('deploy', 'web'))).toBe('3');
  });
});

describe('Deployment: several active old ReplicaSets', () => {
  // FindOldReplicaSets keeps FindNewReplicaSet's creation-time order, so Recreate scales the old sets
  // down oldest first whatever their names.
  it.each([
    ['nginx:1.28', 'nginx:1.29'],
    ['nginx:1.29', 'nginx:1.28'],
    ['httpd:2.4', 'redis:7'],
  ])('Recreate scales down the old ReplicaSets oldest first (%s then %s)', (mid, last) => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 4, maxSurge: 1, maxUnavailable: 0 }));
    sim.settle();
    const c = sim.cluster;
    const first = replicaSets(c)[0]?.metadata.name ?? '';
    setImage(sim, mid);
    // Mid-rollout: the new set is up but the first is not yet empty; the new pods never get ready.
    sim.until('both sets active', () => replicaSets(c).filter((rs) => (rs as RS).spec.replicas > 0).length === 2);
    const second = rsForImage(c, mid)?.metadata.name ?? '';
    const mark = c.events().length;
    sim.patch('deploy', 'web', { spec: { strategy: { type: 'Recreate', rollingUpdate: null }, template: { spec: { containers: [{ name: 'nginx', image: last }] } } } }, 'strategic');
    const downs = c
      .events()
      .slice(mark)
      .filter((e) => e.involvedObject.kind === 'Deployment' && e.message.startsWith('Scaled down'))
      .map((e) => e.message.split(' ')[4]);
    expect(downs).toEqual([first, second]);
  });
});

describe('Deployment: revisions, undo and history', () => {
  it('undo (template copied back without the hash) reuses the old ReplicaSet and bumps its revision', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    const c = sim.cluster;
    const v1 = replicaSets(c)[0] as RS;
    setImage(sim, 'nginx:1.28');
    sim.settle();
    const v2 = rsForImage(c, 'nginx:1.28') as RS;
    expect(revisionOf(v2)).toBe('2');
    expect(revisionOf(c.get('deploy', 'web'))).toBe('2');
    // What kubectl rollout undo does: the old ReplicaSet's template, minus pod-template-hash.
    const template = JSON.parse(JSON.stringify(v1.spec.template)) as RS['spec']['template'];
    delete template.metadata.labels['pod-template-hash'];
    sim.patch('deploy', 'web', [{ op: 'replace', path: '/spec/template', value: template }], 'json');
    sim.settle();
    const after = replicaSets(c);
    expect(after.map((rs) => rs.metadata.name).toSorted()).toEqual([v1.metadata.name, v2.metadata.name].toSorted());
    const reused = c.get('rs', v1.metadata.name) as RS;
    expect(reused.metadata.uid).toBe(v1.metadata.uid);
    expect(reused.spec.replicas).toBe(2);
    expect(revisionOf(reused)).toBe('3');
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(revisionOf(c.get('deploy', 'web'))).toBe('3');
    expect(livePods(c).every((p) => p.metadata.name.startsWith(`${v1.metadata.name}-`))).toBe(true);
  });

  it('honours the deprecated rollback annotation with a DeploymentRollback event', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    setImage(sim, 'nginx:1.28');
    sim.settle();
    sim.patch('deploy', 'web', { metadata: { annotations: { 'deprecated.deployment.rollback.to': '0' } } });
    sim.settle();
    const d = sim.cluster.get('deploy', 'web') as K8sObject & { spec: RS['spec'] };
    expect(d.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
    expect(d.metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    expect(deployEvents(sim.cluster)).toContain('DeploymentRollback: Rolled back deployment "web" to revision 1');
    expect(revisionOf(d)).toBe('3');
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets, deleting the oldest scaled-down ones', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 1, revisionHistoryLimit: 1 }));
    sim.settle();
    for (const tag of ['1.28', '1.29', '1.30']) {
      setImage(sim, `nginx:${tag}`);
      sim.settle();
    }
    const images = replicaSets(sim.cluster).map((rs) => rs.spec.template.spec.containers[0]?.image);
    expect(images.toSorted()).toEqual(['nginx:1.29', 'nginx:1.30']);
    expect(revisionOf(rsForImage(sim.cluster, 'nginx:1.30'))).toBe('4');
  });

  it('copies the deployment annotations onto the new ReplicaSet, except its own', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 1 }));
    sim.patch('deploy', 'web', { metadata: { annotations: { owner: 'team-a' } } });
    setImage(sim, 'nginx:1.28');
    sim.settle();
    const rs = rsForImage(sim.cluster, 'nginx:1.28');
    expect(rs?.metadata.annotations?.['owner']).toBe('team-a');
    expect(rs?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });
});

describe('Deployment: pause and resume', () => {
  it('makes no new ReplicaSet while paused, still scales, and rolls out on resume', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    sim.patch('deploy', 'web', { spec: { paused: true } });
    expect(condition(sim.cluster, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(sim, 'nginx:1.28');
    sim.settle();
    expect(replicaSets(sim.cluster)).toHaveLength(1);
    sim.patch('deploy', 'web', { spec: { replicas: 3 } });
    sim.settle();
    expect(replicaSets(sim.cluster)[0]?.spec.replicas).toBe(3);
    expect(livePods(sim.cluster)).toHaveLength(3);
    sim.patch('deploy', 'web', { spec: { paused: false } });
    expect(['DeploymentResumed', 'NewReplicaSetCreated', 'ReplicaSetUpdated']).toContain(condition(sim.cluster, 'Progressing')?.reason);
    sim.settle();
    expect(rolledOut(sim.cluster, 3)).toBe(true);
    expect(rsForImage(sim.cluster, 'nginx:1.28')?.spec.replicas).toBe(3);
    expect(condition(sim.cluster, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expectConsistentStatus(sim.cluster);
  });
});

describe('Deployment: progress deadline', () => {
  it('turns Progressing False with ProgressDeadlineExceeded when the new image never pulls', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2, progressDeadlineSeconds: 30 }));
    sim.settle();
    setImage(sim, 'nginx:broken');
    const c = sim.cluster;
    const broken = rsForImage(c, 'nginx:broken')?.metadata.name;
    c.advance(20_000);
    expect(condition(c, 'Progressing')?.status).toBe('True');
    c.advance(15_000);
    expect(condition(c, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${broken}" has timed out progressing.` });
    // The old pods keep serving: maxUnavailable 25% of 2 rounds down to 0.
    expect(livePods(c).filter((p) => isReady(p))).toHaveLength(2);
    expect(condition(c, 'Available')?.status).toBe('True');
  });
});

describe('Deployment: replica failures', () => {
  it('surfaces the new ReplicaSet\'s FailedCreate (the playground pod cap) as a ReplicaFailure condition', () => {
    const sim = new Sim({ maxPods: 4 });
    sim.apply(deployYaml({ replicas: 4, maxSurge: 1, maxUnavailable: 0 }));
    sim.settle();
    setImage(sim, 'nginx:1.28');
    sim.advance(2_000);
    const c = sim.cluster;
    const newRS = rsForImage(c, 'nginx:1.28');
    const failed = c.events().filter((e) => e.reason === 'FailedCreate' && e.involvedObject.name === newRS?.metadata.name);
    expect(failed[0]?.message).toMatch(/^Error creating: pods ".+" is forbidden: the playground runs at most 4 pods at once$/);
    expect(condition(c, 'ReplicaFailure')).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    // maxUnavailable 0: nothing old goes while nothing new can start.
    expect(livePods(c).filter((p) => isReady(p))).toHaveLength(4);
  });
});

describe('Deployment: proportional scaling', () => {
  it('spreads a scale-up mid-rollout over the old and new ReplicaSets by their size', () => {
    const sim = new Sim({ nodes: 4 });
    sim.apply(deployYaml({ replicas: 10, maxSurge: 3, maxUnavailable: 2 }));
    sim.settle();
    setImage(sim, 'nginx:broken');
    sim.advance(10_000);
    const c = sim.cluster;
    const sizes = () => [rsForImage(c, 'nginx:1.27')?.spec.replicas, rsForImage(c, 'nginx:broken')?.spec.replicas];
    expect(sizes()).toEqual([8, 5]);
    sim.patch('deploy', 'web', { spec: { replicas: 15 } });
    sim.advance(1_000);
    // 13 → 18 allowed: the old set 8·18/13 ≈ 11, the new one gets the remaining 2.
    expect(sizes()).toEqual([11, 7]);
    const old = rsForImage(c, 'nginx:1.27');
    expect(old?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('15');
    expect(old?.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('18');
    const ev = deployEvents(c);
    expect(ev).toContain(`ScalingReplicaSet: Scaled up replica set ${old?.metadata.name} from 8 to 11`);
    sim.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, 'strategic');
    sim.settle();
    expect(rolledOut(c, 15)).toBe(true);
    expectConsistentStatus(c);
  });
});

describe('Deployment: ownership and deletion', () => {
  it('adopts a matching orphan ReplicaSet, and orphaning the deployment leaves ReplicaSets and pods', () => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    const rs = replicaSets(sim.cluster)[0]?.metadata.name ?? '';
    expect(sim.cluster.delete('deploy', 'web', { cascade: 'orphan' }).ok).toBe(true);
    sim.settle();
    const orphan = sim.cluster.get('rs', rs);
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
    expect(livePods(sim.cluster)).toHaveLength(2);
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    const adopted = sim.cluster.get('rs', rs);
    expect(adopted?.metadata.ownerReferences?.[0]?.uid).toBe(sim.uid('deploy', 'web'));
    expect(replicaSets(sim.cluster)).toHaveLength(1);
    expect(livePods(sim.cluster)).toHaveLength(2);
  });

  it.each(['background', 'foreground'] as const)('deletes ReplicaSets and pods with the deployment (%s)', (cascade) => {
    const sim = new Sim();
    sim.apply(deployYaml({ replicas: 2 }));
    sim.settle();
    expect(sim.cluster.delete('deploy', 'web', { cascade }).ok).toBe(true);
    if (cascade === 'foreground') expect(sim.cluster.get('deploy', 'web')?.metadata.deletionTimestamp).toBeDefined();
    sim.settle();
    expect(sim.cluster.get('deploy', 'web')).toBeUndefined();
    expect(sim.cluster.list('rs')).toHaveLength(0);
    expect(sim.cluster.list('pods')).toHaveLength(0);
  });
});

function determinismRun(): Change[] {
  const c = createCluster({ seed: 42, nodes: 3 });
  c.apply(deployYaml({ replicas: 5 }));
  c.settle();
  c.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, { type: 'strategic' });
  c.settle();
  c.patch('deploy', 'web', { spec: { replicas: 2 } });
  c.settle();
  return c.changes(0);
}

describe('Deployment: determinism', () => {
  it('replays the same writes for the same seed and calls', () => {
    const a = determinismRun();
    const b = determinismRun();
    expect(a.length).toBeGreaterThan(50);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
