/** apps/v1 Deployment and ReplicaSet defaults and validation, with upstream's error texts. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';

function deployment(spec: string, name = 'web'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${spec}`;
}

const TEMPLATE = `  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const SELECTOR = `  selector:
    matchLabels: {app: web}
`;

function applyErrors(yaml: string): string[] {
  const c = createCluster({ seed: 1 });
  return c.apply(yaml).errors.map((e) => e.message);
}

describe('apps/v1 defaults', () => {
  it('SetDefaults_Deployment: replicas, RollingUpdate 25%/25%, history 10, deadline 600, pod template defaults, empty status', () => {
    const c = createCluster({ seed: 1 });
    expect(c.apply(deployment(SELECTOR + TEMPLATE)).errors).toEqual([]);
    const d = c.get('deploy', 'web') as unknown as { spec: Record<string, unknown> };
    expect(d.spec['replicas']).toBe(1);
    expect(d.spec['strategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.spec['revisionHistoryLimit']).toBe(10);
    expect(d.spec['progressDeadlineSeconds']).toBe(600);
    const podSpec = (d.spec['template'] as { spec: Record<string, unknown> }).spec;
    expect(podSpec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
  });

  it('Recreate gets no rollingUpdate; partial rollingUpdate is completed', () => {
    const c = createCluster({ seed: 1 });
    c.apply(deployment(`  strategy: {type: Recreate}\n` + SELECTOR + TEMPLATE, 'a'));
    c.apply(deployment(`  strategy: {rollingUpdate: {maxSurge: 2}}\n` + SELECTOR + TEMPLATE, 'b'));
    expect((c.get('deploy', 'a')?.['spec'] as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
    expect((c.get('deploy', 'b')?.['spec'] as { strategy: unknown }).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } });
  });

  it('SetDefaults_ReplicaSet: replicas 1, status.replicas 0 before the controller runs', () => {
    const c = createCluster({ seed: 1 });
    const yaml = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n${SELECTOR}${TEMPLATE}`;
    const result = c.apply(yaml);
    expect(result.errors).toEqual([]);
    const created = c.changes(0).find((ch) => ch.kind === 'ReplicaSet' && ch.type === 'ADDED');
    expect(created?.object['status']).toEqual({ replicas: 0 });
    expect((c.get('rs', 'web')?.['spec'] as { replicas: number }).replicas).toBe(1);
  });
});

describe('apps/v1 validation', () => {
  it.each([
    {
      what: 'maxSurge and maxUnavailable both 0',
      yaml: deployment(`  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n` + SELECTOR + TEMPLATE),
      error: 'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    },
    {
      what: 'maxUnavailable over 100%',
      yaml: deployment(`  strategy:\n    rollingUpdate: {maxUnavailable: "120%"}\n` + SELECTOR + TEMPLATE),
      error: 'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    },
    {
      what: 'a selector that does not match the template',
      yaml: deployment(`  selector:\n    matchLabels: {app: other}\n` + TEMPLATE),
      error: 'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    },
    {
      what: 'restartPolicy Never',
      yaml: deployment(SELECTOR + TEMPLATE + `      restartPolicy: Never\n`),
      error: 'The Deployment "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    },
    {
      what: 'rollingUpdate with Recreate',
      yaml: deployment(`  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n` + SELECTOR + TEMPLATE),
      error: "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    },
    {
      what: 'a progress deadline not above minReadySeconds',
      yaml: deployment(`  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n` + SELECTOR + TEMPLATE),
      error: 'The Deployment "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
    },
    {
      what: 'negative replicas',
      yaml: deployment(`  replicas: -1\n` + SELECTOR + TEMPLATE),
      error: 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      what: 'no selector',
      yaml: deployment(TEMPLATE),
      error: 'spec.selector: Required value',
    },
  ])('rejects $what', ({ yaml, error }) => {
    const errors = applyErrors(yaml);
    expect(errors.join('\n')).toContain(error);
  });

  it('rejects more replicas than the playground runs, for Deployments and ReplicaSets', () => {
    const errors = applyErrors(deployment(`  replicas: 100000\n` + SELECTOR + TEMPLATE));
    expect(errors.join('\n')).toMatch(/spec\.replicas: Invalid value: 100000: must be no more than \d+: the playground simulates at most \d+ pods/);
  });

  it('keeps spec.selector immutable on update', () => {
    const c = createCluster({ seed: 1 });
    c.apply(deployment(SELECTOR + TEMPLATE));
    const result = c.patch('deploy', 'web', { spec: { selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { metadata: { labels: { tier: 'x' } } } } });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable');
  });

  it('accepts the same checks for a ReplicaSet, with the deployment wording for an empty selector', () => {
    const yaml = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  selector: {}\n${TEMPLATE}`;
    expect(applyErrors(yaml).join('\n')).toContain('spec.selector: Invalid value: {}: empty selector is invalid for deployment');
  });
});
