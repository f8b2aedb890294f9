/** Lessons 1–3: Deployment vs StatefulSet, the headless Service and DNS, ordered scaling. */
import { DEPLOYMENT_VS_STATEFULSET } from '../examples/cluster.ts';
import { deploymentPods, deploymentSettled, dnsRecord, firstSeenOrder, isUp, newPods, pod, recreatedAndUp, setSettled } from './checks.ts';
import { fresh, k, lookedUp, probeText, webYaml } from './common.ts';
import type { Lesson } from './types.ts';

/** "web-2", "web-4", or "all" when the first new pods appeared together. */
function firstCreated(names: string[][]): string | undefined {
  const first = names[0];
  if (!first) return undefined;
  return first.length > 1 ? 'all' : first[0];
}

const DEPLOY_VS_STS: Lesson = {
  id: 'deployment-vs-statefulset',
  number: 1,
  title: { en: 'Deployment vs StatefulSet', 'zh-CN': 'Deployment 与 StatefulSet 对比' },
  summary: {
    en: 'The same nginx twice, side by side: names, start order and storage of a Deployment and of a StatefulSet.',
    'zh-CN': '同一个 nginx 部署两次、并排运行：对比 Deployment 和 StatefulSet 的 Pod 名字、启动顺序和存储。',
  },
  steps: [
    {
      id: 'apply-both',
      title: { en: 'Two ways to run nginx', 'zh-CN': '运行 nginx 的两种方式' },
      text: {
        en: 'both.yaml runs nginx as a Deployment nginx-deploy (3 replicas, one shared ReadWriteMany claim on the course’s NFS class, a normal Service) and as a StatefulSet web (3 replicas, a headless Service, one claim per pod). Real apps often use both: a stateless front end as a Deployment beside a database as a StatefulSet.',
        'zh-CN': 'both.yaml 把 nginx 分别以 Deployment nginx-deploy（3 个副本，共用一个 NFS 存储类上的 ReadWriteMany 持久卷声明，配普通 Service）和 StatefulSet web（3 个副本，配无头服务，每个 Pod 一个持久卷声明）运行。实际应用里两者常常同时出现：无状态的前端用 Deployment，旁边的数据库用 StatefulSet。',
      },
      commands: [fresh(DEPLOYMENT_VS_STATEFULSET, 'both.yaml')],
      until: (v) => deploymentSettled(v, 'nginx-deploy', 3) && setSettled(v, 'web', 3),
      question: {
        prompt: { en: 'What will the Deployment’s pods be called?', 'zh-CN': 'Deployment 的 Pod 会叫什么名字？' },
        choices: [
          { id: 'ordinal', label: { en: 'nginx-deploy-0, nginx-deploy-1, nginx-deploy-2', 'zh-CN': 'nginx-deploy-0、nginx-deploy-1、nginx-deploy-2' } },
          { id: 'random', label: { en: 'nginx-deploy-<template hash>-<random suffix>', 'zh-CN': 'nginx-deploy-<模板哈希>-<随机后缀>' } },
        ],
        decide: ({ after }) => {
          const names = deploymentPods(after, 'nginx-deploy').map((p) => p.name);
          if (names.length === 0) return undefined;
          if (names.every((n) => /^nginx-deploy-[a-z0-9]+-[a-z0-9]{5}$/.test(n))) return 'random';
          return names.every((n) => /^nginx-deploy-\d+$/.test(n)) ? 'ordinal' : undefined;
        },
        expected: 'random',
        explain: {
          en: 'A Deployment’s pods are interchangeable: ReplicaSet nginx-deploy-<hash> names each one with a random suffix. The StatefulSet’s pods are web-0, web-1, web-2: an ordinal that is part of each pod’s identity.',
          'zh-CN': 'Deployment 的 Pod 可以互相替换：ReplicaSet nginx-deploy-<哈希> 给每个 Pod 加一个随机后缀。StatefulSet 的 Pod 叫 web-0、web-1、web-2：序号是每个 Pod 身份的一部分。',
        },
      },
    },
    {
      id: 'scale-both',
      title: { en: 'Scale both to 5', 'zh-CN': '两者都扩容到 5' },
      text: {
        en: 'Add two pods to each. Watch the diagram: which one waits?',
        'zh-CN': '给两者各加两个 Pod。观察示意图：哪一个在等待？',
      },
      commands: [k('scale deployment nginx-deploy --replicas=5'), k('scale statefulset web --replicas=5')],
      until: (v) => deploymentSettled(v, 'nginx-deploy', 5) && setSettled(v, 'web', 5),
      question: {
        prompt: { en: 'How do the new pods start?', 'zh-CN': '新的 Pod 是怎样启动的？' },
        choices: [
          { id: 'deploy-together', label: { en: 'The Deployment’s two at once; web-3, then web-4', 'zh-CN': 'Deployment 的两个同时启动；web-3 之后才是 web-4' } },
          { id: 'both-together', label: { en: 'All four at once', 'zh-CN': '四个同时启动' } },
          { id: 'both-ordered', label: { en: 'One after another in both', 'zh-CN': '两边都是一个接一个' } },
        ],
        decide: ({ before, after }) => {
          const added = newPods(before, after);
          const deploy = added.filter((p) => p.owner?.kind === 'ReplicaSet');
          const sts = added.filter((p) => p.set === 'web');
          if (deploy.length < 2 || sts.length < 2) return undefined;
          const deployTogether = new Set(deploy.map((p) => p.created)).size === 1;
          const stsTogether = new Set(sts.map((p) => p.created)).size === 1;
          if (deployTogether && !stsTogether) return 'deploy-together';
          return deployTogether ? 'both-together' : 'both-ordered';
        },
        expected: 'deploy-together',
        explain: {
          en: 'The ReplicaSet creates missing pods in one go. The StatefulSet (podManagementPolicy OrderedReady) creates web-4 only once web-3 is Running and Ready.',
          'zh-CN': 'ReplicaSet 一次性创建缺少的 Pod。StatefulSet（podManagementPolicy 为 OrderedReady）要等 web-3 运行并就绪后才创建 web-4。',
        },
      },
    },
    {
      id: 'storage',
      title: { en: 'Whose storage?', 'zh-CN': '存储归谁？' },
      text: { en: 'List the claims.', 'zh-CN': '列出持久卷声明。' },
      commands: [k('get pvc')],
      question: {
        prompt: { en: 'Ten pods are running. How many PersistentVolumeClaims are there?', 'zh-CN': '现在有 10 个 Pod 在运行。一共有多少个持久卷声明（PVC）？' },
        choices: [
          { id: '10', label: { en: '10: one per pod', 'zh-CN': '10 个：每个 Pod 一个' } },
          { id: '6', label: { en: '6: one per StatefulSet pod, one shared by the Deployment', 'zh-CN': '6 个：StatefulSet 每个 Pod 一个，Deployment 共用一个' } },
          { id: '1', label: { en: '1: everyone shares one', 'zh-CN': '1 个：所有 Pod 共用' } },
        ],
        decide: ({ after }) => String(after.claims.length),
        expected: '6',
        explain: {
          en: 'volumeClaimTemplates give each StatefulSet pod its own claim (www-web-0 … www-web-4). A Deployment’s template can only name one existing claim, so all its pods share shared-html.',
          'zh-CN': 'volumeClaimTemplates 为 StatefulSet 的每个 Pod 生成独立的持久卷声明（www-web-0 … www-web-4）。Deployment 的模板只能引用一个已存在的声明，所以它的 Pod 全部共用 shared-html。',
        },
      },
    },
    {
      id: 'replace',
      title: { en: 'Delete pods of both', 'zh-CN': '删除两边的 Pod' },
      text: {
        en: 'Delete web-1 and every pod of the Deployment, then look at the names that come back.',
        'zh-CN': '删除 web-1 以及 Deployment 的全部 Pod，然后看看回来的 Pod 叫什么。',
      },
      commands: [k('delete pod web-1'), k('delete pod -l app=nginx-deploy')],
      until: (v, before) => {
        const old = new Set(deploymentPods(before, 'nginx-deploy').map((p) => p.uid));
        const pods = deploymentPods(v, 'nginx-deploy');
        return recreatedAndUp(before, v, 'web-1') && pods.length === 5 && pods.every((p) => isUp(p) && !old.has(p.uid));
      },
      probe: ['get pods -o wide'],
      question: {
        prompt: { en: 'Which names come back?', 'zh-CN': '回来的 Pod 是什么名字？' },
        choices: [
          { id: 'sts-same', label: { en: 'web-1 again; the Deployment’s pods get new names', 'zh-CN': '还是 web-1；Deployment 的 Pod 换了新名字' } },
          { id: 'all-same', label: { en: 'Every pod keeps its name', 'zh-CN': '所有 Pod 都保留原名' } },
          { id: 'all-new', label: { en: 'Every pod gets a new name', 'zh-CN': '所有 Pod 都换了新名字' } },
        ],
        decide: ({ before, after }) => {
          const oldNames = new Set(deploymentPods(before, 'nginx-deploy').map((p) => p.name));
          const renamed = deploymentPods(after, 'nginx-deploy').every((p) => !oldNames.has(p.name));
          if (!pod(after, 'web-1')) return 'all-new';
          return renamed ? 'sts-same' : 'all-same';
        },
        expected: 'sts-same',
        explain: {
          en: 'web-1 is recreated under its old name and mounts its old claim www-web-1 again. The Deployment’s replacements are new pods with new names: nothing ties them to the ones deleted.',
          'zh-CN': 'web-1 以原来的名字重建，并重新挂载原来的持久卷声明 www-web-1。Deployment 补上的是全新的 Pod，名字也是新的：它们和被删除的 Pod 没有任何关联。',
        },
      },
    },
  ],
};

