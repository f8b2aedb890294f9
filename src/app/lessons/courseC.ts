/** Lessons 7–10: a failed rollout, primary and replicas, reclaim and provisioning, node failure. */
import { NFS_PROVISIONER } from '../examples/cluster.ts';
import { EXAMPLES } from '../examples/index.ts';
import { claim, dnsRecord, elapsed, isUp, newPods, nodeOf, pod, recreatedAndUp, setSettled, volumeOf } from './checks.ts';
import { fresh, k, lookedUp, probeText, quietFor, tagOf, webYaml } from './common.ts';
import type { Lesson } from './types.ts';
import type { ClusterView } from '../../worker/viewModel.ts';

const example = (id: string): string => EXAMPLES.find((e) => e.id === id)?.yaml ?? '';
const PULL_ERRORS = ['ErrImagePull', 'ImagePullBackOff'];
const pullFailing = (v: ClusterView, name: string) => PULL_ERRORS.includes(pod(v, name)?.status ?? '');

const FAILED_ROLLOUT: Lesson = {
  id: 'failed-rollout',
  number: 7,
  title: { en: 'A failed rollout and the forced rollback', 'zh-CN': '失败的发布与强制回滚' },
  summary: {
    en: 'An image that never pulls stops the rolling update at web-2; undo alone does not repair web-2.',
    'zh-CN': '一个永远拉取不下来的镜像会让滚动更新停在 web-2；仅仅回滚模板并不能修好 web-2。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Three healthy replicas', 'zh-CN': '三个健康的副本' },
      text: { en: 'Start web with 3 replicas of nginx-slim:0.24.', 'zh-CN': '启动 3 个运行 nginx-slim:0.24 的 web 副本。' },
      commands: [fresh(webYaml(3))],
      until: (v) => setSettled(v, 'web', 3),
    },
    {
      id: 'break',
      title: { en: 'Roll out a broken image', 'zh-CN': '发布一个坏掉的镜像' },
      text: {
        en: 'The tag broken does not exist in the registry: every pull fails.',
        'zh-CN': '镜像仓库里没有 broken 这个标签：每次拉取都会失败。',
      },
      commands: [k('set image statefulset/web nginx=registry.k8s.io/nginx-slim:broken')],
      until: (v, before) => recreatedAndUp(before, v, 'web-2') || pullFailing(v, 'web-2'),
      probe: ['get pods -l app=nginx'],
      question: {
        prompt: { en: 'What happens to web-1 and web-0?', 'zh-CN': 'web-1 和 web-0 会怎样？' },
        choices: [
          { id: 'stuck', label: { en: 'They keep the old image: the rollout stops at web-2', 'zh-CN': '它们保持旧镜像：发布卡在 web-2' } },
          { id: 'all', label: { en: 'They are replaced too, and fail', 'zh-CN': '它们也会被替换，然后同样失败' } },
        ],
        decide: ({ after, history }) => {
          if (!quietFor(history, 30_000)) return undefined;
          const older = ['web-0', 'web-1'].map((n) => pod(after, n));
          if (older.every((p) => isUp(p) && tagOf(p) === '0.24')) return 'stuck';
          return 'all';
        },
        expected: 'stuck',
        explain: {
          en: 'web-2 was replaced first and never becomes Ready (ErrImagePull, then ImagePullBackOff). With OrderedReady the controller waits for it before touching web-1: two of three pods still serve.',
          'zh-CN': 'web-2 最先被替换，却一直无法就绪（先是 ErrImagePull，然后是 ImagePullBackOff）。在 OrderedReady 策略下，控制器要等它就绪才会动 web-1：三个 Pod 里仍有两个在提供服务。',
        },
      },
    },
    {
      id: 'undo',
      title: { en: 'Undo the template', 'zh-CN': '回滚模板' },
      text: { en: 'Put the previous template back with kubectl rollout undo.', 'zh-CN': '用 kubectl rollout undo 恢复之前的模板。' },
      commands: [k('rollout undo statefulset/web')],
      until: (v) => {
        const set = v.sets.find((s) => s.name === 'web');
        return !!set && set.status['observedGeneration'] === set.generation;
      },
      question: {
        prompt: { en: 'Does undo alone fix web-2?', 'zh-CN': '只回滚模板，web-2 会好吗？' },
        choices: [
          { id: 'no', label: { en: 'No: web-2 stays broken', 'zh-CN': '不会：web-2 依然是坏的' } },
          { id: 'yes', label: { en: 'Yes: web-2 comes back on the old image', 'zh-CN': '会：web-2 会以旧镜像重新运行' } },
        ],
        decide: ({ before, after, history }) => {
          if (recreatedAndUp(before, after, 'web-2')) return 'yes';
          if (!quietFor(history, 30_000)) return undefined;
          return tagOf(pod(after, 'web-2')) === 'broken' ? 'no' : 'yes';
        },
        expected: 'no',
        explain: {
          en: 'The template is right again, but the controller still waits for web-2 to become Ready before it would replace it, and it never will: the documented forced rollback needs one more step.',
          'zh-CN': '模板已经恢复了，但控制器仍在等待 web-2 就绪才会去替换它，而它永远不会就绪：官方文档中的强制回滚还需要再做一步。',
        },
      },
    },
    {
      id: 'force',
      title: { en: 'Delete the broken pod', 'zh-CN': '删除坏掉的 Pod' },
      text: { en: 'Delete web-2, the pod made from the bad template.', 'zh-CN': '删除 web-2，也就是用坏模板创建的那个 Pod。' },
      commands: [k('delete pod web-2')],
      until: (v, before) => recreatedAndUp(before, v, 'web-2') || (pod(v, 'web-2')?.uid !== pod(before, 'web-2')?.uid && pullFailing(v, 'web-2')),
      question: {
        prompt: { en: 'What does web-2 come back as?', 'zh-CN': 'web-2 会以什么状态回来？' },
        choices: [
          { id: 'fixed', label: { en: 'The old image, Running and Ready', 'zh-CN': '旧镜像，运行并就绪' } },
          { id: 'broken', label: { en: 'Broken again', 'zh-CN': '还是坏的' } },
        ],
        decide: ({ after }) => (isUp(pod(after, 'web-2')) && tagOf(pod(after, 'web-2')) === '0.24' ? 'fixed' : 'broken'),
        expected: 'fixed',
        explain: {
          en: 'The replacement is built from the reverted template. Forced rollback = revert the template and delete the pods started from the bad one.',
          'zh-CN': '替换的 Pod 是按恢复后的模板创建的。强制回滚 = 恢复模板 + 删除用坏模板启动的 Pod。',
        },
      },
    },
    {
      id: 'status',
      title: { en: 'Healthy again', 'zh-CN': '恢复健康' },
      text: { en: 'The rollout status is complete again.', 'zh-CN': '发布状态重新显示为完成。' },
      commands: [k('rollout status statefulset/web')],
      facts: [{ says: 'the rollout is complete', holds: ({ output }) => output.includes('roll out complete') }],
    },
  ],
};

