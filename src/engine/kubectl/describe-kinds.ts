/**
 * The per-kind describers kubectl has for the kinds a StatefulSet lesson touches
 * (kubectl/pkg/describe/describe.go): StatefulSet, Pod, PVC, PV, Service and Node; the workload,
 * policy, account and RBAC kinds are in describe-apps.ts.
 */
import type { EndpointSlice, K8sObject, NodeObject, PersistentVolume, PersistentVolumeClaim, Pod, Service, StatefulSet } from '../model/types.ts';
import { parseQuantity } from '../model/quantity.ts';
import { selectorMatches } from '../model/labels.ts';
import { getControllerOf } from '../model/util.ts';
import {
  accessModesString,
  describeContainers,
  describePodTemplate,
  describeTopologySpread,
  describeVolumes,
  formatLabels,
  formatLabelSelector,
  goSlice,
  objectEvents,
  printAnnotationsMultiline,
  printObjectHeader,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  since,
  writeEvents,
} from './describe-common.ts';
import {
  describeBinding,
  describeConfigMap,
  describeDeployment,
  describeNamespace,
  describePodDisruptionBudget,
  describeReplicaSet,
  describeRole,
  describeSecret,
  describeServiceAccount,
} from './describe-apps.ts';
import { describeEndpoints, describeEndpointSlice } from './describe-network.ts';
import { tabbedString } from './describe-writer.ts';
import type { KubectlContext } from './types.ts';

export interface DescribeSettings {
  showEvents: boolean;
}

type Describer = (ctx: KubectlContext, obj: K8sObject, settings: DescribeSettings) => string;

/** GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation wins over the field. */
function storageClassOf(obj: { metadata?: { annotations?: Record<string, string> }; spec?: { storageClassName?: string | null } }): string {
  const beta = obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return obj.spec?.storageClassName ?? '';
}

// ---------------------------------------------------------------------------------------------

/**
 * describeStatefulSet as kubectl v1.36 prints it: no Service Name, Pod Management Policy or claim
 * retention lines (kubectl added those in v1.37).
 */
