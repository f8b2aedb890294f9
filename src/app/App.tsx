/** The page: editor, time controls, diagram, actions and explanations. */
import { useEffect, useState } from 'react';
import { EXAMPLES, findExample } from './examples/index.ts';
import type { Lang } from './i18n/index.ts';
import { useT } from './i18n/useT.ts';
import { Caption, ExportButtons, PresentButton, PresenterBar } from './present/PresentControls.tsx';
import { usePresent } from './present/presentStore.ts';
import { SimContext } from './sim/context.ts';
import type { SimClient } from './sim/simClient.ts';
import { useAppStore } from './store/index.ts';
import { selectEmbed, selectLang, selectView } from './store/selectors.ts';
import { DiagramView } from './views/diagram/DiagramView.tsx';
import { EditorPane } from './views/EditorPane.tsx';
import { ErrorBoundary } from './views/ErrorBoundary.tsx';
import { Notices } from './views/Notices.tsx';
import { ActionsPanel } from './views/panels/ActionsPanel.tsx';
import { InfoPanels } from './views/panels/InfoPanels.tsx';
import { TimeBar } from './views/panels/TimeBar.tsx';
import { Timeline } from './views/panels/Timeline.tsx';

function LiveRegion() {
  const t = useT();
  const last = useAppStore((s) => s.view?.events.at(-1));
  const [text, setText] = useState('');
  useEffect(() => {
    // Throttled: screen readers hear at most one event a second.
    const id = setTimeout(() => setText(last ? `${last.object}: ${last.reason} — ${last.message}` : ''), 1000);
    return () => clearTimeout(id);
  }, [last]);
  return (
    <div className="sr-only" aria-live="polite" aria-label={t('a11y.announce')}>
      {text}
    </div>
  );
}

function Header({ sim }: { sim: SimClient | undefined }) {
  const t = useT();
  // The menu starts at the example the editor holds (after ?example= or a reload), else at "—".
  const [chosen, setChosen] = useState(() => EXAMPLES.find((ex) => ex.yaml === useAppStore.getState().yaml)?.id ?? '');
  const lang = useAppStore(selectLang);
  const setLang = useAppStore((s) => s.setLang);
  const setYaml = useAppStore((s) => s.setYaml);
  const embed = useAppStore(selectEmbed);
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      {!embed ? <p className="tagline">{t('app.tagline')}</p> : null}
      <div className="header-controls">
        {!embed ? (
          <label>
            {t('app.examples')}{' '}
            <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">—</option>
              {EXAMPLES.map((ex) => (
                <option key={ex.id} value={ex.id}>
                  {t(ex.title)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {!embed ? (
          <button
            type="button"
            disabled={!chosen}
            onClick={() => {
              const example = findExample(chosen);
              if (!example) return;
              if (useAppStore.getState().yaml !== example.yaml && !globalThis.confirm(t('example.loadConfirm'))) return;
              setYaml(example.yaml);
              // An example is a fresh lesson: a new cluster with only its objects.
              void sim?.reset(example.yaml);
            }}
          >
            {t('app.loadExample')}
          </button>
        ) : null}
        <PresentButton />
        <ExportButtons />
        <label>
          {t('app.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
      </div>
    </header>
  );
}

export function App({ sim }: { sim: SimClient | undefined }) {
  const t = useT();
  const embed = useAppStore(selectEmbed);
  const view = useAppStore(selectView);
  const controls = useAppStore((s) => s.controls);
  const lang = useAppStore(selectLang);
  const presenting = usePresent((s) => s.presenting);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  return (
    <SimContext.Provider value={sim}>
      <a className="skip" href="#diagram">
        {t('a11y.skip')}
      </a>
      <Header sim={sim} />
      <Notices />
      <main className={embed ? 'layout embed' : 'layout'}>
        {!embed ? <EditorPane /> : null}
        <section className="stage" aria-label={t('diagram.title', { ready: view?.pods.filter((p) => p.ready).length ?? 0, total: view?.pods.length ?? 0 })}>
          <ErrorBoundary scope="part">
            {presenting ? <PresenterBar /> : null}
            <TimeBar />
            <DiagramView />
            {presenting ? <Caption /> : null}
            <Timeline />
            <div className="below">
              {!embed || controls === 'full' ? <ActionsPanel /> : null}
              <InfoPanels />
            </div>
          </ErrorBoundary>
        </section>
      </main>
      <LiveRegion />
    </SimContext.Provider>
  );
}
