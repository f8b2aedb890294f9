/** Bootstrap: URL parameters, restored work, the engine (worker or main thread), then the page. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { DEFAULT_EXAMPLE } from './examples/defaultExample.ts';
import { findExample } from './examples/index.ts';
import { pickLanguage } from './i18n/index.ts';
import { SimClient, YAML_STORAGE_KEY } from './sim/simClient.ts';
import { useAppStore } from './store/index.ts';
import * as persist from './store/persist.ts';
import { SPEEDS } from './views/panels/TimeBar.tsx';
import './styles.css';

async function boot() {
  const params = new URLSearchParams(location.search);
  const embed = params.get('embed') === '1';
  const example = findExample(params.get('example'));
  const requestedSpeed = Number(params.get('speed') ?? '1');
  const speed = SPEEDS.includes(requestedSpeed) ? requestedSpeed : Math.min(100, Math.max(0.25, Number.isFinite(requestedSpeed) ? requestedSpeed : 1));
  const storage = persist.storageAvailable();
  const savedYaml = storage ? persist.load(YAML_STORAGE_KEY) : undefined;
  const yaml = example?.yaml ?? savedYaml ?? DEFAULT_EXAMPLE;
  const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  useAppStore.setState({
    lang: pickLanguage(location.search, navigator.languages ?? [navigator.language]),
    embed,
    yaml,
    reducedMotion,
    speed,
  });
  globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').addEventListener?.('change', (e) => useAppStore.setState({ reducedMotion: e.matches }));
  if (!storage && !embed) useAppStore.getState().addNotice('app.storageBlocked');

  const root = createRoot(document.getElementById('root') as HTMLElement);
  const render = (sim: SimClient | undefined) =>
    root.render(
      <StrictMode>
        <App sim={sim} />
      </StrictMode>
    );
  render(undefined);
  const sim = await SimClient.start({ persist: storage });
  if (useAppStore.getState().fallback) useAppStore.getState().addNotice('app.engineFallback');
  const result = await sim.init(yaml, { restore: !example && !!savedYaml });
  if (result.restored) useAppStore.getState().addNotice('app.restored');
  sim.playback(params.get('autoplay') !== '0', speed);
  render(sim);
}

void boot();
