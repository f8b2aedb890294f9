import { it } from 'vitest';
import { createCluster } from '../index.ts';
it('scratch', () => {
  const c = createCluster({ seed: 1 });
  const r = c.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
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
  console.log(c.list('pods').map((p) => p.metadata.name));
  console.log(JSON.stringify(c.get('deploy', 'web'), null, 1));
  console.log(JSON.stringify(c.get('rs', c.list('rs')[0]!.metadata.name)));
  c.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } });
  c.settle();
  console.log(c.list('pods').map((p) => p.metadata.name));
  console.log(c.list('rs').map((p) => p.metadata.name + ' ' + JSON.stringify(p['spec'] && (p['spec'] as {replicas: number}).replicas) + JSON.stringify(p.metadata.annotations)));
  console.log(JSON.stringify(c.get('deploy', 'web')?.['status'], null, 1));
  console.log(c.events().filter((e) => e.involvedObject.kind !== 'Pod').map((e) => `${e.involvedObject.name} ${e.reason}: ${e.message}`));
});
