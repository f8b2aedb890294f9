// The demo course page: drives the first embedded playground from its buttons through the host API
// (embed.js) and shows what the playground reports. No inline script: the built page's CSP allows none.
const { StsPlayground } = globalThis;

const YAML = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
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
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
`;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const yamlBox = /** @type {HTMLTextAreaElement} */ ($('yaml'));
yamlBox.value = YAML;

const main = StsPlayground.attach(/** @type {HTMLIFrameElement} */ ($('pg-main')), { autoHeight: true });
const compare = StsPlayground.attach(/** @type {HTMLIFrameElement} */ ($('pg-compare')), { autoHeight: true });
void compare;

$('load').addEventListener('click', () => main.load(yamlBox.value));
$('run').addEventListener('click', () => main.kubectl(/** @type {HTMLInputElement} */ ($('command')).value));
$('play').addEventListener('click', () => main.play());
$('pause').addEventListener('click', () => main.pause());
$('step').addEventListener('click', () => main.step());
$('seek').addEventListener('click', () => main.seek(Number(/** @type {HTMLInputElement} */ ($('seek-time')).value) * 1000));
$('lesson').addEventListener('click', () => main.lesson('storage-survives'));
$('speed').addEventListener('change', (e) => main.speed(Number(/** @type {HTMLSelectElement} */ (e.target).value)));

const log = $('log');
function logLine(type, text) {
  const li = document.createElement('li');
  li.dataset.type = type;
  if (type === 'error') li.className = 'error';
  li.textContent = `${type}  ${text}`;
  log.append(li);
  while (log.children.length > 200) log.firstElementChild?.remove();
  log.scrollTop = log.scrollHeight;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} 秒`;
main.on('ready', () => logLine('ready', '练习区已就绪'));
main.on('state', (m) => {
  $('time').textContent = seconds(m.time);
  const rows = m.pods.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.pod = p.name;
    for (const cell of [p.name, p.phase, p.ready ? '是' : '否', p.revision]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    return tr;
  });
  $('pods').replaceChildren(...rows);
  $('claims').textContent = m.claims.length ? m.claims.map((c) => `${c.name}（${c.phase}）`).join('，') : '无';
  logLine('state', `${seconds(m.time)}：${m.pods.map((p) => `${p.name} ${p.phase}${p.ready ? ' ✓' : ''}`).join('，') || '没有 Pod'}`);
});
main.on('event', (m) => logLine('event', `${m.object} ${m.reason}：${m.message}`));
main.on('kubectl-result', (m) => {
  $('kubectl-out').textContent = `$ ${m.command}\n${m.stdout}${m.stderr}${m.code ? `（退出码 ${m.code}）` : ''}`;
  logLine('kubectl-result', `${m.command} → 退出码 ${m.code}`);
});
main.on('lesson-step', (m) => logLine('lesson-step', `${m.id} 第 ${m.step + 1} 步`));
main.on('error', (m) => logLine('error', m.message));
main.on('size', (m) => logLine('size', `${m.height}px`));
