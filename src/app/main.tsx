/** Bootstrap: URL parameters, restored work, the engine (worker or main thread), then the page. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { DEFAULT_EXAMPLE } from './examples/defaultExample.ts';
import { pickLanguage } from './i18n/index.ts';
import { readShareLink } from './share/boot.ts';
import { SimClient, YAML_STORAGE_KEY } from './sim/simClient.ts';
import { useAppStore } from './store/index.ts';
import * as persist from './store/persist.ts';
import { readUrlParams } from './store/urlParams.ts';
import { findExample } from './examples/index.ts';
import { SPEEDS } from './views/panels/TimeBar.tsx';
import { ErrorBoundary, saveDraftNow } from './views/ErrorBoundary.tsx';
import { openLessonFromUrl } from './views/panels/lessons/lessonUrl.ts';
import { TAB_IDS } from './views/panels/InfoPanels.tsx';
import { isLessonId } from './lessons/ids.ts';
import { installHostBridge } from './embed/hostBridge.ts';
import './styles.css';

const DRAFT_KEY = persist.KEYS.draft;

/** Alt+P plays or pauses, Alt+N steps: for classroom demos, from anywhere on the page. */
function installShortcuts(): void {
  window.addEventListener('keydown', (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const sim = currentSim;
    if (!sim) return;
    const { playing, speed } = useAppStore.getState();
    if (event.code === 'KeyP') {
      event.preventDefault();
      sim.playback(!playing, speed);
    } else if (event.code === 'KeyN' && !playing) {
      event.preventDefault();
      void sim.step();
    }
  });
}

let currentSim: SimClient | undefined;

async function boot() {
  // A share link (#s=…) replays its session; a broken one opens the default example with a notice.
  const shared = await readShareLink();
  // Checked: a value the page cannot use is reported, and the controls show what runs instead.
  const offered = { speeds: SPEEDS, hasExample: (id: string) => !!findExample(id), tabs: TAB_IDS, hasLesson: (id: string) => isLessonId(id) };
  const { embed, example: exampleId, speed, autoplay, problems, controls, panels, autoHeight, origins } = readUrlParams(location.search, offered);
  const example = shared ? undefined : findExample(exampleId);
  // An embed keeps its work apart from the full page's, one place per lesson or example.
  if (embed) persist.setScope(`embed:${new URLSearchParams(location.search).get('lesson') ?? exampleId ?? 'default'}`);
  const storage = persist.storageAvailable();
  const savedYaml = storage ? persist.load(YAML_STORAGE_KEY) : undefined;
  // What the user typed but did not apply yet is kept too: nothing typed is lost on reload.
  const draft = storage ? persist.load(DRAFT_KEY) : undefined;
  const yaml = shared ? (shared.ok ? shared.record.yaml : DEFAULT_EXAMPLE) : (example?.yaml ?? savedYaml ?? DEFAULT_EXAMPLE);
  const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  useAppStore.setState({
    lang: (shared?.ok ? shared.lang : undefined) ?? pickLanguage(location.search, navigator.languages ?? [navigator.language]),
    embed,
    yaml: shared?.ok ? shared.editorYaml : example || shared ? yaml : (draft ?? yaml),
    reducedMotion,
    speed,
    ...(embed ? { controls, panels } : {}),
  });
  openLessonFromUrl(location.search);
  if (storage) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    useAppStore.subscribe((state, prev) => {
      if (state.yaml === prev.yaml) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        // The draft is saved on its own, before anything larger: a full storage is said, never silent.
        const outcome = persist.trySave(DRAFT_KEY, useAppStore.getState().yaml);
        if (outcome === 'quota') useAppStore.getState().addNotice('app.yamlSaveFailed');
        else if (outcome === 'ok') useAppStore.getState().dismissNotice('app.yamlSaveFailed');
      }, 400);
    });
  }
  installShortcuts();
  globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').addEventListener?.('change', (e) => useAppStore.setState({ reducedMotion: e.matches }));
  if (!storage && !embed) useAppStore.getState().addNotice('app.storageBlocked');
  for (const p of problems) useAppStore.getState().addNotice(`url.${p.param}`, { value: p.value, used: p.used ?? '' });
  // Leaving (or a tab the browser discards) saves the draft without waiting for the pause in typing.
  if (storage) window.addEventListener('pagehide', saveDraftNow);

  const root = createRoot(document.getElementById('root') as HTMLElement);
  const render = (sim: SimClient | undefined) =>
    root.render(
      <StrictMode>
        <ErrorBoundary scope="page">
          <App sim={sim} />
        </ErrorBoundary>
      </StrictMode>
    );
  render(undefined);
  const sim = await SimClient.start({ persist: storage });
  currentSim = sim;
  if (useAppStore.getState().fallback) useAppStore.getState().addNotice('app.engineFallback');
  const result = await sim.init(yaml, shared?.ok ? { restore: false, session: { record: shared.record, cursor: shared.cursor } } : { restore: !example && !shared && !!savedYaml });
  if (result.restored) useAppStore.getState().addNotice('app.restored');
  if (shared?.ok && result.message !== 'replayed') useAppStore.getState().addNotice('share.malformed');
  // A shared moment opens paused, exactly as it was sent.
  sim.playback(!shared?.ok && autoplay, speed);
  if (embed) installHostBridge({ sim, origins, speeds: SPEEDS, autoHeight });
  render(sim);
}

void boot();