const HEADLESS: Lesson = {
  id: 'headless-service',
  number: 2,
  title: { en: 'Headless Service and stable DNS names', 'zh-CN': '无头服务与稳定的 DNS 名称' },
  summary: {
    en: 'clusterIP: None, one DNS record per pod: web-0.nginx.default.svc.cluster.local, and what it answers when web-0 is replaced.',
    'zh-CN': 'clusterIP: None，每个 Pod 一条 DNS 记录：web-0.nginx.default.svc.cluster.local，以及 web-0 被替换时它的解析结果。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'web.yaml on a fresh cluster', 'zh-CN': '在新集群上应用 web.yaml' },
      text: {
        en: 'The Service nginx has clusterIP: None and the StatefulSet names it in serviceName. Wait for three Ready pods.',
        'zh-CN': 'Service nginx 设置了 clusterIP: None，StatefulSet 在 serviceName 中引用它。等待三个 Pod 就绪。',
      },
      commands: [fresh(webYaml(3))],
      until: (v) => setSettled(v, 'web', 3),
    },
    {
      id: 'service',
      title: { en: 'A Service without an IP', 'zh-CN': '没有 IP 的 Service' },
      text: { en: 'Look at the Service.', 'zh-CN': '查看这个 Service。' },
      commands: [k('get service nginx')],
      question: {
        prompt: { en: 'What is nginx’s CLUSTER-IP?', 'zh-CN': 'nginx 的 CLUSTER-IP 是什么？' },
        choices: [
          { id: 'vip', label: { en: 'A virtual IP such as 10.96.0.12', 'zh-CN': '一个虚拟 IP，比如 10.96.0.12' } },
          { id: 'none', label: { en: 'None: it is headless', 'zh-CN': 'None：它是无头服务' } },
        ],
        decide: ({ after }) => {
          const svc = after.services.find((s) => s.name === 'nginx');
          if (!svc) return undefined;
          return svc.headless ? 'none' : 'vip';
        },
        expected: 'none',
        explain: {
          en: 'A headless Service gets no virtual IP and no load balancing. Instead CoreDNS publishes the Ready pods themselves.',
          'zh-CN': '无头服务没有虚拟 IP，也不做负载均衡。CoreDNS 直接发布那些已就绪的 Pod 本身。',
        },
      },
    },
    {
      id: 'lookup-service',
      title: { en: 'Look up the Service name', 'zh-CN': '解析 Service 名称' },
      text: { en: 'Ask DNS from a throwaway busybox pod.', 'zh-CN': '从一个用完即删的 busybox Pod 里查询 DNS。' },
      commands: [k('run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup nginx')],
      question: {
        prompt: { en: 'What does nginx resolve to?', 'zh-CN': 'nginx 会解析成什么？' },
        choices: [
          { id: 'one', label: { en: 'One virtual IP', 'zh-CN': '一个虚拟 IP' } },
          { id: 'each', label: { en: 'One address per Ready pod', 'zh-CN': '每个就绪的 Pod 一个地址' } },
          { id: 'nothing', label: { en: 'Nothing (NXDOMAIN)', 'zh-CN': '什么也没有（NXDOMAIN）' } },
        ],
        decide: ({ after, output }) => {
          const addresses = lookedUp(output);
          const podIps = after.pods.filter((p) => p.set === 'web' && p.ready).map((p) => p.ip);
          if (addresses.length === 0) return 'nothing';
          return addresses.length > 1 && addresses.every((a) => podIps.includes(a)) ? 'each' : 'one';
        },
        expected: 'each',
        explain: {
          en: 'The headless Service’s name has one A record per Ready pod, each pod’s own IP, and each pod has its own name too: web-0.nginx.default.svc.cluster.local.',
          'zh-CN': '无头服务的名字为每个就绪的 Pod 各提供一条 A 记录，指向 Pod 自己的 IP；每个 Pod 也有自己的名字：web-0.nginx.default.svc.cluster.local。',
        },
      },
    },
    {
      id: 'replace-web-0',
      title: { en: 'Replace web-0', 'zh-CN': '替换 web-0' },
      text: {
        en: 'Delete web-0; once it is Ready again, look up web-0.nginx (the search path completes it to web-0.nginx.default.svc.cluster.local). Watch its record in the diagram.',
        'zh-CN': '删除 web-0；等它重新就绪后解析 web-0.nginx（搜索路径会把它补全为 web-0.nginx.default.svc.cluster.local）。在示意图中观察它的 DNS 记录。',
      },
      commands: [k('delete pod web-0')],
      until: (v, before) => recreatedAndUp(before, v, 'web-0'),
      probe: ['run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx'],
      question: {
        prompt: { en: 'When web-0 is back, what does web-0.nginx answer?', 'zh-CN': 'web-0 回来之后，web-0.nginx 解析出什么？' },
        choices: [
          { id: 'old', label: { en: 'Its old IP', 'zh-CN': '它原来的 IP' } },
          { id: 'new', label: { en: 'The new pod’s IP', 'zh-CN': '新 Pod 的 IP' } },
          { id: 'gone', label: { en: 'Nothing: the name belonged to the deleted pod', 'zh-CN': '什么也没有：这个名字属于已删除的 Pod' } },
        ],
        decide: (obs) => {
          const addresses = lookedUp(probeText(obs, 'run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx'));
          if (addresses.length === 0) return 'gone';
          if (addresses.includes(pod(obs.after, 'web-0')?.ip ?? '-')) return 'new';
          return addresses.includes(pod(obs.before, 'web-0')?.ip ?? '-') ? 'old' : undefined;
        },
        expected: 'new',
        explain: {
          en: 'The name is stable, the address is not: the record follows whichever pod is web-0 now. While no web-0 was Ready the name had no address at all, so clients retry by name.',
          'zh-CN': '名字是稳定的，地址不是：这条记录总是指向当前的 web-0。在没有就绪的 web-0 的那段时间里，这个名字解析不到任何地址，所以客户端应该按名字重试。',
        },
      },
      facts: [
        {
          says: 'the name had no address while no web-0 was Ready',
          holds: ({ history }) => history.some((v) => (dnsRecord(v, 'web-0.nginx.default.svc.cluster.local')?.data.length ?? 0) === 0),
        },
        { says: 'web-0 got a new IP', holds: ({ before, after }) => pod(before, 'web-0')?.ip !== pod(after, 'web-0')?.ip },
      ],
    },
    {
      id: 'fqdn',
      title: { en: 'The pod knows its name', 'zh-CN': 'Pod 知道自己的名字' },
      text: {
        en: 'Inside web-1, hostname -f prints the full name other pods use to reach it.',
        'zh-CN': '在 web-1 里，hostname -f 会打印出其他 Pod 访问它时使用的完整名字。',
      },
      commands: [k(`exec web-1 -- sh -c 'hostname -f'`)],
      facts: [{ says: 'hostname -f is the stable DNS name', holds: ({ output }) => output.includes('web-1.nginx.default.svc.cluster.local') }],
    },
  ],
};

