# StatefulSet Basics (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/),
# typed into one terminal as a reader types it. Run: npm run sim -- public/scripts/statefulset-basics-typed.sh
#
# Annotations (skipped by npm run sim, read by src/engine/test/tutorial-typed.test.ts):
#   #> LINE   what the tutorial shows after the command; <age>, <ip>, <pv> and <*> stand for the
#             values that differ by run; columns compare by their words, not their spacing
#   #~        the lines after it are a watch: they must appear in this order among the rows printed
#   #~pods    the same, but in order per pod only (a Parallel set's pods start and stop independently)
#   #! NOTE   where the tutorial's text is older than kubectl/kubelet v1.36, what v1.36 does instead
# The tutorial uses two terminals: a watch in the first, commands in the second. Typed into one,
# each watch follows the command it watches; npm run sim ends a watch (^C) once nothing changes.
cat <<EOF > web.yaml
apiVersion: v1
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
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
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
      resources:
        requests:
          storage: 1Gi
EOF
cat <<EOF > web-parallel.yaml
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app.kubernetes.io/name: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app.kubernetes.io/name: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  podManagementPolicy: "Parallel"
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
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
      resources:
        requests:
          storage: 1Gi
EOF
# ---------------------------------------------------------------- Creating a StatefulSet
kubectl apply -f web.yaml
#> service/nginx created
#> statefulset.apps/web created
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
kubectl get service nginx
#> NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE
#> nginx ClusterIP None <none> 80/TCP <age>
kubectl get statefulset web
#> NAME READY AGE
#> web 2/2 <age>
# ---------------------------------------------------------------- Pods in a StatefulSet
kubectl get pods -l app=nginx
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done
#> web-0
#> web-1
kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm
#! kubectl v1.31+ prints its attach notice first; the tutorial's text predates it.
#> All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.
#> If you don't see a command prompt, try pressing enter.
#> / # nslookup web-0.nginx
#! The cluster DNS Service is 10.96.0.10 here (kubeadm's default), 10.0.0.10 in the tutorial's cluster.
#> Server: <ip>
#> Address 1: <ip> kube-dns.kube-system.svc.cluster.local
#>
#> Name: web-0.nginx
#! busybox 1.28's nslookup prints the name its reverse lookup found after the address.
#> Address 1: <ip> web-0.nginx.default.svc.cluster.local
#> / # nslookup web-1.nginx
#> Server: <ip>
#> Address 1: <ip> kube-dns.kube-system.svc.cluster.local
#>
#> Name: web-1.nginx
#> Address 1: <ip> web-1.nginx.default.svc.cluster.local
#> / # exit
#! kubectl v1.35+ names the namespace: `pod "dns-test" deleted from default namespace`.
#> pod "dns-test" deleted from default namespace
nslookup web-0.nginx
nslookup web-1.nginx
exit
kubectl delete pod -l app=nginx
#! kubectl v1.35+ names the namespace in each line; and it waits for the pods to go (--wait=true).
#> pod "web-0" deleted from default namespace
#> pod "web-1" deleted from default namespace
kubectl get pod --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec web-$i -- sh -c 'hostname'; done
#> web-0
#> web-1
kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm /bin/sh
#> All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.
#> If you don't see a command prompt, try pressing enter.
#> / # nslookup web-0.nginx
#> Server: <ip>
#> Address 1: <ip> kube-dns.kube-system.svc.cluster.local
#>
#> Name: web-0.nginx
#> Address 1: <ip> web-0.nginx.default.svc.cluster.local
#> / # nslookup web-1.nginx
#> Server: <ip>
#> Address 1: <ip> kube-dns.kube-system.svc.cluster.local
#>
#> Name: web-1.nginx
#> Address 1: <ip> web-1.nginx.default.svc.cluster.local
#> / # exit
#> pod "dns-test" deleted from default namespace
nslookup web-0.nginx
nslookup web-1.nginx
exit
# ---------------------------------------------------------------- Writing to stable storage
kubectl get pvc -l app=nginx
#! kubectl v1.36 heads ACCESS MODES in two words and adds STORAGECLASS and VOLUMEATTRIBUTESCLASS.
#> NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
#> www-web-0 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-1 Bound <pv> 1Gi RWO standard <unset> <age>
for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'; done
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
#> web-0
#> web-1
kubectl delete pod -l app=nginx
#> pod "web-0" deleted from default namespace
#> pod "web-1" deleted from default namespace
kubectl get pod --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
#> web-0
#> web-1
# ---------------------------------------------------------------- Scaling
kubectl scale sts web --replicas=5
#> statefulset.apps/web scaled
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-2 0/1 ContainerCreating 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-3 0/1 Pending 0 <age>
#> web-3 0/1 Pending 0 <age>
#> web-3 0/1 ContainerCreating 0 <age>
#> web-3 1/1 Running 0 <age>
#> web-4 0/1 Pending 0 <age>
#> web-4 0/1 Pending 0 <age>
#> web-4 0/1 ContainerCreating 0 <age>
#> web-4 1/1 Running 0 <age>
kubectl patch sts web -p '{"spec":{"replicas":3}}'
#> statefulset.apps/web patched
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-4 1/1 Terminating 0 <age>
#> web-3 1/1 Terminating 0 <age>
kubectl get pvc -l app=nginx
#> NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
#> www-web-0 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-1 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-2 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-3 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-4 Bound <pv> 1Gi RWO standard <unset> <age>
# ---------------------------------------------------------------- Updating StatefulSets: rolling update
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'
#> statefulset.apps/web patched
kubectl get pod -l app=nginx --watch
#! Typed after the patch, the watch starts with web-2 already Terminating. A pod whose containers
#! exited 0 then shows Completed, not 0/1 Terminating: the kubelet (v1.27+) gives it the terminal
#! phase Succeeded, and printPod says Terminating only while the phase is not terminal.
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Terminating 0 <age>
#> web-2 0/1 Completed 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-2 0/1 ContainerCreating 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-1 1/1 Terminating 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-0 1/1 Terminating 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done
#> registry.k8s.io/nginx-slim:0.24
#> registry.k8s.io/nginx-slim:0.24
#> registry.k8s.io/nginx-slim:0.24
kubectl rollout status sts/web
#> partitioned roll out complete: 3 new pods have been updated...
# ---------------------------------------------------------------- Staging an update
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'
#> statefulset.apps/web patched
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'
#> statefulset.apps/web patched
kubectl delete pod web-2
#> pod "web-2" deleted from default namespace
kubectl get pod -l app=nginx --watch
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'
#> registry.k8s.io/nginx-slim:0.24
# ---------------------------------------------------------------- Rolling out a canary
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'
#> statefulset.apps/web patched
kubectl get pod -l app=nginx --watch
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 0/1 ContainerCreating 0 <age>
#> web-2 1/1 Running 0 <age>
kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'
#> registry.k8s.io/nginx-slim:0.21
kubectl delete pod web-1
#> pod "web-1" deleted from default namespace
kubectl get pod -l app=nginx --watch
#! delete waited for the old web-1 to go, so the watch opens on its replacement, Pending.
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
kubectl get pod web-1 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'
#> registry.k8s.io/nginx-slim:0.24
# ---------------------------------------------------------------- Phased roll outs
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'
#> statefulset.apps/web patched
kubectl get pod -l app=nginx --watch
#~
#> NAME READY STATUS RESTARTS AGE
#> web-1 1/1 Terminating 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-0 1/1 Terminating 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done
#> registry.k8s.io/nginx-slim:0.21
#> registry.k8s.io/nginx-slim:0.21
#> registry.k8s.io/nginx-slim:0.21
# ---------------------------------------------------------------- Deleting StatefulSets: non-cascading
kubectl delete statefulset web --cascade=orphan
#> statefulset.apps "web" deleted from default namespace
kubectl get pods -l app=nginx
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
kubectl delete pod web-0
#> pod "web-0" deleted from default namespace
kubectl get pods -l app=nginx
#> NAME READY STATUS RESTARTS AGE
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
kubectl apply -f web.yaml
#! kubectl apply prints the objects in the file's order (the tutorial lists the StatefulSet first).
#> service/nginx unchanged
#> statefulset.apps/web created
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
#> web-2 1/1 Terminating 0 <age>
kubectl get pods -l app=nginx
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
#> web-0
#> web-1
# ---------------------------------------------------------------- Cascading delete
kubectl delete statefulset web
#! kubectl v1.36 waits (--wait=true) until the StatefulSet object is gone; its pods then terminate.
#> statefulset.apps "web" deleted from default namespace
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Terminating 0 <age>
#> web-1 1/1 Terminating 0 <age>
kubectl delete service nginx
#> service "nginx" deleted from default namespace
kubectl apply -f web.yaml
#> service/nginx created
#> statefulset.apps/web created
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
#> web-0
#> web-1
kubectl delete service nginx
#> service "nginx" deleted from default namespace
kubectl delete statefulset web
#> statefulset.apps "web" deleted from default namespace
# ---------------------------------------------------------------- Pod management policy: Parallel
kubectl apply -f web-parallel.yaml
#! The example manifest now labels with app.kubernetes.io/name=nginx, so the watches select on it.
#> service/nginx created
#> statefulset.apps/web created
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#~pods
#> NAME READY STATUS RESTARTS AGE
#> web-0 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
kubectl scale statefulset/web --replicas=5
#> statefulset.apps/web scaled
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#~pods
#> NAME READY STATUS RESTARTS AGE
#> web-2 0/1 Pending 0 <age>
#> web-3 0/1 Pending 0 <age>
#> web-4 0/1 Pending 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-3 1/1 Running 0 <age>
#> web-4 1/1 Running 0 <age>
kubectl delete sts web
#> statefulset.apps "web" deleted from default namespace
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Terminating 0 <age>
kubectl delete svc nginx
#> service "nginx" deleted from default namespace
# ---------------------------------------------------------------- Cleaning up
kubectl delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
#> persistentvolumeclaim "www-web-0" deleted from default namespace
#> persistentvolumeclaim "www-web-1" deleted from default namespace
#> persistentvolumeclaim "www-web-2" deleted from default namespace
#> persistentvolumeclaim "www-web-3" deleted from default namespace
#> persistentvolumeclaim "www-web-4" deleted from default namespace
kubectl get pvc
#> No resources found in default namespace.
