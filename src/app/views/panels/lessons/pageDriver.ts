/**
 * The lesson runner's driver in the page: commands go through the sim client (as the console's do),
 * a control's message as the Actions panel sends it, and `next()` waits for the store's next view.
 */
import type { UserCommand } from '../../../../worker/protocol.ts';
import type { ClusterView } from '../../../../worker/viewModel.ts';
import type { KubectlOutput, LessonDriver } from '../../../lessons/runner.ts';
import type { SimClient } from '../../../sim/simClient.ts';
import { useAppStore } from '../../../store/index.ts';

/** How `kubectl apply` names a kind in its output (the group-qualified resource). */
const RESOURCE: Record<string, string> = {
  Service: 'service',
  StatefulSet: 'statefulset.apps',
  Deployment: 'deployment.apps',
  Pod: 'pod',
  PersistentVolumeClaim: 'persistentvolumeclaim',
  PersistentVolume: 'persistentvolume',
  StorageClass: 'storageclass.storage.k8s.io',
  ServiceAccount: 'serviceaccount',
  ConfigMap: 'configmap',
  PodDisruptionBudget: 'poddisruptionbudget.policy',
  Role: 'role.rbac.authorization.k8s.io',
  RoleBinding: 'rolebinding.rbac.authorization.k8s.io',
  ClusterRole: 'clusterrole.rbac.authorization.k8s.io',
  ClusterRoleBinding: 'clusterrolebinding.rbac.authorization.k8s.io',
};

/** kubectl apply's lines on an empty cluster: every document's object is created. */
export function createdLines(yaml: string): string {
  return yaml
    .split(/^---\s*$/m)
    .map((doc) => {
      const kind = /^kind:\s*(\S+)/m.exec(doc)?.[1];
      const name = /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([^"'\s]+)/m.exec(doc)?.[1];
      return kind && name ? `${RESOURCE[kind] ?? kind.toLowerCase()}/${name} created\n` : '';
    })
    .join('');
}

export interface PageDriver extends LessonDriver {
  dispose(): void;
}

const store = () => useAppStore.getState();

export function pageDriver(sim: SimClient): PageDriver {
  let stream = '';
  let watchId: number | undefined;
  const waiting = new Set<() => void>();
  sim.onStream = (reqId, text) => {
    if (reqId === watchId) stream += text.endsWith('\n') ? text : `${text}\n`;
  };
  return {
    view: () => store().view as ClusterView,
    next: () =>
      new Promise<ClusterView>((resolve) => {
        const stop = useAppStore.subscribe((state, prev) => {
          if (!state.view || state.view === prev.view) return;
          stop();
          waiting.delete(stop);
          resolve(state.view);
        });
        waiting.add(stop);
      }),
    kubectl: async (line: string): Promise<KubectlOutput> => {
      watchId = undefined;
      const out = await sim.kubectl(line, store().yaml);
      if (out.watching) watchId = out.reqId;
      return out;
    },
    apply: async (yaml: string, file: string): Promise<KubectlOutput> => {
      store().setYaml(yaml);
      watchId = undefined;
      const out = await sim.kubectl(`apply -f ${file}`, yaml);
      if (out.code === 0) store().setApplied(yaml);
      return out;
    },
    reset: async (yaml: string): Promise<KubectlOutput> => {
      store().setYaml(yaml);
      watchId = undefined;
      const result = await sim.reset(yaml);
      return result.ok ? { code: 0, stdout: createdLines(yaml), stderr: '' } : { code: 1, stdout: '', stderr: `${result.message}\n` };
    },
    perform: (command: UserCommand) => sim.command(command),
    takeStream: () => {
      const text = stream;
      stream = '';
      return text;
    },
    dispose: () => {
      for (const stop of waiting) stop();
      waiting.clear();
      if (watchId !== undefined) sim.stopWatch();
      sim.onStream = undefined;
    },
  };
}
