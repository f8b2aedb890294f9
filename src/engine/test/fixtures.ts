/** Manifests shared by the engine tests (the spec's common setup: Service nginx, StatefulSet web). */

export interface WebOptions {
  replicas?: number;
  image?: string;
  policy?: 'OrderedReady' | 'Parallel';
  extraSpec?: string;
  /** false: no claim template (and no volume mount). */
  claims?: boolean;
  name?: string;
}

export const NGINX_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
`;

export function webYaml(o: WebOptions = {}): string {
  const claims = o.claims === false ? '' : `  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${o.name ?? 'web'}
spec:
  serviceName: "nginx"
  replicas: ${o.replicas ?? 3}
  podManagementPolicy: ${o.policy ?? 'OrderedReady'}
  selector:
    matchLabels:
      app: nginx
${o.extraSpec ?? ''}  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: ${o.image ?? 'nginx:v1'}
        ports:
        - containerPort: 80
          name: web
${o.claims === false ? '' : '        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n'}${claims}`;
}

export function defaultExample(o: WebOptions = {}): string {
  return `${NGINX_SERVICE}---\n${webYaml(o)}`;
}
