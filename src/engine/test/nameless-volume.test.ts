/**
 * A volume without a name. Mutating admission (the service account plugin's token volume) runs
 * before validation, so it must read a missing name as Go reads it (""), and the refusal comes from
 * validation: at once for a Pod, and for a StatefulSet (whose template's pod spec the apiserver does
 * not validate, ValidatePodTemplateSpecForStatefulSet) when its controller creates the pod.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';

const VOLUMES = `      volumes:
      - emptyDir: {}
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: nginx
${VOLUMES.replace(/^ {4}/gm, '')}`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: c
        image: nginx
${VOLUMES}`;

describe('a volume without a name', () => {
  it('refuses the Pod with validation\'s words, at the line of the volume', () => {
    const cluster = createCluster({ nodes: 2, seed: 1 });
    const result = cluster.apply(POD);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { message: 'The Pod "p" is invalid: spec.volumes[0].name: Required value', document: 1, line: 10, column: 5, path: 'spec.volumes[0].name' },
    ]);
    expect(cluster.list('pod', 'default')).toEqual([]);
  });

  it('accepts the StatefulSet; its controller reports the pod create it could not make', () => {
    const cluster = createCluster({ nodes: 2, seed: 1 });
    expect(cluster.apply(STATEFULSET).ok).toBe(true);
    cluster.settle();
    expect(cluster.list('pod', 'default')).toEqual([]);
    const failed = cluster.events().filter((e) => e.reason === 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.message).toBe('create Pod web-0 in StatefulSet web failed error: The Pod "web-0" is invalid: spec.volumes[0].name: Required value');
    expect(failed[0]?.involvedObject.name).toBe('web');
  });
});
