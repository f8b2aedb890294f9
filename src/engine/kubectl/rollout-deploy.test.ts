/**
 * kubectl rollout status/history/undo for Deployments driven by the Deployment and ReplicaSet
 * controllers (DeploymentStatusViewer, DeploymentHistoryViewer, DeploymentRollbacker), and the
 * describe/get views of a finished rollout.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';

function dedupe(lines: string[]): string[] {
  return lines.filter((l, i) => l !== lines[i - 1]);
}

function outLines(text: string): string[] {
  return text.trimEnd().split('\n');
}

/** `kubectl create deployment web --image=nginx:1.24 --replicas=3`, rolled out. */
function web(): Cluster {
  const c = createCluster();
  expect(c.kubectl('create deployment web --image=nginx:1.24 --replicas=3').code).toBe(0);
  c.settle();
  return c;
}

describe('kubectl rollout status deployment', () => {
  it('waits for a new Deployment\'s replicas to become available', () => {
    const c = createCluster();
    c.kubectl('create deployment web --image=nginx:1.24 --replicas=3');
    const r = c.kubectl('rollout status deployment/web');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Pulls on a node run one at a time and take varied times, so the replicas become available one by one.
    expect(dedupe(outLines(r.stdout))).toEqual([
      'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...',
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
      'deployment "web" successfully rolled out',
    ]);
    expect(c.kubectl('get deploy web').stdout).toMatch(/\nweb {4}3\/3 {5}3 {12}3 /);
  });

  it('follows an image change: new replicas updated, old ones terminating, then done', () => {
    const c = web();
    const start = c.now();
    expect(c.kubectl('set image deployment/web nginx=nginx:1.25').stdout).toBe('deployment.apps/web image updated\n');
    const r = c.kubectl('rollout status deploy/web');
    expect(r.code).toBe(0);
    expect(c.now()).toBeGreaterThan(start);
    expect(dedupe(outLines(r.stdout))).toEqual([
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      'deployment "web" successfully rolled out',
    ]);
    // Done: one evaluation, no time passes.
    const t = c.now();
    expect(c.kubectl('rollout status deployment web')).toEqual({ code: 0, stdout: 'deployment "web" successfully rolled out\n', stderr: '' });
    expect(c.now()).toBe(t);
  });

  it('ends with kubectl\'s error when the progress deadline passes', () => {
    const c = web();
    expect(c.kubectl(`patch deploy web -p '{"spec":{"progressDeadlineSeconds":60}}'`).code).toBe(0);
    c.kubectl('set image deployment/web nginx=nginx:broken');
    const r = c.kubectl('rollout status deployment/web');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(dedupe(outLines(r.stdout))).toEqual(['Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...']);
    // Every later look says the same at once.
    expect(c.kubectl('rollout status deployment/web')).toEqual({ code: 1, stdout: '', stderr: 'error: deployment "web" exceeded its progress deadline\n' });
  });

  it('checks --revision against the running revision, and honours --watch=false and --timeout', () => {
    const c = web();
    c.kubectl('set image deployment/web nginx=nginx:1.25');
    const t = c.now();
    expect(c.kubectl('rollout status deployment/web --watch=false')).toEqual({
      code: 0, stdout: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', stderr: '',
    });
    expect(c.now()).toBe(t);
    expect(c.kubectl('rollout status deployment/web --revision=1')).toEqual({ code: 1, stdout: '', stderr: 'error: desired revision (1) is different from the running revision (2)\n' });
    const timed = c.kubectl('rollout status deployment/web --timeout=1s');
    expect(timed.code).toBe(1);
    expect(timed.stderr).toBe('error: timed out waiting for the condition\n');
    expect(c.now()).toBe(t + 1000);
    expect(c.kubectl('rollout status deployment/web --revision=2').stdout.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
  });
});

describe('kubectl rollout history and undo deployment', () => {
  it('lists ReplicaSet revisions with their change causes and shows one revision\'s template', () => {
    const c = web();
    expect(c.kubectl('rollout history deployment/web')).toEqual({ code: 0, stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n', stderr: '' });
    // The controller copies the Deployment's annotations to its current ReplicaSet: annotate after the change.
    c.kubectl('set image deployment/web nginx=nginx:1.25');
    c.kubectl('annotate deployment/web kubernetes.io/change-cause="image 1.25"');
    c.settle();
    expect(c.kubectl('rollout history deploy web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.25\n\n');
    const hash = (c.kubectl('get rs -o jsonpath={.items[0].metadata.labels.pod-template-hash}').stdout);
    const rev1 = c.kubectl('rollout history deployment/web --revision=1');
    expect(rev1.code).toBe(0);
    expect(rev1.stdout.startsWith('deployment.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=')).toBe(true);
    expect(rev1.stdout).toContain('    Image:\tnginx:1.24\n');
    expect(hash).toMatch(/^[a-z0-9]+$/);
    const rev2 = c.kubectl('rollout history deployment/web --revision=2').stdout;
    expect(rev2).toContain('  Annotations:\tkubernetes.io/change-cause: image 1.25\n');
    expect(rev2).toContain('    Image:\tnginx:1.25\n');
    expect(c.kubectl('rollout history deployment/web --revision=9')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find the specified revision\n' });
  });

  it.each(['rollout history deploy/web --revision=-1', 'rollout history deploy/missing --revision=-2', 'rollout history deployment web --revision -3'])(
    'refuses a negative revision before looking anything up (RolloutHistoryOptions.Validate): %s',
    (line) => {
      const c = web();
      const n = /--revision[= ](-\d+)/.exec(line)?.[1];
      expect(c.kubectl(line)).toEqual({ code: 1, stdout: '', stderr: `error: revision must be a positive integer: ${n}\n` });
    }
  );

  it('falls back to a change cause on the pod template when the ReplicaSet has none (ViewHistory)', () => {
    const c = web();
    c.kubectl(`patch deploy web -p '{"spec":{"template":{"metadata":{"annotations":{"kubernetes.io/change-cause":"from the template"}}}}}'`);
    c.settle();
    expect(c.kubectl('rollout history deploy web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         from the template\n\n');
    c.kubectl('annotate deployment/web kubernetes.io/change-cause="from the deployment"');
    c.settle();
    expect(c.kubectl('rollout history deploy web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         from the deployment\n\n');
  });

  it('rolls back to the previous revision, renumbering it, and skips or refuses as kubectl does', () => {
    const c = web();
    expect(c.kubectl('rollout undo deployment/web')).toEqual({ code: 1, stdout: '', stderr: 'error: no rollout history found for deployment "web"\n' });
    c.kubectl('set image deployment/web nginx=nginx:1.25');
    c.settle();
    expect(c.kubectl('rollout undo deployment/web')).toEqual({ code: 0, stdout: 'deployment.apps/web rolled back\n', stderr: '' });
    c.settle();
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').stdout).toBe('nginx:1.24');
    // The template carries no pod-template-hash after the rollback.
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.metadata.labels}').stdout).toBe('{"app":"web"}');
    expect(c.kubectl('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect(c.kubectl("get deploy web -o jsonpath='{.metadata.annotations.deployment\\.kubernetes\\.io/revision}'").stdout).toBe('3');
    expect(c.kubectl('rollout undo deployment/web --to-revision=3')).toEqual({
      code: 0, stdout: 'deployment.apps/web skipped rollback (current template already matches revision 3)\n', stderr: '',
    });
    expect(c.kubectl('rollout undo deployment/web --to-revision=5')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find specified revision 5 in history\n' });
    expect(c.kubectl('rollout undo deployment/web --to-revision=-1')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find specified revision -1 in history\n' });
    expect(c.kubectl('rollout undo deployment/web --to-revision=2')).toEqual({ code: 0, stdout: 'deployment.apps/web rolled back\n', stderr: '' });
    c.settle();
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').stdout).toBe('nginx:1.25');
    c.kubectl('rollout pause deployment/web');
    expect(c.kubectl('rollout undo deployment/web')).toEqual({
      code: 1, stdout: '', stderr: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    });
  });

  it('rescues a stuck rollout and warns when the Deployment came from kubectl apply', () => {
    const c = createCluster();
    const yaml = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 2', '  selector:', '    matchLabels:', '      app: web',
      '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '      - name: nginx', '        image: nginx:1.24',
    ].join('\n');
    expect(c.apply(yaml).ok).toBe(true);
    c.settle();
    c.kubectl('set image deployment/web nginx=nginx:broken');
    c.advance(30_000);
    const undo = c.kubectl('rollout undo deployment/web');
    expect(undo.code).toBe(0);
    expect(undo.stdout).toBe('deployment.apps/web rolled back\n');
    expect(undo.stderr).toBe(
      "Warning: resource deployments/web was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.\n"
    );
    // kubectl keeps the last-applied annotation through the rollback.
    expect(c.kubectl('get deploy web -o jsonpath={.metadata.annotations}').stdout).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(outLines(c.kubectl('rollout status deployment/web').stdout).at(-1)).toBe('deployment "web" successfully rolled out');
    expect(c.kubectl('get pods -o jsonpath={.items[*].spec.containers[0].image}').stdout).toBe('nginx:1.24 nginx:1.24');
  });
});

describe('kubectl rollout history -o and undo --dry-run=client', () => {
  it('prints the ReplicaSets of the history and the template a rollback would restore, changing nothing', () => {
    const c = web();
    c.kubectl('set image deployment/web nginx=nginx:1.25');
    c.settle();
    const names = c.kubectl('rollout history deployment/web -o name').stdout;
    expect(names).toMatch(/^replicaset\.apps\/web-[a-z0-9]+\nreplicaset\.apps\/web-[a-z0-9]+\n$/);
    const rev1 = c.kubectl('rollout history deployment/web --revision=1 -o yaml').stdout;
    expect(rev1).toContain('kind: ReplicaSet\n');
    expect(rev1).toContain('    deployment.kubernetes.io/revision: "1"\n');
    expect(c.kubectl('rollout history deployment/web -o yaml').stdout.split('\n---\n')).toHaveLength(2);
    expect(c.kubectl('rollout history deployment/web -o wide').stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: json,name,yaml\n'
    );
    const dry = c.kubectl('rollout undo deployment/web --dry-run=client');
    expect(dry.code).toBe(0);
    expect(dry.stdout.startsWith('deployment.apps/web Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=')).toBe(true);
    expect(dry.stdout).toContain('    Image:\tnginx:1.24\n');
    expect(dry.stdout.endsWith('  Tolerations:\t<none>\n (dry run)\n')).toBe(true);
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').stdout).toBe('nginx:1.25');
    expect(c.kubectl('rollout undo deployment/web --dry-run=later').stderr).toBe('error: Invalid dry-run value (later). Must be "none", "server", or "client".\n');
  });
});

describe('kubectl rollout restart deployment', () => {
  it('rolls every pod through a new ReplicaSet and records a revision', () => {
    const c = web();
    const before = c.kubectl('get pods -o name').stdout;
    c.advance(2_000);
    expect(c.kubectl('rollout restart deployment/web')).toEqual({ code: 0, stdout: 'deployment.apps/web restarted\n', stderr: '' });
    expect(outLines(c.kubectl('rollout status deployment/web').stdout).at(-1)).toBe('deployment "web" successfully rolled out');
    c.settle();
    const after = c.kubectl('get pods -o name').stdout;
    expect(outLines(after)).toHaveLength(3);
    for (const pod of outLines(before)) expect(after).not.toContain(pod);
    expect(c.kubectl('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(c.kubectl('rollout history deployment/web --revision=2').stdout).toContain('  Annotations:\tkubectl.kubernetes.io/restartedAt: 2026-01-01T00:00:');
  });
});

describe('describe and delete a rolled-out Deployment', () => {
  it('prints describeDeployment with its conditions, old and new ReplicaSets and scaling events', () => {
    const c = web();
    c.kubectl('set image deployment/web nginx=nginx:1.25');
    c.settle();
    const rs = c.kubectl('get rs -o name').stdout.trimEnd().split('\n').map((n) => n.replace('replicaset.apps/', ''));
    const newRS = c.kubectl('get rs -o jsonpath={.items[?(@.spec.replicas==3)].metadata.name}').stdout;
    const oldRS = rs.find((n) => n !== newRS) ?? '';
    const out = c.kubectl('describe deployment web');
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines.slice(0, lines.indexOf('Events:')).join('\n')).toBe(
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 2',
        'Selector:               app=web',
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.25',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        `OldReplicaSets:  ${oldRS} (0/0 replicas created)`,
        `NewReplicaSet:   ${newRS} (3/3 replicas created)`,
      ].join('\n')
    );
    const events = lines.slice(lines.indexOf('Events:') + 3).filter(Boolean);
    expect(events[0]).toMatch(new RegExp(`^ {2}Normal {2}ScalingReplicaSet {2}\\d+s +deployment-controller {2}Scaled up replica set ${oldRS} from 0 to 3$`));
    expect(events.at(-1)).toMatch(new RegExp(`Scaled down replica set ${oldRS} from 1 to 0$`));
    // Its ReplicaSet and pods name their controllers.
    expect(c.kubectl(`describe rs ${newRS}`).stdout).toContain('\nControlled By:  Deployment/web\nReplicas:       3 current / 3 desired\nPods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
    const pod = c.kubectl('get pods -o name').stdout.split('\n')[0] ?? '';
    expect(c.kubectl(`describe ${pod}`).stdout).toContain(`\nControlled By:  ReplicaSet/${newRS}\n`);
  });

  it('shows the Deployment, its ReplicaSet and pods in get all', () => {
    const c = web();
    c.advance(60_000 - c.now());
    const groups = c.kubectl('get all').stdout.split('\n\n');
    expect(groups).toHaveLength(4);
    const rs = c.kubectl('get rs -o jsonpath={.items[0].metadata.name}').stdout;
    expect(outLines(groups[0] ?? '')).toEqual([
      'NAME                       READY   STATUS    RESTARTS   AGE',
      ...Array.from({ length: 3 }, () => expect.stringMatching(new RegExp(`^pod/${rs}-[a-z0-9]{5} {3}1/1 {5}Running {3}0 {10}\\d+s$`))),
    ]);
    expect(groups[2]).toBe('NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   3/3     3            3           60s');
    expect(groups[3]).toBe(`NAME                             DESIRED   CURRENT   READY   AGE\nreplicaset.apps/${rs}   3         3         3       60s\n`);
  });

  it('deletes the Deployment and the garbage collector takes its ReplicaSets and pods', () => {
    const c = web();
    expect(c.kubectl('delete deployment web')).toEqual({ code: 0, stdout: 'deployment.apps "web" deleted from default namespace\n', stderr: '' });
    c.settle();
    expect(c.kubectl('get deploy,rs,pods')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(c.kubectl('delete deploy web')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "web" not found\n' });
  });
});
