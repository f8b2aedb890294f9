/** Lessons 4–6: the storage chain, data that outlives pods, canary and phased rollouts. */
import { claim, elapsed, newPods, pod, recreatedAndUp, setSettled, volumeOf } from './checks.ts';
import { fresh, k, podsAtTag, probeText, quietFor, tagOf, webYaml } from './common.ts';
import type { Lesson } from './types.ts';

const CLAIM_YAML = `# A claim on its own, asking the default StorageClass for 1Gi.
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-demo
spec:
  accessModes: [ "ReadWriteOnce" ]
  resources:
    requests:
      storage: 1Gi
`;

const READER_YAML = `# A pod that mounts data-demo: its first consumer.
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: app
    image: busybox:1.28
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data-demo
`;

const STORAGE_CHAIN: Lesson = {
  id: 'storage-chain',
  number: 4,
  title: { en: 'volumeClaimTemplates → PVC → PV → StorageClass', 'zh-CN': '从 volumeClaimTemplates 到 PVC、PV 和 StorageClass' },
  summary: {
    en: 'Follow storage from the template to the disk, and see why WaitForFirstConsumer waits for a pod.',
    'zh-CN': '从模板一路追到磁盘，看看 WaitForFirstConsumer 为什么要等一个 Pod。',
  },
  steps: [
    {
      id: 'lone-claim',
      title: { en: 'A claim with no pod', 'zh-CN': '没有 Pod 的持久卷声明' },
      text: {
        en: 'On a fresh cluster, create the claim data-demo and look at the default StorageClass standard: provisioner rancher.io/local-path, reclaim policy Delete, volumeBindingMode WaitForFirstConsumer.',
        'zh-CN': '在新集群上创建持久卷声明 data-demo，并查看默认存储类 standard：供应者 rancher.io/local-path，回收策略 Delete，卷绑定模式 WaitForFirstConsumer。',
      },
      commands: [fresh(CLAIM_YAML, 'claim.yaml'), k('get storageclass')],
      until: (v, before) => !!claim(v, 'data-demo') && elapsed(before, v) >= 15_000,
      probe: ['get pvc data-demo'],
      question: {
        prompt: { en: 'No pod uses data-demo yet. Will it bind?', 'zh-CN': '还没有 Pod 使用 data-demo。它会被绑定吗？' },
        choices: [
          { id: 'bound', label: { en: 'Yes, within seconds', 'zh-CN': '会，几秒钟之内' } },
          { id: 'pending', label: { en: 'No: it stays Pending until a pod using it is scheduled', 'zh-CN': '不会：它一直是 Pending，直到有使用它的 Pod 被调度' } },
        ],
        decide: ({ after }) => {
          const phase = claim(after, 'data-demo')?.phase;
          return phase === 'Bound' ? 'bound' : phase === 'Pending' ? 'pending' : undefined;
        },
        expected: 'pending',
        explain: {
          en: 'WaitForFirstConsumer delays provisioning until the scheduler has picked a node for a pod that uses the claim, so the volume is made where the pod will run.',
          'zh-CN': 'WaitForFirstConsumer 会推迟供应，直到调度器为使用该声明的 Pod 选好节点，这样卷就会创建在 Pod 将要运行的地方。',
        },
      },
    },
    {
      id: 'first-consumer',
      title: { en: 'The first consumer', 'zh-CN': '第一个使用者' },
      text: { en: 'Create a pod reader that mounts data-demo.', 'zh-CN': '创建一个挂载 data-demo 的 Pod reader。' },
      commands: [{ kind: 'apply', file: 'reader.yaml', yaml: READER_YAML }],
      until: (v) => !!pod(v, 'reader')?.ready && claim(v, 'data-demo')?.phase === 'Bound',
      probe: ['get pvc,pv'],
      question: {
        prompt: { en: 'On which node is the new volume?', 'zh-CN': '新的卷在哪个节点上？' },
        choices: [
          { id: 'pod', label: { en: 'The node the scheduler picked for reader', 'zh-CN': '调度器为 reader 选定的那个节点' } },
          { id: 'other', label: { en: 'Any node; reader is then moved to it', 'zh-CN': '任意节点；之后再把 reader 挪过去' } },
        ],
        decide: ({ after }) => {
          const volumeNode = volumeOf(after, 'data-demo')?.node;
          const podNode = pod(after, 'reader')?.node;
          if (!volumeNode || !podNode) return undefined;
          return volumeNode === podNode ? 'pod' : 'other';
        },
        expected: 'pod',
        explain: {
          en: 'The scheduler chose a node first and wrote it on the claim (volume.kubernetes.io/selected-node); the local-path provisioner made the volume there, with node affinity to that node.',
          'zh-CN': '调度器先选定节点，并把它写到声明上（volume.kubernetes.io/selected-node）；local-path 供应者在那个节点上创建卷，并让卷带上指向该节点的节点亲和性。',
        },
      },
    },
    {
      id: 'templates',
      title: { en: 'Claims from a template', 'zh-CN': '由模板生成的声明' },
      text: {
        en: 'web.yaml’s volumeClaimTemplates has one template, www. The StatefulSet makes a claim from it for each pod, just before the pod.',
        'zh-CN': 'web.yaml 的 volumeClaimTemplates 里有一个模板 www。StatefulSet 会在创建每个 Pod 之前，用它为该 Pod 生成一个持久卷声明。',
      },
      commands: [{ kind: 'apply', file: 'web.yaml', yaml: webYaml(2) }],
      until: (v) => setSettled(v, 'web', 2),
      probe: ['get pvc -l app=nginx'],
      question: {
        prompt: { en: 'What is web-1’s claim called?', 'zh-CN': 'web-1 的持久卷声明叫什么？' },
        choices: [
          { id: 'www-web-1', label: { en: 'www-web-1', 'zh-CN': 'www-web-1' } },
          { id: 'web-1-www', label: { en: 'web-1-www', 'zh-CN': 'web-1-www' } },
          { id: 'www', label: { en: 'www, shared by both pods', 'zh-CN': 'www，两个 Pod 共用' } },
        ],
        decide: ({ after }) => pod(after, 'web-1')?.claims[0],
        expected: 'www-web-1',
        explain: {
          en: '<template name>-<StatefulSet name>-<ordinal>: www-web-1. The name is how a recreated web-1 finds the same claim again.',
          'zh-CN': '<模板名>-<StatefulSet 名>-<序号>：www-web-1。重建后的 web-1 正是靠这个名字找回同一个声明。',
        },
      },
    },
    {
      id: 'chain',
      title: { en: 'Follow the chain', 'zh-CN': '顺着链条看' },
      text: {
        en: 'Claim www-web-0 is Bound to a PersistentVolume that the provisioner of class standard made for it.',
        'zh-CN': '持久卷声明 www-web-0 已绑定到一个持久卷（PV），这个卷是存储类 standard 的供应者专门为它创建的。',
      },
      commands: [k('get pvc www-web-0'), k('get pv'), k('get storageclass standard')],
      question: {
        prompt: { en: 'The volume is named pvc-<uid>. Whose uid?', 'zh-CN': '这个卷叫 pvc-<uid>。这是谁的 uid？' },
        choices: [
          { id: 'claim', label: { en: 'The claim’s', 'zh-CN': '声明（PVC）的' } },
          { id: 'pod', label: { en: 'The pod’s', 'zh-CN': 'Pod 的' } },
          { id: 'random', label: { en: 'A new random one', 'zh-CN': '新生成的随机值' } },
        ],
        decide: ({ after }) => {
          const c = claim(after, 'www-web-0');
          const volume = c?.volume;
          if (!c || !volume) return undefined;
          if (volume === `pvc-${c.uid}`) return 'claim';
          return volume === `pvc-${pod(after, 'web-0')?.uid ?? ''}` ? 'pod' : 'random';
        },
        expected: 'claim',
        explain: {
          en: 'Dynamic provisioning names the PV after the claim’s uid. Template www → claim www-web-0 → PV pvc-<claim uid> → StorageClass standard → provisioner rancher.io/local-path.',
          'zh-CN': '动态供应用声明的 uid 给 PV 命名。模板 www → 声明 www-web-0 → 持久卷 pvc-<声明 uid> → 存储类 standard → 供应者 rancher.io/local-path。',
        },
      },
    },
  ],
};