const PRIMARY_FQDN = 'web-0.nginx.default.svc.cluster.local';
const LOOKUP = 'exec web-1 -- nslookup web-0.nginx';

const PRIMARY_REPLICA: Lesson = {
  id: 'primary-replica',
  number: 8,
  title: { en: 'A primary and its replicas', 'zh-CN': '一主多从' },
  summary: {
    en: 'web-0 runs redis as the primary; web-1 and web-2 follow it by its stable name, web-0.nginx.',
    'zh-CN': 'web-0 以主节点身份运行 redis；web-1 和 web-2 通过它稳定的名字 web-0.nginx 跟随它。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'The pair on a fresh cluster', 'zh-CN': '在新集群上部署主从' },
      text: {
        en: 'Each pod runs the same script: if $(hostname) is web-0 it starts redis-server as the primary, otherwise redis-server --replicaof web-0.nginx 6379.',
        'zh-CN': '每个 Pod 运行同一个脚本：如果 $(hostname) 是 web-0，就以主节点启动 redis-server；否则运行 redis-server --replicaof web-0.nginx 6379。',
      },
      commands: [fresh(example('primary-replica'), 'redis.yaml')],
      until: (v) => setSettled(v, 'web', 3),
      question: {
        prompt: { en: 'Which pod starts first?', 'zh-CN': '哪个 Pod 最先启动？' },
        choices: [
          { id: 'web-0', label: { en: 'web-0, the primary', 'zh-CN': 'web-0，也就是主节点' } },
          { id: 'all', label: { en: 'All three together', 'zh-CN': '三个一起' } },
        ],
        decide: ({ before, after }) => {
          const added = newPods(before, after).filter((p) => p.set === 'web');
          const [first, second] = added;
          if (!first || !second) return undefined;
          return first.created === second.created ? 'all' : first.name;
        },
        expected: 'web-0',
        explain: {
          en: 'OrderedReady starts web-0 first and web-1 only when web-0 is Ready: each replica starts when its primary is already up.',
          'zh-CN': 'OrderedReady 先启动 web-0，等 web-0 就绪后才启动 web-1：每个副本启动时，主节点都已经在运行了。',
        },
      },
    },
    {
      id: 'find-primary',
      title: { en: 'How a replica finds its primary', 'zh-CN': '副本如何找到主节点' },
      text: { en: 'From web-1, look up web-0.nginx as redis does.', 'zh-CN': '在 web-1 里像 redis 那样解析 web-0.nginx。' },
      commands: [k('exec web-1 -- hostname'), k(LOOKUP)],
      question: {
        prompt: { en: 'What does web-0.nginx give web-1?', 'zh-CN': 'web-0.nginx 会给 web-1 返回什么？' },
        choices: [
          { id: 'primary', label: { en: 'web-0’s pod IP', 'zh-CN': 'web-0 的 Pod IP' } },
          { id: 'vip', label: { en: 'A virtual IP of the Service', 'zh-CN': 'Service 的虚拟 IP' } },
          { id: 'any', label: { en: 'Any pod’s IP, load-balanced', 'zh-CN': '负载均衡后任意一个 Pod 的 IP' } },
        ],
        decide: ({ after, output }) => {
          const addresses = lookedUp(output);
          if (addresses.length === 0) return undefined;
          return addresses.length === 1 && addresses[0] === pod(after, 'web-0')?.ip ? 'primary' : addresses.length > 1 ? 'any' : 'vip';
        },
        expected: 'primary',
        explain: {
          en: 'web-0.nginx is one pod’s name under the headless Service, so it always means the primary, whatever its IP is today.',
          'zh-CN': 'web-0.nginx 是无头服务下某一个 Pod 的名字，所以它始终指向主节点，不管主节点今天的 IP 是多少。',
        },
      },
    },
    {
      id: 'failover',
      title: { en: 'The primary is replaced', 'zh-CN': '主节点被替换' },
      text: {
        en: 'Delete web-0. Watch its DNS record in the diagram while the StatefulSet recreates it.',
        'zh-CN': '删除 web-0。在 StatefulSet 重建它的过程中，在示意图里观察它的 DNS 记录。',
      },
      commands: [k('delete pod web-0')],
      until: (v, before) => recreatedAndUp(before, v, 'web-0') && (dnsRecord(v, PRIMARY_FQDN)?.data ?? []).includes(pod(v, 'web-0')?.ip ?? '-'),
      probe: [LOOKUP],
      question: {
        prompt: { en: 'Meanwhile, what does web-0.nginx answer the replicas?', 'zh-CN': '在此期间，web-0.nginx 会给副本返回什么？' },
        choices: [
          { id: 'gap', label: { en: 'Nothing for a while, then the new web-0’s IP', 'zh-CN': '先是一段时间什么都没有，然后是新 web-0 的 IP' } },
          { id: 'old', label: { en: 'The old IP until the new pod is Ready', 'zh-CN': '在新 Pod 就绪前一直是旧 IP' } },
          { id: 'other', label: { en: 'Another pod, such as web-1', 'zh-CN': '另一个 Pod，比如 web-1' } },
        ],
        decide: ({ before, after, history }) => {
          const answers = history.map((v) => dnsRecord(v, PRIMARY_FQDN)?.data ?? []);
          const newIp = pod(after, 'web-0')?.ip ?? '-';
          const others = after.pods.filter((p) => p.name !== 'web-0').map((p) => p.ip);
          if (answers.some((a) => a.some((ip) => others.includes(ip)))) return 'other';
          if (answers.some((a) => a.length === 0)) return 'gap';
          return answers.some((a) => a.includes(pod(before, 'web-0')?.ip ?? '-')) && answers.at(-1)?.includes(newIp) ? 'old' : undefined;
        },
        expected: 'gap',
        explain: {
          en: 'A pod that is terminating or not yet Ready has no record, so for a moment there is no primary to find; then the name answers with the new IP and the replicas reconnect by name, without any change to their configuration.',
          'zh-CN': '正在终止或尚未就绪的 Pod 没有 DNS 记录，所以有一小段时间找不到主节点；之后这个名字会解析到新的 IP，副本按名字重新连接，配置无需任何修改。',
        },
      },
      facts: [{ says: 'web-1 now resolves the new IP', holds: (obs) => lookedUp(probeText(obs, LOOKUP)).includes(pod(obs.after, 'web-0')?.ip ?? '-') }],
    },
  ],
};