const describeStatefulSet: Describer = (ctx, obj, settings) => {
  const set = obj as StatefulSet;
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of ctx.api.list('Pod', set.metadata.namespace)) {
    if (!selectorMatches(set.spec.selector, p.metadata.labels)) continue;
    if (getControllerOf(p)?.uid !== set.metadata.uid) continue;
    const phase = (p as Pod).status?.phase;
    if (phase === 'Running') running++;
    else if (phase === 'Pending') waiting++;
    else if (phase === 'Succeeded') succeeded++;
    else if (phase === 'Failed') failed++;
  }
  const events = objectEvents(ctx, set, settings.showEvents);
  return tabbedString((w) => {
    w.write(0, `Name:\t${set.metadata.name}\n`);
    w.write(0, `Namespace:\t${set.metadata.namespace ?? ''}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(set.metadata.creationTimestamp)}\n`);
    w.write(0, `Selector:\t${formatLabelSelector(set.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', set.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', set.metadata.annotations);
    w.write(0, `Replicas:\t${set.spec.replicas ?? 1} desired | ${set.status?.replicas ?? 0} total\n`);
    w.write(0, `Update Strategy:\t${set.spec.updateStrategy?.type ?? ''}\n`);
    const ru = set.spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
    }
    w.write(0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(w, set.spec.template);
    const templates = set.spec.volumeClaimTemplates ?? [];
    if (templates.length === 0) {
      w.write(0, 'Volume Claims:\t<none>\n');
    } else {
      w.write(0, 'Volume Claims:\n');
      for (const t of templates) {
        w.write(1, `Name:\t${t.metadata?.name ?? ''}\n`);
        w.write(1, `StorageClass:\t${storageClassOf(t as { metadata?: { annotations?: Record<string, string> }; spec?: { storageClassName?: string | null } })}\n`);
        printLabelsMultiline(w, 'Labels', t.metadata?.labels, '  ');
        printLabelsMultiline(w, 'Annotations', t.metadata?.annotations, '  ');
        const capacity = t.spec.resources?.requests?.['storage'];
        w.write(1, `Capacity:\t${capacity ?? '<default>'}\n`);
        w.write(1, `Access Modes:\t${goSlice(t.spec.accessModes)}\n`);
      }
    }
    writeEvents(ctx, w, events);
  });
};

const describePod: Describer = (ctx, obj, settings) => {
  const pod = obj as Pod;
  const spec = pod.spec;
  const status = pod.status ?? {};
  const events = objectEvents(ctx, pod, settings.showEvents, { withKind: false });
  const now = ctx.cluster.now();
  return tabbedString((w) => {
    w.write(0, `Name:\t${pod.metadata.name}\n`);
    w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (typeof spec['priority'] === 'number') w.write(0, `Priority:\t${spec['priority']}\n`);
    if (typeof spec['priorityClassName'] === 'string' && spec['priorityClassName']) w.write(0, `Priority Class Name:\t${spec['priorityClassName']}\n`);
    if (typeof spec['runtimeClassName'] === 'string' && spec['runtimeClassName']) w.write(0, `Runtime Class Name:\t${spec['runtimeClassName']}\n`);
    if (typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName']) w.write(0, `Service Account:\t${spec['serviceAccountName']}\n`);
    if (!spec.nodeName) w.write(0, 'Node:\t<none>\n');
    else w.write(0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(0, `Status:\tTerminating (lasts ${since(now, pod.metadata.deletionTimestamp)})\n`);
      w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(0, `Message:\t${status.message}\n`);
    const seccomp = (spec['securityContext'] as { seccompProfile?: { type?: string; localhostProfile?: string } } | undefined)?.seccompProfile;
    if (seccomp) {
      w.write(0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(0, `IP:\t${status.podIP ?? ''}\n`);
    const ips = status.podIPs ?? [];
    if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
    else {
      w.write(0, 'IPs:\n');
      for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
    }
    const controller = getControllerOf(pod);
    if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    const nominated = (status as Record<string, unknown>)['nominatedNodeName'];
    if (typeof nominated === 'string' && nominated) w.write(0, `NominatedNodeName:\t${nominated}\n`);
    const initStatuses = (status as Record<string, unknown>)['initContainerStatuses'] as Parameters<typeof describeContainers>[3];
    if ((spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec.initContainers, initStatuses ?? [], '', pod);
    describeContainers(w, 'Containers', spec.containers, status.containerStatuses ?? [], '', pod);
    const gates = (spec['readinessGates'] as { conditionType: string }[] | undefined) ?? [];
    if (gates.length > 0) {
      w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const c = status.conditions?.find((x) => x.type === g.conditionType);
        w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions ?? []) w.write(1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(w, spec.volumes, '');
    w.write(0, `QoS Class:\t${status.qosClass ?? computeQos(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(w, spec['topologySpreadConstraints'], '');
    writeEvents(ctx, w, events);
  });
};

/** qos.ComputePodQOS, for pods whose status does not carry the class yet. */
function computeQos(pod: Pod): string {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = (c['resources'] as { limits?: Record<string, string>; requests?: Record<string, string> } | undefined) ?? {};
    const requests = r.requests ?? {};
    const limits = r.limits ?? {};
    for (const name of ['cpu', 'memory']) {
      if (requests[name] !== undefined || limits[name] !== undefined) any = true;
      const limit = parseQuantity(limits[name]);
      const request = requests[name] === undefined ? limit : parseQuantity(requests[name]);
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const describePvc: Describer = (ctx, obj, settings) => {
  const pvc = obj as PersistentVolumeClaim;
  const now = ctx.cluster.now();
  const podsInNs = ctx.api.list('Pod', pvc.metadata.namespace) as readonly Pod[];
  const users: Pod[] = [];
  for (const p of podsInNs) {
    for (const v of p.spec.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) users.push(p);
  }
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = podsInNs.find((p) => p.metadata.uid === ref.uid);
    if (owner && !users.some((u) => u.metadata.uid === owner.metadata.uid)) users.push(owner);
  }
  const events = objectEvents(ctx, pvc, settings.showEvents);
  return tabbedString((w) => {
    w.write(0, `Name:\t${pvc.metadata.name}\n`);
    w.write(0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
    w.write(0, `StorageClass:\t${storageClassOf(pvc)}\n`);
    if (pvc.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(now, pvc.metadata.deletionTimestamp)})\n`);
    else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
    w.write(0, `Volume:\t${pvc.spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(0, `Finalizers:\t${goSlice(pvc.metadata.finalizers)}\n`);
    let capacity = '';
    let modes = '';
    if (pvc.spec.volumeName) {
      modes = accessModesString(pvc.status?.accessModes);
      capacity = pvc.status?.capacity?.['storage'] ?? '0';
    }
    w.write(0, `Capacity:\t${capacity}\n`);
    w.write(0, `Access Modes:\t${modes}\n`);
    if (pvc.spec.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
    const dataSource = pvc.spec['dataSource'] as { apiGroup?: string; kind?: string; name?: string } | undefined;
    if (dataSource) {
      w.write(0, 'DataSource:\n');
      if (dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${dataSource.apiGroup}\n`);
      w.write(1, `Kind:\t${dataSource.kind ?? ''}\n`);
      w.write(1, `Name:\t${dataSource.name ?? ''}\n`);
    }
    w.write(0, 'Used By:\t');
    if (users.length === 0) w.writeLine('<none>');
    else {
      users
        .map((u) => u.metadata.name)
        .sort()
        .forEach((name, i) => {
          if (i !== 0) w.write(0, '\t');
          w.write(0, `${name}\n`);
        });
    }
    const conditions = (pvc.status?.['conditions'] as { type: string; status: string; lastProbeTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[] | undefined) ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    writeEvents(ctx, w, events);
  });
};

const describePv: Describer = (ctx, obj, settings) => {
  const pv = obj as PersistentVolume;
  const now = ctx.cluster.now();
  const events = objectEvents(ctx, pv, settings.showEvents);
  return tabbedString((w) => {
    w.write(0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    w.write(0, `StorageClass:\t${storageClassOf(pv)}\n`);
    if (pv.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(now, pv.metadata.deletionTimestamp)})\n`);
    else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
    const claim = pv.spec.claimRef;
    w.write(0, `Claim:\t${claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : ''}\n`);
    w.write(0, `Reclaim Policy:\t${pv.spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(0, `Access Modes:\t${accessModesString(pv.spec.accessModes)}\n`);
    if (pv.spec.volumeMode) w.write(0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
    w.write(0, `Capacity:\t${pv.spec.capacity?.['storage'] ?? '0'}\n`);
    w.write(0, 'Node Affinity:\t');
    const required = pv.spec.nodeAffinity?.required;
    if (!required) w.writeLine('<none>');
    else {
      w.writeLine('');
      w.write(1, 'Required Terms:\t');
      if (required.nodeSelectorTerms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        required.nodeSelectorTerms.forEach((term, i) => {
          w.write(2, `Term ${i}:\t`);
          const reqs = term.matchExpressions ?? [];
          if (reqs.length === 0) w.writeLine('<none>');
          reqs.forEach((req, j) => {
            if (j !== 0) w.write(2, '\t');
            let expr = `${req.key} ${req.operator.toLowerCase()}`;
            if ((req.values ?? []).length > 0) expr += ` [${(req.values ?? []).join(', ')}]`;
            w.write(0, `${expr}\n`);
          });
        });
      }
    }
    w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(0, 'Source:\n');
    const spec = pv.spec as Record<string, unknown>;
    if (spec['hostPath']) {
      const hp = spec['hostPath'] as { path?: string; type?: string };
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${hp.path ?? ''}\n    HostPathType:\t${hp.type === undefined ? '<none>' : hp.type}\n`);
    } else if (spec['local']) {
      const local = spec['local'] as { path?: string };
      w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${local.path ?? ''}\n`);
    } else if (spec['nfs']) {
      const nfs = spec['nfs'] as { server?: string; path?: string; readOnly?: boolean };
      w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${nfs.server ?? ''}\n    Path:\t${nfs.path ?? ''}\n    ReadOnly:\t${nfs.readOnly === true}\n`);
    } else if (spec['csi']) {
      const csi = spec['csi'] as { driver?: string; fsType?: string; volumeHandle?: string; readOnly?: boolean };
      w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${csi.driver ?? ''}\n    FSType:\t${csi.fsType ?? ''}\n    VolumeHandle:\t${csi.volumeHandle ?? ''}\n    ReadOnly:\t${csi.readOnly === true}\n`);
    } else {
      w.write(1, '<unknown>\n');
    }
    writeEvents(ctx, w, events);
  });
};

/** formatEndpointSlices for one port name. */
function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    if ((slice.ports ?? []).length === 0) {
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (ep.conditions?.ready === false) continue;
        if (!more) list.push(ep.addresses[0] ?? '');
        count++;
      }
    } else {
      for (const port of slice.ports) {
        if ((port.name ?? '') !== portName) continue;
        for (const ep of endpoints) {
          if (list.length === max) more = true;
          if (ep.conditions?.ready === false) continue;
          const addr = ep.addresses[0] ?? '';
          if (!more) list.push(`${addr.includes(':') ? `[${addr}]` : addr}:${port.port ?? 0}`);
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

const describeService: Describer = (ctx, obj, settings) => {
  const svc = obj as Service;
  const spec = svc.spec;
  const slices = (ctx.api.list('EndpointSlice', svc.metadata.namespace) as readonly EndpointSlice[]).filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name
  );
  const events = objectEvents(ctx, svc, settings.showEvents);
  return tabbedString((w) => {
    printObjectHeader(w, svc);
    w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(0, `Type:\t${spec.type ?? ''}\n`);
    if (typeof spec['ipFamilyPolicy'] === 'string') w.write(0, `IP Family Policy:\t${spec['ipFamilyPolicy']}\n`);
    const families = (spec['ipFamilies'] as string[] | undefined) ?? [];
    w.write(0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    const externalIPs = (spec['externalIPs'] as string[] | undefined) ?? [];
    if (externalIPs.length > 0) w.write(0, `External IPs:\t${externalIPs.join(',')}\n`);
    if (typeof spec['externalName'] === 'string' && spec['externalName']) w.write(0, `External Name:\t${spec['externalName']}\n`);
    for (const port of spec.ports ?? []) {
      const name = port.name || '<unset>';
      const protocol = port.protocol ?? 'TCP';
      w.write(0, `Port:\t${name}\t${port.port}/${protocol}\n`);
      const target = port.targetPort ?? port.port;
      w.write(0, `TargetPort:\t${String(target)}/${protocol}\n`);
      const nodePort = (port as unknown as Record<string, unknown>)['nodePort'];
      if (typeof nodePort === 'number' && nodePort !== 0) w.write(0, `NodePort:\t${name}\t${nodePort}/${protocol}\n`);
      w.write(0, `Endpoints:\t${formatEndpointSlices(slices, port.name ?? '')}\n`);
    }
    w.write(0, `Session Affinity:\t${String(spec['sessionAffinity'] ?? '')}\n`);
    if (typeof spec['externalTrafficPolicy'] === 'string' && spec['externalTrafficPolicy']) w.write(0, `External Traffic Policy:\t${spec['externalTrafficPolicy']}\n`);
    if (typeof spec['internalTrafficPolicy'] === 'string') w.write(0, `Internal Traffic Policy:\t${spec['internalTrafficPolicy']}\n`);
    writeEvents(ctx, w, events);
  });
};

// ---------------------------------------------------------------------------------------------
// Node

/** resource.Quantity.String() for the sums describe node prints (cpu in milli-cores, memory in bytes). */
function formatCpu(milli: number): string {
  if (milli === 0) return '0';
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, factor] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  for (const [suffix, factor] of [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

/** resourcehelper.PodRequests / PodLimits for one resource: max(sum of containers, largest init container). */
function podResource(pod: Pod, kind: 'requests' | 'limits', name: string): number {
  const get = (c: { [k: string]: unknown }): number => {
    const r = (c['resources'] as { limits?: Record<string, string>; requests?: Record<string, string> } | undefined) ?? {};
    let text = r[kind]?.[name];
    if (text === undefined && kind === 'requests') text = r.limits?.[name];
    return parseQuantity(text) ?? 0;
  };
  const sum = pod.spec.containers.reduce((acc, c) => acc + get(c), 0);
  const init = (pod.spec.initContainers ?? []).reduce((acc, c) => Math.max(acc, get(c)), 0);
  return Math.max(sum, init);
}

function pct(value: number, total: number): number {
  return total === 0 ? 0 : Math.trunc((value / total) * 100);
}

const describeNode: Describer = (ctx, obj, settings) => {
  const node = obj as NodeObject;
  const now = ctx.cluster.now();
  const status = node.status as NodeObject['status'] & {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: Record<string, string>;
  };
  const pods = (ctx.api.list('Pod') as readonly Pod[]).filter(
    (p) => p.spec.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'
  );
  const events = objectEvents(ctx, node, settings.showEvents, { extraUids: [node.metadata.name] });
  return tabbedString((w) => {
    w.write(0, `Name:\t${node.metadata.name}\n`);
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
      else if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    w.write(0, `Roles:\t${roles.size > 0 ? [...roles].sort().join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    w.write(0, 'Taints:\t');
    const taints = [...(node.spec.taints ?? [])].sort((a, b) => {
      const ka = `${a.effect},${a.key}`;
      const kb = `${b.effect},${b.key}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    if (taints.length === 0) w.writeLine('<none>');
    taints.forEach((t, i) => {
      if (i !== 0) w.write(0, '\t');
      w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
    });
    w.write(0, `Unschedulable:\t${node.spec.unschedulable === true}\n`);
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${node.metadata.name}\n`);
    w.write(1, 'AcquireTime:\t<unset>\n');
    w.write(1, `RenewTime:\t${rfc1123z(ready?.lastHeartbeatTime ?? node.metadata.creationTimestamp)}\n`);
    if ((status.conditions ?? []).length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status.conditions ?? []) {
        w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
    const printResources = (list: Record<string, string>): void => {
      for (const name of Object.keys(list).sort()) w.write(0, `  ${name}:\t${list[name] ?? ''}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(0, 'Capacity:\n');
      printResources(status.capacity ?? {});
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(0, 'Allocatable:\n');
      printResources(status.allocatable ?? {});
    }
    const info = status.nodeInfo ?? {};
    w.write(0, 'System Info:\n');
    w.write(0, `  Machine ID:\t${info['machineID'] ?? ''}\n`);
    w.write(0, `  System UUID:\t${info['systemUUID'] ?? ''}\n`);
    w.write(0, `  Boot ID:\t${info['bootID'] ?? ''}\n`);
    w.write(0, `  Kernel Version:\t${info['kernelVersion'] ?? ''}\n`);
    w.write(0, `  OS Image:\t${info['osImage'] ?? ''}\n`);
    w.write(0, `  Operating System:\t${info['operatingSystem'] ?? ''}\n`);
    w.write(0, `  Architecture:\t${info['architecture'] ?? ''}\n`);
    w.write(0, `  Container Runtime Version:\t${info['containerRuntimeVersion'] ?? ''}\n`);
    w.write(0, `  Kubelet Version:\t${info['kubeletVersion'] ?? ''}\n`);
    if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec.podCIDRs ?? []).length > 0) w.write(0, `PodCIDRs:\t${(node.spec.podCIDRs ?? []).join(',')}\n`);
    if (typeof node.spec['providerID'] === 'string' && node.spec['providerID']) w.write(0, `ProviderID:\t${node.spec['providerID']}\n`);

    const allocatable = Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable ?? {} : status.capacity ?? {};
    const allocCpu = Math.round((parseQuantity(allocatable['cpu']) ?? 0) * 1000);
    const allocMem = parseQuantity(allocatable['memory']) ?? 0;
    const allocEph = parseQuantity(allocatable['ephemeral-storage']) ?? 0;
    w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
    w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
    w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
    let cpuReqs = 0;
    let cpuLimits = 0;
    let memReqs = 0;
    let memLimits = 0;
    let ephReqs = 0;
    let ephLimits = 0;
    for (const p of pods) {
      const cr = Math.round(podResource(p, 'requests', 'cpu') * 1000);
      const cl = Math.round(podResource(p, 'limits', 'cpu') * 1000);
      const mr = podResource(p, 'requests', 'memory');
      const ml = podResource(p, 'limits', 'memory');
      cpuReqs += cr;
      cpuLimits += cl;
      memReqs += mr;
      memLimits += ml;
      ephReqs += podResource(p, 'requests', 'ephemeral-storage');
      ephLimits += podResource(p, 'limits', 'ephemeral-storage');
      w.write(
        1,
        `${p.metadata.namespace ?? ''}\t${p.metadata.name}\t\t${formatCpu(cr)} (${pct(cr, allocCpu)}%)\t${formatCpu(cl)} (${pct(cl, allocCpu)}%)\t${formatMemory(mr)} (${pct(mr, allocMem)}%)\t${formatMemory(ml)} (${pct(ml, allocMem)}%)\t${since(now, p.metadata.creationTimestamp)}\n`
      );
    }
    w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
    w.write(1, 'Resource\tRequests\tLimits\n');
    w.write(1, '--------\t--------\t------\n');
    w.write(1, `cpu\t${formatCpu(cpuReqs)} (${pct(cpuReqs, allocCpu)}%)\t${formatCpu(cpuLimits)} (${pct(cpuLimits, allocCpu)}%)\n`);
    w.write(1, `memory\t${formatMemory(memReqs)} (${pct(memReqs, allocMem)}%)\t${formatMemory(memLimits)} (${pct(memLimits, allocMem)}%)\n`);
    w.write(1, `ephemeral-storage\t${formatMemory(ephReqs)} (${pct(ephReqs, allocEph)}%)\t${formatMemory(ephLimits)} (${pct(ephLimits, allocEph)}%)\n`);
    const hugePages = Object.keys(allocatable).filter((r) => r.startsWith('hugepages-')).sort();
    for (const r of hugePages) w.write(1, `${r}\t0 (0%)\t0 (0%)\n`);
    writeEvents(ctx, w, events);
  });
};

/** The describers by Kind. */
export const DESCRIBERS: Record<string, Describer> = {
  StatefulSet: describeStatefulSet,
  Pod: describePod,
  PersistentVolumeClaim: describePvc,
  PersistentVolume: describePv,
  Service: describeService,
  Node: describeNode,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  PodDisruptionBudget: describePodDisruptionBudget,
  ServiceAccount: describeServiceAccount,
  Secret: describeSecret,
  Role: describeRole,
  ClusterRole: describeRole,
  RoleBinding: describeBinding,
  ClusterRoleBinding: describeBinding,
  ConfigMap: describeConfigMap,
  Namespace: describeNamespace,
  Endpoints: describeEndpoints,
  EndpointSlice: describeEndpointSlice,
};
