/** The nginx Service and `web` StatefulSet the lessons are built from (kubernetes.io's web.yaml). */

export const SERVICE = `apiVersion: v1
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

export function statefulSet(opts: { replicas: number; extra?: string; claimExtra?: string; image?: string; grace?: boolean }): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: ${opts.replicas}
${opts.extra ?? ''}  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
${opts.grace === false ? '' : '      terminationGracePeriodSeconds: 10\n'}      containers:
      - name: nginx
        image: ${opts.image ?? 'registry.k8s.io/nginx-slim:0.24'}
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
${opts.claimExtra ?? ''}      resources:
        requests:
          storage: 1Gi
`;
}