const VOLUME_OF = (v: ClusterView, claimName: string) => volumeOf(v, claimName)?.name;
/** The PV a claim had before the step, as it is now (undefined when it is gone). */
const formerVolume = (before: ClusterView, now: ClusterView, claimName: string) => {
  const name = VOLUME_OF(before, claimName);
  return name ? now.volumes.find((v) => v.name === name) : undefined;
};
const reclaimAnswer = (before: ClusterView, now: ClusterView, claimName: string) => {
  const volume = formerVolume(before, now, claimName);
  if (!volume) return 'deleted';
  return volume.phase === 'Released' ? 'released' : volume.phase === 'Available' ? 'available' : undefined;
};
const RECLAIM_CHOICES = [
  { id: 'deleted', label: { en: 'It is deleted too', 'zh-CN': '也被删除' } },
  { id: 'released', label: { en: 'It stays, Released, with its data', 'zh-CN': '保留下来，状态为 Released，数据还在' } },
  { id: 'available', label: { en: 'It becomes Available for the next claim', 'zh-CN': '变成 Available，供下一个声明使用' } },
];
const MISSING_CLASS = 'managed-nfs-storage';
const withoutClass = (yaml: string) => yaml.replace(/^\s*storageClassName:.*\n/gm, '');

const RECLAIM: Lesson = {
  id: 'reclaim-provisioning',
  number: 9,
  title: { en: 'Reclaim policies, static and dynamic provisioning, a missing class', 'zh-CN': '回收策略、静态与动态供应、缺失的存储类' },
  summary: {
    en: 'Delete versus Retain, volumes made by a provisioner versus made beforehand, and claims that ask for a class that does not exist.',
    'zh-CN': 'Delete 与 Retain 的区别，由供应者创建的卷与预先创建的卷，以及请求一个不存在的存储类的声明。',
  },
  steps: [
    {
      id: 'dynamic',
      title: { en: 'Dynamic provisioning', 'zh-CN': '动态供应' },
      text: { en: 'web with 2 replicas on the default class standard.', 'zh-CN': '在默认存储类 standard 上运行 2 个副本的 web。' },
      commands: [fresh(webYaml(2))],
      until: (v) => setSettled(v, 'web', 2),
      probe: ['get pv'],
      question: {
        prompt: { en: 'Where did the two volumes come from?', 'zh-CN': '这两个卷是从哪里来的？' },
        choices: [
          { id: 'dynamic', label: { en: 'The class’s provisioner made one per claim', 'zh-CN': '存储类的供应者为每个声明各创建了一个' } },
          { id: 'static', label: { en: 'An administrator made them beforehand', 'zh-CN': '管理员事先创建好的' } },
        ],
        decide: ({ after }) => {
          const names = ['www-web-0', 'www-web-1'].map((c) => VOLUME_OF(after, c));
          if (names.some((n) => !n)) return undefined;
          return names.every((n, i) => n === `pvc-${claim(after, `www-web-${i}`)?.uid ?? ''}`) ? 'dynamic' : 'static';
        },
        expected: 'dynamic',
        explain: {
          en: 'Dynamic provisioning: each claim of class standard got a new PV pvc-<claim uid>, with the class’s reclaim policy, Delete.',
          'zh-CN': '动态供应：每个使用 standard 存储类的声明都得到一个新的持久卷 pvc-<声明 uid>，回收策略沿用存储类的 Delete。',
        },
      },
    },
    {
      id: 'delete-policy',
      title: { en: 'Delete a claim (policy Delete)', 'zh-CN': '删除一个声明（回收策略 Delete）' },
      text: { en: 'Scale to 1 and delete the claim web-1 left behind.', 'zh-CN': '缩容到 1，再删除 web-1 留下的声明。' },
      commands: [k('scale statefulset web --replicas=1'), k('delete pvc www-web-1')],
      until: (v, before) => !claim(v, 'www-web-1') && (!formerVolume(before, v, 'www-web-1') || elapsed(before, v) >= 30_000),
      probe: ['get pv'],
      question: { prompt: { en: 'What happens to its PV?', 'zh-CN': '它的持久卷会怎样？' }, choices: RECLAIM_CHOICES, decide: ({ before, after }) => reclaimAnswer(before, after, 'www-web-1'), expected: 'deleted', explain: {
        en: 'Reclaim policy Delete: once the claim is gone the provisioner deletes the volume and its data.',
        'zh-CN': '回收策略 Delete：声明一消失，供应者就会删除这个卷以及里面的数据。',
      } },
    },
    {
      id: 'static',
      title: { en: 'Static provisioning', 'zh-CN': '静态供应' },
      text: {
        en: 'A fresh cluster with class local-storage (provisioner kubernetes.io/no-provisioner, reclaimPolicy Retain) and three PVs made beforehand: local-pv-0 and local-pv-1 (1Gi), local-pv-2 (2Gi).',
        'zh-CN': '一个新集群：存储类 local-storage（供应者 kubernetes.io/no-provisioner，reclaimPolicy 为 Retain），以及事先创建的三个持久卷：local-pv-0 和 local-pv-1（1Gi）、local-pv-2（2Gi）。',
      },
      commands: [fresh(example('static-retain'), 'static.yaml')],
      until: (v) => setSettled(v, 'web', 3),
      probe: ['get pvc,pv'],
      question: {
        prompt: { en: 'The class has no provisioner. What happens to the claims?', 'zh-CN': '这个存储类没有供应者。声明会怎样？' },
        choices: [
          { id: 'static', label: { en: 'They bind to the PVs made beforehand', 'zh-CN': '绑定到事先创建的持久卷' } },
          { id: 'dynamic', label: { en: 'New pvc-… volumes are made anyway', 'zh-CN': '照样创建新的 pvc-… 卷' } },
          { id: 'pending', label: { en: 'They stay Pending', 'zh-CN': '一直处于 Pending' } },
        ],
        decide: ({ after }) => {
          const names = ['www-web-0', 'www-web-1', 'www-web-2'].map((c) => VOLUME_OF(after, c) ?? '');
          if (names.every((n) => n.startsWith('local-pv-'))) return 'static';
          return names.every((n) => n.startsWith('pvc-')) ? 'dynamic' : 'pending';
        },
        expected: 'static',
        explain: {
          en: 'Static provisioning: the controller matches each claim to an Available PV of its class that is large enough (the smallest that fits).',
          'zh-CN': '静态供应：控制器为每个声明挑选一个同存储类、容量足够的 Available 持久卷（挑能满足要求的最小的那个）。',
        },
      },
    },
    {
      id: 'retain',
      title: { en: 'Delete a claim (policy Retain)', 'zh-CN': '删除一个声明（回收策略 Retain）' },
      text: { en: 'Scale to 2 and delete www-web-2.', 'zh-CN': '缩容到 2，再删除 www-web-2。' },
      commands: [k('scale statefulset web --replicas=2'), k('delete pvc www-web-2')],
      until: (v, before) => !claim(v, 'www-web-2') && formerVolume(before, v, 'www-web-2')?.phase !== 'Bound',
      probe: ['get pv'],
      question: { prompt: { en: 'What happens to local-pv-2?', 'zh-CN': 'local-pv-2 会怎样？' }, choices: RECLAIM_CHOICES, decide: ({ before, after }) => reclaimAnswer(before, after, 'www-web-2'), expected: 'released', explain: {
        en: 'Retain keeps the volume and its data, Released: its claimRef still names the deleted claim, so no new claim can bind it until an administrator clears it.',
        'zh-CN': 'Retain 会保留卷和数据，状态为 Released：它的 claimRef 仍指向已删除的声明，所以在管理员清理之前，任何新声明都绑定不了它。',
      } },
    },
    {
      id: 'reuse',
      title: { en: 'Reuse the retained volume', 'zh-CN': '重新使用保留下来的卷' },
      text: {
        en: 'Clear local-pv-2’s claimRef (it becomes Available), then scale back to 3.',
        'zh-CN': '清除 local-pv-2 的 claimRef（它会变成 Available），然后扩容回 3。',
      },
      commands: [k(`patch pv local-pv-2 -p '{"spec":{"claimRef":null}}'`), k('scale statefulset web --replicas=3')],
      until: (v) => setSettled(v, 'web', 3),
      probe: ['get pvc,pv'],
      question: {
        prompt: { en: 'Does the new www-web-2 get local-pv-2 back?', 'zh-CN': '新的 www-web-2 会拿回 local-pv-2 吗？' },
        choices: [
          { id: 'yes', label: { en: 'Yes, with its old data', 'zh-CN': '会，连同旧数据' } },
          { id: 'no', label: { en: 'No', 'zh-CN': '不会' } },
        ],
        decide: ({ after }) => (VOLUME_OF(after, 'www-web-2') === 'local-pv-2' ? 'yes' : 'no'),
        expected: 'yes',
        explain: {
          en: 'It was the only Available volume of the class that fits: the new claim bound to it, and web-2 finds its old files.',
          'zh-CN': '它是这个存储类里唯一一个容量合适的 Available 卷：新的声明绑定了它，web-2 又找回了原来的文件。',
        },
      },
    },
    {
      id: 'missing-class',
      title: { en: 'A class that does not exist', 'zh-CN': '不存在的存储类' },
      text: {
        en: 'A fresh cluster where the claims ask for storageClassName: managed-nfs-storage, which nobody has created.',
        'zh-CN': '一个新集群，声明里写着 storageClassName: managed-nfs-storage，但没有人创建过这个存储类。',
      },
      commands: [fresh(example('missing-class'))],
      until: (v, before) => !!claim(v, 'www-web-0') && elapsed(before, v) >= 20_000,
      probe: ['get pvc', 'get pods'],
      question: {
        prompt: { en: 'What happens to web-0?', 'zh-CN': 'web-0 会怎样？' },
        choices: [
          { id: 'pending', label: { en: 'It waits in Pending: its claim never binds', 'zh-CN': '一直 Pending：它的声明永远绑定不上' } },
          { id: 'default', label: { en: 'The claim falls back to the default class', 'zh-CN': '声明退回到默认存储类' } },
          { id: 'running', label: { en: 'It runs without storage', 'zh-CN': '不带存储照样运行' } },
        ],
        decide: ({ after }) => {
          const c = claim(after, 'www-web-0');
          if (isUp(pod(after, 'web-0'))) return 'running';
          if (c?.storageClass !== MISSING_CLASS) return 'default';
          return c.phase === 'Pending' ? 'pending' : undefined;
        },
        expected: 'pending',
        explain: {
          en: 'The PV controller reports ProvisioningFailed (storageclass "managed-nfs-storage" not found) and retries; the pod cannot be scheduled without its claim, and web-1 is never created.',
          'zh-CN': 'PV 控制器报告 ProvisioningFailed（找不到存储类 managed-nfs-storage）并不断重试；没有声明 Pod 就无法调度，web-1 也永远不会被创建。',
        },
      },
    },
    {
      id: 'immutable',
      title: { en: 'Fix 1: drop the class from the template?', 'zh-CN': '修复方法一：从模板里去掉存储类？' },
      text: {
        en: 'Remove storageClassName from web.yaml so the claims would use the default class, and apply it.',
        'zh-CN': '从 web.yaml 中删掉 storageClassName，让声明使用默认存储类，然后应用。',
      },
      commands: [{ kind: 'apply', file: 'web.yaml', yaml: withoutClass(example('missing-class')), refused: true }],
      question: {
        prompt: { en: 'Is the change accepted?', 'zh-CN': '这个修改会被接受吗？' },
        choices: [
          { id: 'refused', label: { en: 'No: volumeClaimTemplates cannot be changed', 'zh-CN': '不会：volumeClaimTemplates 不能修改' } },
          { id: 'accepted', label: { en: 'Yes, and the claims move to the default class', 'zh-CN': '会，声明改用默认存储类' } },
        ],
        decide: ({ output }) => (output.includes('Forbidden') ? 'refused' : 'accepted'),
        expected: 'refused',
        explain: {
          en: 'Only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change. This fix needs a restart: delete the StatefulSet and its Pending claims, then apply the corrected YAML (the Why panel’s “Use the default StorageClass and start over” does that on a fresh cluster).',
          'zh-CN': '只有 replicas、ordinals、template、updateStrategy、persistentVolumeClaimRetentionPolicy 和 minReadySeconds 可以修改。这种修复要重来一遍：删除 StatefulSet 和处于 Pending 的声明，再应用改好的 YAML（“原因”面板里的“改用默认存储类并重新开始”会在新集群上这样做）。',
        },
      },
    },
    {
      id: 'install-class',
      title: { en: 'Fix 2: create the class', 'zh-CN': '修复方法二：创建这个存储类' },
      text: {
        en: 'Install the course’s NFS provisioner: its Deployment and the StorageClass managed-nfs-storage that names it.',
        'zh-CN': '安装课程使用的 NFS 供应者：它的 Deployment，以及指向它的存储类 managed-nfs-storage。',
      },
      commands: [{ kind: 'apply', file: 'nfs-provisioner.yaml', yaml: NFS_PROVISIONER }],
      until: (v) => setSettled(v, 'web', 2),
      probe: ['get pvc'],
      question: {
        prompt: { en: 'Now that the class exists, what happens to the Pending claim?', 'zh-CN': '存储类有了，处于 Pending 的声明会怎样？' },
        choices: [
          { id: 'binds', label: { en: 'The same claim binds and web-0 starts', 'zh-CN': '同一个声明完成绑定，web-0 启动' } },
          { id: 'recreate', label: { en: 'Nothing until the StatefulSet is recreated', 'zh-CN': '在重建 StatefulSet 之前什么都不会发生' } },
        ],
        decide: ({ before, after }) => {
          const was = claim(before, 'www-web-0');
          const now = claim(after, 'www-web-0');
          return now?.phase === 'Bound' && now.uid === was?.uid ? 'binds' : 'recreate';
        },
        expected: 'binds',
        explain: {
          en: 'The PV controller retries Pending claims: once the provisioner runs, it makes their volumes, web-0 starts, then web-1 with its own claim.',
          'zh-CN': 'PV 控制器会不断重试处于 Pending 的声明：供应者一运行起来就为它们创建卷，web-0 随之启动，接着是带着自己声明的 web-1。',
        },
      },
    },
  ],
};

