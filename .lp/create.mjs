import { runnerImport } from 'vite';
const root = '/work/main/src/engine/';
const { module } = await runnerImport(root + 'index.ts', { configFile: false, logLevel: 'error' });
const { module: fx } = await runnerImport(root + 'test/fixtures.ts', { configFile: false, logLevel: 'error' });
const runs = Number(process.argv[2] ?? 5);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < runs; i++) {
  const t0 = performance.now(); const c0 = cpu();
  const c = module.createCluster({ nodes: 10, seed: 7 });
  c.apply(`${fx.NGINX_SERVICE}---\n${fx.webYaml({ replicas: 1000, policy: 'Parallel' })}`);
  const v = c.settle(3_600_000);
  console.log('wall', Math.round(performance.now() - t0), 'cpu', Math.round(cpu() - c0), 'virtual', v, 'events', c.events().length);
}
