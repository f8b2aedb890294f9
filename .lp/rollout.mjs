import { runnerImport } from 'vite';
const root = '/work/main/src/engine/';
const { module } = await runnerImport(root + 'index.ts', { configFile: false, logLevel: 'error' });
const { module: fx } = await runnerImport(root + 'test/fixtures.ts', { configFile: false, logLevel: 'error' });
const runs = Number(process.argv[2] ?? 3);
const n = Number(process.argv[3] ?? 1000);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const create = [], roll = [];
for (let i = 0; i < runs; i++) {
  let c0 = cpu();
  const c = module.createCluster({ nodes: 10, seed: 7 });
  c.apply(`${fx.NGINX_SERVICE}---\n${fx.webYaml({ replicas: n, policy: 'Parallel' })}`);
  c.settle(3_600_000);
  create.push(cpu() - c0);
  c0 = cpu();
  c.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
  c.settle(3_600_000);
  roll.push(cpu() - c0);
  const st = c.get('sts', 'web').status;
  console.log(`run ${i}: create ${Math.round(create.at(-1))} ms, rollout ${Math.round(roll.at(-1))} ms, updated ${st.updatedReplicas}/${st.readyReplicas}`);
}
console.log(`median CPU: create ${Math.round(med(create))} ms, rollout ${Math.round(med(roll))} ms, ratio ${(med(roll) / med(create)).toFixed(2)}x`);
