/**
 * Lesson 0, "StatefulSet Basics" (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/):
 * each step's commands run in the simulated cluster, explained in both languages.
 */
import { SERVICE, statefulSet } from '../examples/manifests.ts';
import { isUp, pod, recreatedAndUp, setPods, setSettled } from './checks.ts';
import type { Lesson, LessonCommand, LessonStep } from './types.ts';

/** The tutorial's web.yaml: 2 replicas of nginx-slim:0.21. */
export const WEB_YAML = `${SERVICE}---\n${statefulSet({ replicas: 2, image: 'registry.k8s.io/nginx-slim:0.21', grace: false })}`;

const PARALLEL_YAML = WEB_YAML.replace('  replicas: 2\n', '  replicas: 2\n  podManagementPolicy: "Parallel"\n').replace('nginx-slim:0.21', 'nginx-slim:0.24');
const IMAGE = "--template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'";
const k = (line: string): LessonCommand => ({ kind: 'kubectl', line });
const allAt = (image: string) => (v: Parameters<typeof setPods>[0]) => setSettled(v, 'web') && setPods(v, 'web').every((p) => p.image.endsWith(image));

const STEPS: LessonStep[] = [
  {
    id: 'create',
    title: { en: 'Create the StatefulSet', 'zh-CN': '创建 StatefulSet' },
    text: {
      en: 'web.yaml holds a headless Service nginx and a StatefulSet web with 2 replicas; it is applied to a fresh cluster. Watch web-0 come up first; web-1 is created only after web-0 is Running and Ready.',
      'zh-CN': 'web.yaml 包含一个无头服务 nginx 和一个有 2 个副本的 StatefulSet web，它会被应用到一个全新的集群。观察 web-0 先启动；只有 web-0 运行并就绪后才会创建 web-1。',
    },
    commands: [{ kind: 'reset', file: 'web.yaml', yaml: WEB_YAML }],
    until: (v) => setSettled(v, 'web', 2),
    facts: [
      {
        says: 'web-1 is created only after web-0 is Ready',
        holds: ({ history }) => {
          const firstWeb1 = history.find((v) => pod(v, 'web-1'));
          return !!firstWeb1 && isUp(pod(firstWeb1, 'web-0'));
        },
      },
    ],
  },
  {
    id: 'inspect',
    title: { en: 'Look at what was created', 'zh-CN': '查看创建的对象' },
    text: { en: 'The Service, the StatefulSet and its pods, each named <set>-<ordinal>.', 'zh-CN': 'Service、StatefulSet 以及它的 Pod，每个 Pod 都以 <StatefulSet 名>-<序号> 命名。' },
    commands: [k('get service nginx'), k('get statefulset web'), k('get pods -l app=nginx')],
  },
  {
    id: 'identity',
    title: { en: 'Stable network identity', 'zh-CN': '稳定的网络标识' },
    text: {
      en: 'Each pod’s hostname is its name, and CoreDNS answers <pod>.nginx with the pod’s IP.',
      'zh-CN': '每个 Pod 的主机名就是它的名字，CoreDNS 会把 <pod>.nginx 解析为该 Pod 的 IP。',
    },
    commands: [
      k(`exec web-0 -- sh -c 'hostname'`),
      k(`exec web-1 -- sh -c 'hostname'`),
      k('run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx'),
    ],
  },
  {
    id: 'recreate',
    title: { en: 'Delete the pods', 'zh-CN': '删除 Pod' },
    text: {
      en: 'Delete both pods. The StatefulSet brings them back with the same names and DNS names.',
      'zh-CN': '删除两个 Pod。StatefulSet 会用相同的名字和 DNS 名称重新创建它们。',
    },
    commands: [k('delete pod -l app=nginx')],
    until: (v, before) => recreatedAndUp(before, v, 'web-0') && recreatedAndUp(before, v, 'web-1'),
    probe: ['get pods -o wide -l app=nginx'],
    question: {
      prompt: { en: 'When web-0 and web-1 are back, what are their IP addresses?', 'zh-CN': 'web-0 和 web-1 重建之后，它们的 IP 地址会怎样？' },
      choices: [
        { id: 'same', label: { en: 'The same as before', 'zh-CN': '和之前一样' } },
        { id: 'new', label: { en: 'New ones', 'zh-CN': '变成新的 IP' } },
      ],
      decide: ({ before, after }) => (['web-0', 'web-1'].every((n) => pod(before, n)?.ip === pod(after, n)?.ip) ? 'same' : 'new'),
      expected: 'new',
      explain: {
        en: 'The names and DNS names stay, the IPs change: clients should find a pod by its name, never by its IP.',
        'zh-CN': '名字和 DNS 名称不变，IP 会变化：客户端应该通过名字找到 Pod，而不是记住它的 IP。',
      },
    },
  },
  {
    id: 'storage',
    title: { en: 'Stable storage', 'zh-CN': '稳定的存储' },
    text: {
      en: 'Each pod has its own claim www-web-N. Write each pod’s hostname into its volume and read it back over HTTP.',
      'zh-CN': '每个 Pod 都有自己的持久卷声明 www-web-N。把每个 Pod 的主机名写入它的卷，再通过 HTTP 读回来。',
    },
    commands: [
      k('get pvc -l app=nginx'),
      k(`exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`),
      k(`exec web-1 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`),
      k('exec -i -t web-0 -- curl http://localhost/'),
      k('exec -i -t web-1 -- curl http://localhost/'),
    ],
  },
  {
    id: 'storage-survives',
    title: { en: 'Data survives the pods', 'zh-CN': '数据比 Pod 活得更久' },
    text: {
      en: 'Delete the pods again and wait until they are Ready; then each reads its page: the same claims were mounted again.',
      'zh-CN': '再次删除 Pod，等它们重新就绪，然后读取各自的页面：重新挂载的是同样的持久卷声明。',
    },
    commands: [k('delete pod -l app=nginx')],
    until: (v, before) => recreatedAndUp(before, v, 'web-0') && recreatedAndUp(before, v, 'web-1'),
    probe: ['exec -i -t web-0 -- curl http://localhost/', 'exec -i -t web-1 -- curl http://localhost/'],
    facts: [{ says: 'each pod still serves its own hostname', holds: ({ output }) => /\nweb-0\n[\s\S]*\nweb-1\n/.test(output) }],
  },
  {
    id: 'scale-up',
    title: { en: 'Scale up', 'zh-CN': '扩容' },
    text: { en: 'web-2, web-3 and web-4 are created one at a time, each after its predecessor is Ready.', 'zh-CN': 'web-2、web-3、web-4 会逐个创建，每个都在前一个就绪之后。' },
    commands: [k('scale sts web --replicas=5')],
    until: (v) => setSettled(v, 'web', 5),
  },
  {
    id: 'scale-down',
    title: { en: 'Scale down', 'zh-CN': '缩容' },
    text: {
      en: 'web-4 goes first, then web-3, each only after the previous one is gone. Their claims stay: five PVCs remain.',
      'zh-CN': '先删除 web-4，再删除 web-3，每个都等前一个完全消失。它们的持久卷声明会保留：仍然有五个 PVC。',
    },
    commands: [k(`patch sts web -p '{"spec":{"replicas":3}}'`)],
    until: (v) => setSettled(v, 'web', 3),
    probe: ['get pvc -l app=nginx'],
    facts: [{ says: 'five claims remain', holds: ({ after }) => after.claims.filter((c) => c.name.startsWith('www-web-')).length === 5 }],
  },
  {
    id: 'rolling-update',
    title: { en: 'Rolling update', 'zh-CN': '滚动更新' },
    text: {
      en: 'Change the image: the controller replaces web-2, then web-1, then web-0, each after the previous one is Running and Ready.',
      'zh-CN': '修改镜像：控制器依次替换 web-2、web-1、web-0，每个都在前一个运行并就绪之后。',
    },
    commands: [k(`patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'`)],
    until: allAt('nginx-slim:0.24'),
    probe: ['get pods -l app=nginx'],
  },
  {
    id: 'staging',
    title: { en: 'Stage an update with a partition', 'zh-CN': '用分区暂存更新' },
    text: {
      en: 'With partition 3 no pod is updated; a deleted pod below the partition comes back at the current (old) revision.',
      'zh-CN': '分区为 3 时没有 Pod 会被更新；被删除的、序号小于分区的 Pod 会以当前（旧）修订版本重建。',
    },
    commands: [
      k(`patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'`),
      k(`patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'`),
      k('delete pod web-2'),
    ],
    until: (v, before) => recreatedAndUp(before, v, 'web-2'),
    probe: [`get pod web-2 ${IMAGE}`],
    facts: [{ says: 'web-2 comes back at the old image', holds: ({ after }) => !!pod(after, 'web-2')?.image.endsWith('0.24') }],
  },
  {
    id: 'canary',
    title: { en: 'Canary: partition 2', 'zh-CN': '金丝雀：分区设为 2' },
    text: { en: 'Only web-2 (ordinal ≥ 2) moves to the new image.', 'zh-CN': '只有 web-2（序号 ≥ 2）会换成新镜像。' },
    commands: [k(`patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'`)],
    until: (v, before) => recreatedAndUp(before, v, 'web-2') && !!pod(v, 'web-2')?.image.endsWith('0.21'),
    probe: [`get pod web-2 ${IMAGE}`],
  },
  {
    id: 'phased',
    title: { en: 'Phased roll out: partition 0', 'zh-CN': '分阶段发布：分区设为 0' },
    text: { en: 'web-1, then web-0 are updated too.', 'zh-CN': '接着 web-1、web-0 也会被更新。' },
    commands: [k(`patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'`)],
    until: allAt('nginx-slim:0.21'),
  },
  {
    id: 'orphan',
    title: { en: 'Delete without the pods (orphan)', 'zh-CN': '非级联删除（孤立 Pod）' },
    text: {
      en: 'The pods keep running without their StatefulSet; a deleted one is not recreated. Applying web.yaml again adopts them and trims to 2 replicas.',
      'zh-CN': 'Pod 在没有 StatefulSet 的情况下继续运行；被删除的 Pod 不会被重建。再次应用 web.yaml 会重新接管它们并缩减为 2 个副本。',
    },
    commands: [k('delete statefulset web --cascade=orphan'), k('delete pod web-0'), { kind: 'apply', file: 'web.yaml', yaml: WEB_YAML }],
    until: (v) => setSettled(v, 'web', 2),
  },
  {
    id: 'cascade',
    title: { en: 'Cascading delete', 'zh-CN': '级联删除' },
    text: {
      en: 'Deleting the StatefulSet deletes its pods (in no particular order); the claims stay.',
      'zh-CN': '删除 StatefulSet 会删除它的 Pod（没有特定顺序）；持久卷声明会保留。',
    },
    commands: [k('delete statefulset web'), k('delete service nginx')],
    until: (v) => v.pods.every((p) => p.set !== 'web'),
    probe: ['get pvc'],
  },
  {
    id: 'parallel',
    title: { en: 'Parallel pod management', 'zh-CN': 'Parallel Pod 管理策略' },
    text: {
      en: 'With podManagementPolicy Parallel, scaling creates and deletes pods without waiting for each other.',
      'zh-CN': '使用 Parallel 策略时，扩缩容会同时创建和删除 Pod，不互相等待。',
    },
    commands: [{ kind: 'apply', file: 'web-parallel.yaml', yaml: PARALLEL_YAML }, k('scale statefulset/web --replicas=5')],
    until: (v) => setSettled(v, 'web', 5),
  },
  {
    id: 'cleanup',
    title: { en: 'Clean up', 'zh-CN': '清理' },
    text: {
      en: 'Delete the StatefulSet, the Service and the claims; the volumes (reclaim policy Delete) go with them.',
      'zh-CN': '删除 StatefulSet、Service 和持久卷声明；回收策略为 Delete 的持久卷也会随之删除。',
    },
    commands: [k('delete sts web'), k('delete svc nginx'), k('delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4')],
    until: (v) => v.pods.length === v.pods.filter((p) => p.set !== 'web').length && v.claims.length === 0 && v.volumes.length === 0,
  },
];

export const BASICS: Lesson = {
  id: 'basics',
  number: 0,
  title: { en: 'StatefulSet Basics', 'zh-CN': 'StatefulSet 基础' },
  summary: {
    en: 'The kubernetes.io tutorial, step by step: ordered pods, stable names, stable storage, updates and deletion.',
    'zh-CN': 'kubernetes.io 官方教程，一步一步来：有序的 Pod、稳定的名字、稳定的存储、更新与删除。',
  },
  steps: STEPS,
};