const PAGE = '/usr/share/nginx/html/index.html';
const READ_PAGE = `exec web-0 -- cat ${PAGE}`;
const READ_NOTE = 'exec web-0 -- cat /tmp/note';

const STORAGE_SURVIVES: Lesson = {
  id: 'storage-survives',
  number: 5,
  title: { en: 'Storage survives pod deletion', 'zh-CN': '存储在 Pod 删除后依然保留' },
  summary: {
    en: 'Write a file on the volume and one beside it, delete the pod, read them back.',
    'zh-CN': '在卷上写一个文件，再在卷外写一个，删除 Pod，然后把它们读回来。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Two replicas', 'zh-CN': '两个副本' },
      text: { en: 'Start web with 2 replicas; each pod mounts its claim at /usr/share/nginx/html.', 'zh-CN': '启动 2 个副本的 web；每个 Pod 都把自己的持久卷声明挂载到 /usr/share/nginx/html。' },
      commands: [fresh(webYaml(2))],
      until: (v) => setSettled(v, 'web', 2),
    },
    {
      id: 'write',
      title: { en: 'Write two files', 'zh-CN': '写两个文件' },
      text: {
        en: 'index.html goes on the volume; /tmp/note goes on the container’s own writable layer. nginx serves index.html.',
        'zh-CN': 'index.html 写在卷上；/tmp/note 写在容器自己的可写层里。nginx 会返回 index.html 的内容。',
      },
      commands: [
        k(`exec web-0 -- sh -c 'echo "hello from $(hostname)" > ${PAGE}'`),
        k(`exec web-0 -- sh -c 'echo scratch > /tmp/note'`),
        k('exec web-0 -- curl http://localhost/'),
      ],
      facts: [{ says: 'nginx serves the page', holds: ({ output }) => output.includes('hello from web-0') }],
    },
    {
      id: 'delete',
      title: { en: 'Delete web-0', 'zh-CN': '删除 web-0' },
      text: { en: 'Delete the pod and wait for the StatefulSet to bring web-0 back.', 'zh-CN': '删除这个 Pod，等待 StatefulSet 把 web-0 重新创建出来。' },
      commands: [k('delete pod web-0')],
      until: (v, before) => recreatedAndUp(before, v, 'web-0'),
      probe: [READ_PAGE],
      question: {
        prompt: { en: 'Will index.html still be there?', 'zh-CN': 'index.html 还在吗？' },
        choices: [
          { id: 'yes', label: { en: 'Yes, with “hello from web-0”', 'zh-CN': '在，内容还是“hello from web-0”' } },
          { id: 'no', label: { en: 'No, the new pod starts empty', 'zh-CN': '不在，新 Pod 是空的' } },
        ],
        decide: (obs) => (probeText(obs, READ_PAGE).includes('hello from web-0') ? 'yes' : 'no'),
        expected: 'yes',
        explain: {
          en: 'The new web-0 mounted the same claim www-web-0, bound to the same volume: the file was on that disk, not in the pod.',
          'zh-CN': '新的 web-0 挂载的是同一个持久卷声明 www-web-0，绑定的是同一个卷：文件存在那块磁盘上，而不是在 Pod 里。',
        },
      },
    },
    {
      id: 'scratch',
      title: { en: 'And the other file?', 'zh-CN': '另一个文件呢？' },
      text: { en: 'Now read /tmp/note in the new web-0.', 'zh-CN': '现在在新的 web-0 里读取 /tmp/note。' },
      probe: [READ_NOTE],
      question: {
        prompt: { en: 'Will /tmp/note still be there?', 'zh-CN': '/tmp/note 还在吗？' },
        choices: [
          { id: 'yes', label: { en: 'Yes', 'zh-CN': '在' } },
          { id: 'no', label: { en: 'No', 'zh-CN': '不在' } },
        ],
        decide: (obs) => (probeText(obs, READ_NOTE).includes('scratch') ? 'yes' : 'no'),
        expected: 'no',
        explain: {
          en: 'Only what is on a volume outlives the container. /tmp lived in the old container’s writable layer, gone with it.',
          'zh-CN': '只有写在卷上的内容才能比容器活得更久。/tmp 位于旧容器的可写层，随容器一起消失了。',
        },
      },
    },
    {
      id: 'scale-zero',
      title: { en: 'No pods at all', 'zh-CN': '一个 Pod 都不剩' },
      text: { en: 'Scale web to 0.', 'zh-CN': '把 web 缩容到 0。' },
      commands: [k('scale statefulset web --replicas=0')],
      until: (v) => setSettled(v, 'web', 0),
      probe: ['get pvc'],
      question: {
        prompt: { en: 'With no pods, what happens to www-web-0?', 'zh-CN': '没有 Pod 了，www-web-0 会怎样？' },
        choices: [
          { id: 'kept', label: { en: 'It stays Bound, waiting for web-0', 'zh-CN': '保持 Bound，等着 web-0 回来' } },
          { id: 'deleted', label: { en: 'It is deleted with the last pod', 'zh-CN': '随最后一个 Pod 一起被删除' } },
        ],
        decide: ({ after }) => (claim(after, 'www-web-0')?.phase === 'Bound' ? 'kept' : 'deleted'),
        expected: 'kept',
        explain: {
          en: 'The claims belong to the StatefulSet’s identities, not to the pods: scale back to 2 and web-0 serves “hello from web-0” again.',
          'zh-CN': '持久卷声明属于 StatefulSet 的各个身份，而不是某个 Pod：再扩容到 2，web-0 又会返回“hello from web-0”。',
        },
      },
    },
    {
      id: 'scale-back',
      title: { en: 'Back to two', 'zh-CN': '恢复两个副本' },
      text: { en: 'Scale to 2 and read the page once web-0 is Ready.', 'zh-CN': '扩容到 2，等 web-0 就绪后读取页面。' },
      commands: [k('scale statefulset web --replicas=2')],
      until: (v) => setSettled(v, 'web', 2),
      probe: ['exec web-0 -- curl http://localhost/'],
      facts: [{ says: 'the page is still there', holds: ({ output }) => /hello from web-0\s*$/.test(output) }],
    },
  ],
};