const WATCH = 'get pods -w -l app=nginx';

const ORDERED: Lesson = {
  id: 'ordered-scaling',
  number: 3,
  title: { en: 'Ordered scale-up and scale-down', 'zh-CN': '有序扩容与缩容' },
  summary: {
    en: 'Watch with kubectl get pods -w while the StatefulSet grows from 2 to 5 and shrinks back to 2.',
    'zh-CN': '用 kubectl get pods -w 观察 StatefulSet 从 2 个副本扩到 5 个、再缩回 2 个。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Two replicas', 'zh-CN': '两个副本' },
      text: { en: 'Start with web.yaml at replicas: 2.', 'zh-CN': '从 replicas: 2 的 web.yaml 开始。' },
      commands: [fresh(webYaml(2))],
      until: (v) => setSettled(v, 'web', 2),
    },
    {
      id: 'scale-up',
      title: { en: 'Watch, then scale up', 'zh-CN': '先开始观察，再扩容' },
      text: {
        en: 'kubectl get pods -w keeps printing a row for every change. A watch holds the terminal (any other kubectl line here ends it, like Ctrl+C), so scale with the Actions panel while it runs.',
        'zh-CN': 'kubectl get pods -w 会为每一次变化打印一行。watch 会占住终端（在这里再输入任何 kubectl 命令都会结束它，相当于 Ctrl+C），所以在它运行时请用“操作”面板来扩容。',
      },
      commands: [k(WATCH)],
      action: {
        hint: { en: 'In the Actions panel, set web’s Replicas to 5 and press Set.', 'zh-CN': '在“操作”面板中把 web 的“副本数”设为 5，然后点击“设置”。' },
        command: () => ({ type: 'scale', set: 'web', replicas: 5 }),
        done: (_before, now) => now.sets.find((s) => s.name === 'web')?.replicas === 5,
      },
      until: (v) => setSettled(v, 'web', 5),
      question: {
        prompt: { en: 'Which pod is created next?', 'zh-CN': '接下来会先创建哪个 Pod？' },
        choices: [
          { id: 'web-2', label: { en: 'web-2', 'zh-CN': 'web-2' } },
          { id: 'web-4', label: { en: 'web-4', 'zh-CN': 'web-4' } },
          { id: 'all', label: { en: 'web-2, web-3 and web-4 together', 'zh-CN': 'web-2、web-3、web-4 同时创建' } },
        ],
        decide: ({ before, after }) => {
          const added = newPods(before, after);
          const groups = [...new Set(added.map((p) => p.created))].map((t) => added.filter((p) => p.created === t).map((p) => p.name));
          return firstCreated(groups);
        },
        expected: 'web-2',
        explain: {
          en: 'Lowest ordinal first, and web-3 only after web-2 is Running and Ready, then web-4: the watch shows each pod go Pending → ContainerCreating → Running before the next appears.',
          'zh-CN': '序号最小的先创建，web-2 运行并就绪之后才创建 web-3，然后是 web-4：watch 中每个 Pod 都经历 Pending → ContainerCreating → Running，下一个才出现。',
        },
      },
      facts: [{ says: 'the watch printed the new pods’ rows', holds: ({ output }) => /web-4\s+1\/1\s+Running/.test(output) }],
    },
    {
      id: 'scale-down',
      title: { en: 'Scale back down', 'zh-CN': '再缩容回去' },
      text: { en: 'The watch is still running. Scale down to 2.', 'zh-CN': 'watch 仍在运行。把副本数缩到 2。' },
      action: {
        hint: { en: 'In the Actions panel, set web’s Replicas to 2 and press Set.', 'zh-CN': '在“操作”面板中把 web 的“副本数”设为 2，然后点击“设置”。' },
        command: () => ({ type: 'scale', set: 'web', replicas: 2 }),
        done: (_before, now) => now.sets.find((s) => s.name === 'web')?.replicas === 2,
      },
      until: (v) => setSettled(v, 'web', 2),
      question: {
        prompt: { en: 'Which pod goes first?', 'zh-CN': '哪个 Pod 先被删除？' },
        choices: [
          { id: 'web-4', label: { en: 'web-4', 'zh-CN': 'web-4' } },
          { id: 'web-2', label: { en: 'web-2', 'zh-CN': 'web-2' } },
          { id: 'all', label: { en: 'All three at once', 'zh-CN': '三个同时删除' } },
        ],
        decide: ({ history, output }) => {
          // The watch's rows come in the order things happened, however fast time runs; without a
          // watch, the order the views showed.
          const rows = [...output.matchAll(/^(web-[2-4])\s+\S+\s+Terminating\b/gm)].map((m) => m[1] ?? '');
          if (rows[0]) return rows[0];
          const order = firstSeenOrder(history, (p) => p.set === 'web' && p.terminating);
          const first = order[0];
          if (!first) return undefined;
          return first.includes('+') ? 'all' : first;
        },
        expected: 'web-4',
        explain: {
          en: 'Scale-down runs in reverse: web-4 first, and web-3 only once web-4 is completely gone, then web-2.',
          'zh-CN': '缩容按相反顺序进行：先删 web-4，等 web-4 完全消失后才删 web-3，然后是 web-2。',
        },
      },
      facts: [{ says: 'the watch printed web-4 Terminating first', holds: ({ output }) => /^web-4\s+\S+\s+Terminating\b/m.test(output) }],
    },
    {
      id: 'claims',
      title: { en: 'What the scale-down left', 'zh-CN': '缩容留下了什么' },
      text: { en: 'This kubectl line ends the watch. List the claims.', 'zh-CN': '这条 kubectl 命令会结束 watch。列出持久卷声明。' },
      commands: [k('get pvc -l app=nginx')],
      question: {
        prompt: { en: 'Two pods are left. How many claims?', 'zh-CN': '只剩两个 Pod 了。还有几个持久卷声明？' },
        choices: [
          { id: '2', label: { en: '2', 'zh-CN': '2 个' } },
          { id: '5', label: { en: '5', 'zh-CN': '5 个' } },
        ],
        decide: ({ after }) => String(after.claims.filter((c) => c.name.startsWith('www-web-')).length),
        expected: '5',
        explain: {
          en: 'Scaling down never deletes claims (unless persistentVolumeClaimRetentionPolicy says whenScaled: Delete): scale up again and web-2 … web-4 find their data.',
          'zh-CN': '缩容不会删除持久卷声明（除非 persistentVolumeClaimRetentionPolicy 设置了 whenScaled: Delete）：再扩容时 web-2 … web-4 会找回它们的数据。',
        },
      },
    },
  ],
};

export const COURSE_A: Lesson[] = [DEPLOY_VS_STS, HEADLESS, ORDERED];
