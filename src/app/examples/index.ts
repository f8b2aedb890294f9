/** The examples menu: each one a lesson. */
import type { MessageKey } from '../i18n/index.ts';
import { DEFAULT_EXAMPLE } from './defaultExample.ts';
import { DEPLOYMENT_VS_STATEFULSET, MYSQL, NFS_EXAMPLE, WEB_PARALLEL, ZOOKEEPER } from './cluster.ts';
import { SERVICE, statefulSet } from './manifests.ts';

export interface Example {
  id: string;
  title: MessageKey;
  yaml: string;
}

const STATIC_PVS = [0, 1, 2]
  .map(
    (i) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv-${i}
spec:
  capacity:
    storage: ${i === 2 ? '2Gi' : '1Gi'}
  accessModes: [ "ReadWriteOnce" ]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-storage
  hostPath:
    path: /mnt/disks/vol${i}
`
  )
  .join('---\n');

export const EXAMPLES: Example[] = [
  { id: 'default', title: 'example.default', yaml: DEFAULT_EXAMPLE },
  {
    id: 'missing-class',
    title: 'example.missingClass',
    yaml: `${SERVICE}---\n${statefulSet({ replicas: 2, image: 'nginx', claimExtra: '      storageClassName: "managed-nfs-storage"\n' })}`,
  },
  { id: 'deployment-vs-statefulset', title: 'example.deploymentVsStatefulset', yaml: DEPLOYMENT_VS_STATEFULSET },
  { id: 'nfs', title: 'example.nfs', yaml: NFS_EXAMPLE },
  { id: 'zookeeper', title: 'example.zookeeper', yaml: ZOOKEEPER },
  { id: 'mysql', title: 'example.mysql', yaml: MYSQL },
  { id: 'web-parallel', title: 'example.webParallel', yaml: WEB_PARALLEL },
  { id: 'parallel', title: 'example.parallel', yaml: `${SERVICE}---\n${statefulSet({ replicas: 5, extra: '  podManagementPolicy: Parallel\n' })}` },
  {
    id: 'canary',
    title: 'example.canary',
    yaml: `${SERVICE}---\n${statefulSet({ replicas: 3, extra: '  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n' })}`,
  },
  {
    id: 'static-retain',
    title: 'example.staticRetain',
    yaml: `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
---
${STATIC_PVS}---
${SERVICE}---
${statefulSet({ replicas: 3, claimExtra: '      storageClassName: local-storage\n' })}`,
  },
  {
    id: 'on-delete',
    title: 'example.onDelete',
    yaml: `${SERVICE}---\n${statefulSet({ replicas: 3, extra: '  updateStrategy:\n    type: OnDelete\n' })}`,
  },
  {
    id: 'primary-replica',
    title: 'example.primaryReplica',
    yaml: `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: kv
  ports:
  - port: 6379
    name: redis
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: kv
  template:
    metadata:
      labels:
        app: kv
    spec:
      containers:
      - name: redis
        image: redis:7.4
        # web-0 is the primary; every other pod follows it by its stable DNS name.
        command: ["sh", "-c"]
        args:
        - |
          if [ "$(hostname)" = "web-0" ]; then exec redis-server;
          else exec redis-server --replicaof web-0.nginx 6379; fi
        ports:
        - containerPort: 6379
          name: redis
        readinessProbe:
          tcpSocket:
            port: 6379
          initialDelaySeconds: 2
          periodSeconds: 5
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`,
  },
];

export function findExample(id: string | null | undefined): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
