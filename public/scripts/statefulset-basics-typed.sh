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
# The two heredocs stand for the tutorial's examples (application/web/web.yaml, web-parallel.yaml);
# `kubectl apply -f https://k8s.io/examples/…/web.yaml` reads them by the URL's last segment.
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
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
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
#! The tutorial's watch shows a second header; kubectl v1.36 repeats it only when the columns change.
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
for i in 0 1; do kubectl exec web-$i -- sh -c 'hostname'; done
#> web-0
#> web-1
kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm
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
#> web-0 0/1 ContainerCreating 0 <age>
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
kubectl get pod --watch -l app=nginx
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
#! The tutorial patched while web-4 was still starting; here web-4 was Running, and the watch opens
#! on it Terminating. The row after `1/1 Terminating` is `0/1 Completed` in v1.36: nginx exits 0, the
#! kubelet (v1.27+) gives the pod the terminal phase Succeeded before it goes, and printPod says
#! Terminating only while the phase is not terminal.
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-3 1/1 Running 0 <age>
#> web-4 1/1 Terminating 0 <age>
#> web-4 0/1 Completed 0 <age>
#> web-3 1/1 Terminating 0 <age>
#> web-3 0/1 Completed 0 <age>
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
#! Typed after the patch, the watch starts with web-2 already Terminating. Where the tutorial shows
#! `0/1 Terminating` rows, v1.36 shows `0/1 Completed` (see the scale-down watch above).
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Terminating 0 <age>
#> web-2 0/1 Completed 0 <age>
#> web-2 0/1 Completed 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-2 0/1 ContainerCreating 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-1 1/1 Terminating 0 <age>
#> web-1 0/1 Completed 0 <age>
#> web-1 0/1 Completed 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-0 1/1 Terminating 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done
#> registry.k8s.io/nginx-slim:0.24
#> registry.k8s.io/nginx-slim:0.24
#> registry.k8s.io/nginx-slim:0.24
# The tutorial's note suggests `kubectl rollout status sts/<name>` (it shows no output for it).
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
#> web-2 0/1 ContainerCreating 0 <age>
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
#! delete waited for the old web-1 to go, so the watch opens on its replacement, Pending, where the
#! tutorial's watch (started before the delete) shows the old one Terminating.
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
kubectl get pod web-1 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'
#> registry.k8s.io/nginx-slim:0.24
# ---------------------------------------------------------------- Phased roll outs
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'
#> statefulset.apps/web patched
kubectl get pod -l app=nginx --watch
#! The tutorial's watch still shows web-1 starting from the delete before. Here web-1 is already
#! Running at the old revision, so partition 0 replaces web-1 first, then web-0 (reverse ordinal order).
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Terminating 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-1 0/1 Completed 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 Pending 0 <age>
#> web-1 0/1 ContainerCreating 0 <age>
#> web-1 1/1 Running 0 <age>
#> web-0 1/1 Terminating 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done
#> registry.k8s.io/nginx-slim:0.21
#> registry.k8s.io/nginx-slim:0.21
#> registry.k8s.io/nginx-slim:0.21
# ---------------------------------------------------------------- OnDelete
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'
#! Refused by the API server, as in every release since apps/v1 defaults rollingUpdate: the strategic
#! merge keeps rollingUpdate.partition, and validation allows it only with type RollingUpdate
#! (kubernetes/website#47038). The tutorial shows `statefulset.apps/web patched`. Clearing the
#! field in the same patch, the fix that issue settles on, works:
#> The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
#> statefulset.apps/web patched
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
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
#! kubectl apply prints the objects in the file's order (the tutorial lists the StatefulSet first).
#> service/nginx unchanged
#> statefulset.apps/web created
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-1 1/1 Running 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-0 0/1 Pending 0 <age>
#> web-0 0/1 ContainerCreating 0 <age>
#> web-0 1/1 Running 0 <age>
#> web-2 1/1 Terminating 0 <age>
#> web-2 0/1 Completed 0 <age>
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
#> web-0
#> web-1
# ---------------------------------------------------------------- Cascading delete
kubectl delete statefulset web
#! kubectl v1.36 waits (--wait=true) until the StatefulSet object is gone; its pods then terminate,
#! so the watch typed after it opens on them Terminating.
#> statefulset.apps "web" deleted from default namespace
kubectl get pods --watch -l app=nginx
#~
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Terminating 0 <age>
#> web-1 1/1 Terminating 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-1 0/1 Completed 0 <age>
kubectl delete service nginx
#> service "nginx" deleted from default namespace
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
#> service/nginx created
#> statefulset.apps/web created
# The tutorial waits here for both pods to be Running and Ready (its watch from above still runs).
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
#! The tutorial's line `statefulset "web" deleted` predates kubectl's resource.group names (1.x) and
#! the namespace suffix (v1.35+).
#> statefulset.apps "web" deleted from default namespace
# ---------------------------------------------------------------- Pod management policy: Parallel
kubectl apply -f https://k8s.io/examples/application/web/web-parallel.yaml
#! The tutorial shows `service/nginx updated` and `statefulset.apps/web updated`, but both were deleted
#! just above, so apply creates them (and kubectl apply never says "updated": it says configured).
#> service/nginx created
#> statefulset.apps/web created
kubectl get pod -l app=nginx --watch
#! The example manifest now labels its objects app.kubernetes.io/name=nginx, so the tutorial's
#! `-l app=nginx` finds only the pods of the StatefulSet deleted above (a cascading delete does not
#! wait for them), Terminating; the watches below select on the new label.
#~
#> NAME READY STATUS RESTARTS AGE
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#! The new web-0 and web-1 started in parallel once the old pods had gone.
#~pods
#> NAME READY STATUS RESTARTS AGE
#> web-0 1/1 Running 0 <age>
#> web-1 1/1 Running 0 <age>
kubectl scale statefulset/web --replicas=5
#> statefulset.apps/web scaled
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#! Per pod in the tutorial's order; its third Pending row for web-3 (a status write while the pod waited
#! 7s to be scheduled) has no counterpart here, where the scheduler binds at once.
#~pods
#> NAME READY STATUS RESTARTS AGE
#> web-3 0/1 Pending 0 <age>
#> web-3 0/1 Pending 0 <age>
#> web-3 0/1 ContainerCreating 0 <age>
#> web-2 0/1 Pending 0 <age>
#> web-4 0/1 Pending 0 <age>
#> web-2 1/1 Running 0 <age>
#> web-4 0/1 ContainerCreating 0 <age>
#> web-3 1/1 Running 0 <age>
#> web-4 1/1 Running 0 <age>
# ---------------------------------------------------------------- Cleaning up
kubectl delete sts web
#> statefulset.apps "web" deleted from default namespace
kubectl get pod -l app.kubernetes.io/name=nginx --watch
#! In v1.36 each pod's rows are `1/1 Terminating` then `0/1 Completed` (see the scale-down watch);
#! the tutorial's excerpt leaves out web-4.
#~pods
#> NAME READY STATUS RESTARTS AGE
#> web-3 1/1 Terminating 0 <age>
#> web-2 1/1 Terminating 0 <age>
#> web-1 1/1 Terminating 0 <age>
#> web-0 1/1 Terminating 0 <age>
#> web-0 0/1 Completed 0 <age>
#> web-3 0/1 Completed 0 <age>
#> web-2 0/1 Completed 0 <age>
#> web-1 0/1 Completed 0 <age>
kubectl delete svc nginx
#> service "nginx" deleted from default namespace
kubectl get pvc
#> NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
#> www-web-0 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-1 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-2 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-3 Bound <pv> 1Gi RWO standard <unset> <age>
#> www-web-4 Bound <pv> 1Gi RWO standard <unset> <age>
kubectl get pv
#! kubectl v1.36 adds VOLUMEATTRIBUTESCLASS; rows sort by the volumes' random names, so the claim varies.
#> NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE
#> <pv> 1Gi RWO Delete Bound <*> standard <unset> <age>
#> <pv> 1Gi RWO Delete Bound <*> standard <unset> <age>
#> <pv> 1Gi RWO Delete Bound <*> standard <unset> <age>
#> <pv> 1Gi RWO Delete Bound <*> standard <unset> <age>
#> <pv> 1Gi RWO Delete Bound <*> standard <unset> <age>
kubectl delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
#> persistentvolumeclaim "www-web-0" deleted from default namespace
#> persistentvolumeclaim "www-web-1" deleted from default namespace
#> persistentvolumeclaim "www-web-2" deleted from default namespace
#> persistentvolumeclaim "www-web-3" deleted from default namespace
#> persistentvolumeclaim "www-web-4" deleted from default namespace
kubectl get pvc
#> No resources found in default namespace.