/** web-1's node when the lesson's step begins. */
const web1Node = (v: ClusterView) => nodeOf(v, 'web-1') ?? 'node-2';
const nodeReady = (v: ClusterView, name: string) => v.nodes.find((n) => n.name === name)?.ready;

const NODE_FAILURE: Lesson = {
  id: 'node-failure',
  number: 10,
  title: { en: 'Node failure and at-most-one', 'zh-CN': '节点故障与“至多一个”' },
  summary: {
    en: 'When a node stops answering, why a StatefulSet pod waits for a force delete instead of starting a second copy.',
    'zh-CN': '节点失联时，StatefulSet 的 Pod 为什么要等强制删除，而不是另起一个副本。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Three pods on three nodes', 'zh-CN': '三个节点上的三个 Pod' },
      text: { en: 'Start web with 3 replicas; note which node runs web-1.', 'zh-CN': '启动 3 个副本的 web；留意 web-1 运行在哪个节点上。' },
      commands: [fresh(webYaml(3))],
      until: (v) => setSettled(v, 'web', 3),
      probe: ['get pods -o wide'],
    },
    {
      id: 'node-down',
      title: { en: 'The node stops answering', 'zh-CN': '节点失联' },
      text: {
        en: 'Take web-1’s node down. The node controller marks it NotReady after its grace period (50 s) and taints it unreachable; the pods on it tolerate that taint for 300 s, then they are evicted. Speed time up (25× or more) to see it.',
        'zh-CN': '让 web-1 所在的节点宕机。节点控制器在宽限期（50 秒）后把它标记为 NotReady，并打上 unreachable 污点；节点上的 Pod 对这个污点只容忍 300 秒，之后就会被驱逐。把时间调快（25 倍或更多）来观察。',
      },
      action: {
        hint: { en: 'In the Actions panel, under Nodes, press “Take down” next to {node}.', 'zh-CN': '在“操作”面板的“节点”中，点击 {node} 旁边的“关闭节点”。' },
        params: (v) => ({ node: web1Node(v) }),
        command: (v) => ({ type: 'node', node: web1Node(v), up: false }),
        done: (before, now) => nodeReady(now, web1Node(before)) !== 'True',
      },
      until: (v, before) => !!pod(v, 'web-1')?.terminating || recreatedAndUp(before, v, 'web-1'),
      question: {
        prompt: { en: 'What happens to web-1?', 'zh-CN': 'web-1 会怎样？' },
        choices: [
          { id: 'waits', label: { en: 'It stays, Terminating, and is not replaced', 'zh-CN': '它一直停留在 Terminating，不会被替换' } },
          { id: 'moves', label: { en: 'A new web-1 starts on another node', 'zh-CN': '新的 web-1 在另一个节点上启动' } },
        ],
        decide: ({ before, after, history }) => {
          if (recreatedAndUp(before, after, 'web-1')) return 'moves';
          if (!quietFor(history, 30_000)) return undefined;
          return pod(after, 'web-1')?.uid === pod(before, 'web-1')?.uid ? 'waits' : 'moves';
        },
        expected: 'waits',
        explain: {
          en: 'The pod was marked for deletion, but only its kubelet can confirm the container stopped, and that kubelet is gone. Until the pod object is removed, the name web-1 is taken: the StatefulSet never runs two web-1 at once (at most one), since two of them would share one identity and write to one disk.',
          'zh-CN': 'Pod 已被标记删除，但只有它所在节点的 kubelet 才能确认容器已经停止，而那个 kubelet 已经失联。在 Pod 对象被移除之前，web-1 这个名字一直被占用：StatefulSet 永远不会同时运行两个 web-1（至多一个），因为它们会共用同一个身份、写同一块磁盘。',
        },
      },
    },
    {
      id: 'force',
      title: { en: 'Force delete', 'zh-CN': '强制删除' },
      text: {
        en: 'You have made sure the node is really dead: remove the pod object without waiting for the kubelet.',
        'zh-CN': '你已经确认节点真的死了：不等 kubelet 确认，直接移除 Pod 对象。',
      },
      commands: [k('delete pod web-1 --grace-period=0 --force')],
      until: (v, before) => {
        const p = pod(v, 'web-1');
        return !!p && p.uid !== pod(before, 'web-1')?.uid && (isUp(p) || elapsed(before, v) >= 30_000);
      },
      probe: ['get pods -o wide'],
      question: {
        prompt: { en: 'Where does the new web-1 run?', 'zh-CN': '新的 web-1 在哪里运行？' },
        choices: [
          { id: 'pending', label: { en: 'Nowhere yet: its local volume is on the dead node, so it stays Pending', 'zh-CN': '哪儿都没有：它的本地卷在宕机的节点上，所以一直 Pending' } },
          { id: 'other', label: { en: 'On another node, right away', 'zh-CN': '马上在另一个节点上运行' } },
        ],
        decide: ({ after }) => {
          const p = pod(after, 'web-1');
          if (!p) return undefined;
          return isUp(p) ? 'other' : p.node ? undefined : 'pending';
        },
        expected: 'pending',
        explain: {
          en: 'The controller created web-1 at once, but its claim is bound to a local-path volume with node affinity to the failed node: the scheduler finds no node it may use. Network storage could move; local disks cannot.',
          'zh-CN': '控制器立刻创建了 web-1，但它的声明绑定的是 local-path 卷，节点亲和性指向那个故障节点：调度器找不到可用的节点。网络存储可以跟着走，本地磁盘不行。',
        },
      },
    },
    {
      id: 'node-up',
      title: { en: 'The node comes back', 'zh-CN': '节点恢复' },
      text: { en: 'Bring the node back.', 'zh-CN': '让节点恢复上线。' },
      action: {
        hint: { en: 'In the Actions panel, under Nodes, press “Bring up” next to {node}.', 'zh-CN': '在“操作”面板的“节点”中，点击 {node} 旁边的“恢复节点”。' },
        params: (v) => ({ node: volumeOf(v, 'www-web-1')?.node ?? 'node-2' }),
        command: (v) => ({ type: 'node', node: volumeOf(v, 'www-web-1')?.node ?? 'node-2', up: true }),
        done: (before, now) => nodeReady(now, volumeOf(before, 'www-web-1')?.node ?? 'node-2') === 'True',
      },
      until: (v) => setSettled(v, 'web', 3),
      question: {
        prompt: { en: 'Where does web-1 start?', 'zh-CN': 'web-1 在哪里启动？' },
        choices: [
          { id: 'same', label: { en: 'On the node that came back, where its volume is', 'zh-CN': '在恢复的那个节点上，也就是它的卷所在的地方' } },
          { id: 'other', label: { en: 'On another node', 'zh-CN': '在另一个节点上' } },
        ],
        decide: ({ after }) => {
          const node = nodeOf(after, 'web-1');
          if (!node) return undefined;
          return node === volumeOf(after, 'www-web-1')?.node ? 'same' : 'other';
        },
        expected: 'same',
        explain: {
          en: 'Same name, same claim, same volume, same node: web-1 is back with its data, and there was never more than one web-1.',
          'zh-CN': '同样的名字、同样的声明、同样的卷、同样的节点：web-1 带着它的数据回来了，而且自始至终最多只有一个 web-1。',
        },
      },
    },
  ],
};

export const COURSE_C: Lesson[] = [FAILED_ROLLOUT, PRIMARY_REPLICA, RECLAIM, NODE_FAILURE];

