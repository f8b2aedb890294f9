import { it } from 'vitest';
import { createCluster } from '../index.ts';
it('scratch', () => {
  const c = createCluster({ seed: 1 });
  const r = c.apply(`apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`);
  console.log(JSON.stringify(r));
  c.settle();
  console.log(c.list('pods').map((p) => p.metadata.name + ' ' + JSON.stringify(p.status['phase'])));
  console.log(JSON.stringify(c.get('rs', 'web')?.['status']));
  console.log(c.events().map((e) => `${e.reason}: ${e.message}`));
  c.patch('rs', 'web', { spec: { replicas: 1 } });
  c.settle();
  console.log(c.list('pods').map((p) => p.metadata.name));
  console.log(JSON.stringify(c.get('rs', 'web')?.['status']));
});