const OLD = '0.24';
const NEW = '0.27';
const partition = (n: number) => k(`patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":${n}}}}}'`);

const CANARY: Lesson = {
  id: 'canary-partition',
  number: 6,
  title: { en: 'Canary and phased rollout with partition', 'zh-CN': '用 partition 做金丝雀发布和分阶段发布' },
  summary: {
    en: 'Update only the pods with ordinal ≥ partition, test the canary, then lower the partition step by step.',
    'zh-CN': '只更新序号 ≥ partition 的 Pod，先验证金丝雀，再一步步降低分区值。',
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Three replicas on 0.24', 'zh-CN': '三个运行 0.24 的副本' },
      text: { en: 'Start web with 3 replicas of nginx-slim:0.24.', 'zh-CN': '启动 3 个运行 nginx-slim:0.24 的 web 副本。' },
      commands: [fresh(webYaml(3))],
      until: (v) => setSettled(v, 'web', 3),
    },
    {
      id: 'canary',
      title: { en: 'Partition 2, then a new image', 'zh-CN': '先设分区为 2，再换新镜像' },
      text: {
        en: 'Set rollingUpdate.partition to 2 and change the image to nginx-slim:0.27.',
        'zh-CN': '把 rollingUpdate.partition 设为 2，然后把镜像改成 nginx-slim:0.27。',
      },
      commands: [partition(2), k(`set image statefulset/web nginx=registry.k8s.io/nginx-slim:${NEW}`)],
      until: (v, before) => recreatedAndUp(before, v, 'web-2') && tagOf(pod(v, 'web-2')) === NEW && setSettled(v, 'web', 3),
      probe: ['get pods -l app=nginx -L controller-revision-hash'],
      question: {
        prompt: { en: 'Which pods get the new image?', 'zh-CN': '哪些 Pod 会换成新镜像？' },
        choices: [
          { id: 'web-2', label: { en: 'Only web-2', 'zh-CN': '只有 web-2' } },
          { id: 'all', label: { en: 'All three, web-2 first', 'zh-CN': '全部三个，从 web-2 开始' } },
          { id: 'none', label: { en: 'None until the partition is 0', 'zh-CN': '在分区变为 0 之前一个都不换' } },
        ],
        decide: ({ after, history }) => {
          if (!quietFor(history, 15_000)) return undefined;
          const updated = podsAtTag(after, NEW);
          if (updated.length === 0) return 'none';
          return updated.length === 1 && updated[0] === 'web-2' ? 'web-2' : 'all';
        },
        expected: 'web-2',
        explain: {
          en: 'Pods with ordinal ≥ partition get the update revision; web-0 and web-1 stay on the current one. web-2 is your canary: test it before going on.',
          'zh-CN': '序号 ≥ partition 的 Pod 会更新到新修订版本；web-0 和 web-1 保持当前版本。web-2 就是金丝雀：继续之前先验证它。',
        },
      },
    },
    {
      id: 'below',
      title: { en: 'Delete a pod below the partition', 'zh-CN': '删除分区以下的 Pod' },
      text: { en: 'Delete web-1 (ordinal 1 < 2).', 'zh-CN': '删除 web-1（序号 1 < 2）。' },
      commands: [k('delete pod web-1')],
      until: (v, before) => recreatedAndUp(before, v, 'web-1'),
      question: {
        prompt: { en: 'Which image does web-1 come back with?', 'zh-CN': 'web-1 重建后用的是哪个镜像？' },
        choices: [
          { id: 'old', label: { en: 'The old one, 0.24', 'zh-CN': '旧的 0.24' } },
          { id: 'new', label: { en: 'The new one, 0.27', 'zh-CN': '新的 0.27' } },
        ],
        decide: ({ after }) => {
          const tag = tagOf(pod(after, 'web-1'));
          return tag === OLD ? 'old' : tag === NEW ? 'new' : undefined;
        },
        expected: 'old',
        explain: {
          en: 'A pod recreated below the partition is built from the current revision: deleting pods does not sneak the update past the partition.',
          'zh-CN': '分区以下被重建的 Pod 会使用当前修订版本：删除 Pod 并不能让更新绕过分区。',
        },
      },
    },
    {
      id: 'phased',
      title: { en: 'Roll out the rest: partition 0', 'zh-CN': '发布其余部分：分区设为 0' },
      text: { en: 'The canary looks good: lower the partition to 0.', 'zh-CN': '金丝雀运行良好：把分区降到 0。' },
      commands: [partition(0)],
      until: (v) => setSettled(v, 'web', 3) && podsAtTag(v, NEW).length === 3,
      question: {
        prompt: { en: 'In which order are web-1 and web-0 updated?', 'zh-CN': 'web-1 和 web-0 按什么顺序更新？' },
        choices: [
          { id: 'web-1', label: { en: 'web-1, then web-0', 'zh-CN': '先 web-1，再 web-0' } },
          { id: 'web-0', label: { en: 'web-0, then web-1', 'zh-CN': '先 web-0，再 web-1' } },
          { id: 'together', label: { en: 'Both at once', 'zh-CN': '两个同时' } },
        ],
        decide: ({ before, after }) => {
          // Creation times, not the moments the page happened to see: right at any speed.
          const [first, second] = newPods(before, after).filter((p) => p.set === 'web' && p.ordinal < 2 && tagOf(p) === NEW);
          if (!first || !second) return undefined;
          return first.created === second.created ? 'together' : first.name;
        },
        expected: 'web-1',
        explain: {
          en: 'A rolling update goes from the highest ordinal down, one pod at a time, each after the one before is Running and Ready.',
          'zh-CN': '滚动更新从最大的序号开始往下，一次一个 Pod，每个都等前一个运行并就绪。',
        },
      },
    },
    {
      id: 'status',
      title: { en: 'Check the rollout', 'zh-CN': '检查发布状态' },
      text: {
        en: 'kubectl rollout status reports a partitioned roll out as complete once every pod at or above the partition is updated.',
        'zh-CN': '当分区及以上的所有 Pod 都已更新时，kubectl rollout status 会报告分区发布已完成。',
      },
      commands: [k('rollout status statefulset/web'), k('rollout history statefulset/web')],
      facts: [{ says: 'the rollout is complete', holds: ({ output }) => output.includes('partitioned roll out complete: 3 new pods have been updated') }],
    },
  ],
};

export const COURSE_B: Lesson[] = [STORAGE_CHAIN, STORAGE_SURVIVES, CANARY];

