import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createCluster, type Cluster, type K8sObject } from '../engine/index.ts';
import { en, pickLanguage, zhCN, type Lang } from './i18n.ts';
import { DEFAULT_EXAMPLE } from './defaultExample.ts';

type PodView = { name: string; phase: string; ready: string; node: string; ip: string };

function view(cluster: Cluster) {
  const pods: PodView[] = cluster.list('pods').map((p: K8sObject) => {
    const spec = p['spec'] as { nodeName?: string };
    const status = p['status'] as { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
    return {
      name: p.metadata.name,
      phase: p.metadata.deletionTimestamp ? 'Terminating' : (status.phase ?? ''),
      ready: status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? 'true' : 'false',
      node: spec.nodeName ?? '',
      ip: status.podIP ?? '',
    };
  });
  const claims = cluster.list('pvc').map((c) => ({
    name: c.metadata.name,
    phase: (c['status'] as { phase?: string }).phase ?? '',
    volume: (c['spec'] as { volumeName?: string }).volumeName ?? '',
  }));
  const dns = pods.map((p) => {
    const fqdn = `${p.name}.nginx.default.svc.cluster.local`;
    const answer = cluster.resolve(fqdn);
    return { fqdn, ip: answer.records[0]?.data ?? '' };
  });
  const events = cluster.events().slice(-8).reverse();
  return { pods, claims, dns, events, now: cluster.now() };
}

function App() {
  const [lang, setLang] = useState<Lang>(() => pickLanguage(location.search, navigator.language));
  const t = lang === 'zh-CN' ? zhCN : en;
  const cluster = useMemo(() => {
    const c = createCluster();
    c.apply(DEFAULT_EXAMPLE);
    return c;
  }, []);
  const [snap, setSnap] = useState(() => view(cluster));
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    // ?speed= multiplies virtual time (0.25–100); the default 1× shows real timing.
    const requested = Number(new URLSearchParams(location.search).get('speed') ?? '1');
    const speed = Number.isFinite(requested) ? Math.min(100, Math.max(0.25, requested)) : 1;
    let last = performance.now();
    const id = setInterval(() => {
      const now = performance.now();
      cluster.advance((now - last) * speed);
      last = now;
      setSnap(view(cluster));
    }, 250);
    return () => clearInterval(id);
  }, [cluster]);
  return (
    <main style={{ fontFamily: 'system-ui, "WenQuanYi Micro Hei", sans-serif', padding: 24, maxWidth: 960 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h1>{t.title}</h1>
        <button type="button" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t.language}
        </button>
      </header>
      <p>{t.subtitle}</p>
      <p>
        {t.time}: <output>{(snap.now / 1000).toFixed(1)} s</output>
      </p>
      <h2>{t.pods}</h2>
      <table>
        <thead>
          <tr>
            <th>{t.name}</th>
            <th>{t.phase}</th>
            <th>{t.ready}</th>
            <th>{t.node}</th>
            <th>{t.ip}</th>
          </tr>
        </thead>
        <tbody>
          {snap.pods.map((p) => (
            <tr key={p.name} data-pod={p.name} data-phase={p.phase} data-ready={p.ready} data-node={p.node}>
              <td>{p.name}</td>
              <td>{p.phase}</td>
              <td>{p.ready}</td>
              <td>{p.node}</td>
              <td>{p.ip}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.claims}</h2>
      <table>
        <tbody>
          {snap.claims.map((c) => (
            <tr key={c.name} data-pvc={c.name} data-phase={c.phase} data-bound-to={c.volume}>
              <td>{c.name}</td>
              <td>{c.phase}</td>
              <td>{c.volume}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.dns}</h2>
      <table>
        <tbody>
          {snap.dns.map((d) => (
            <tr key={d.fqdn} data-dns={d.fqdn} data-ip={d.ip}>
              <td>{d.fqdn}</td>
              <td>{d.ip || t.nxdomain}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.events}</h2>
      <ul aria-live="polite">
        {snap.events.map((e) => (
          <li key={e.metadata.name}>
            {e.involvedObject.kind}/{e.involvedObject.name} {e.reason}: {e.message}
          </li>
        ))}
      </ul>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  );
}
