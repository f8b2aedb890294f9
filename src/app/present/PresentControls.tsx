/**
 * Presenter mode's controls (the header button, the bar over the diagram, the caption) and the two
 * export buttons. The picture itself scales in DiagramView; the page's chrome is hidden by styles.css.
 */
import { useEffect, useState } from 'react';
import type { ClusterView } from '../../worker/viewModel.ts';
import { useT } from '../i18n/useT.ts';
import { useAppStore } from '../store/index.ts';
import { buildSvg, download, svgToPng } from './exportDiagram.ts';
import { usePresent } from './presentStore.ts';

type T = ReturnType<typeof useT>;

/** Virtual time as m:ss (h:mm:ss past an hour), as the time bar shows it. */
export function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
}

/** The caption under an exported picture: the moment and what the cluster holds then. */
export function exportCaption(t: T, view: ClusterView): string {
  const summary = t('export.summary', {
    nodes: view.nodes.length,
    pods: view.pods.length,
    ready: view.pods.filter((p) => p.ready).length,
    claims: view.claims.length,
    volumes: view.volumes.length,
  });
  return t('export.caption', { time: clockText(view.time), summary });
}

export function PresentButton() {
  const t = useT();
  const presenting = usePresent((s) => s.presenting);
  const setPresenting = usePresent((s) => s.setPresenting);
  return (
    <button type="button" data-action="present" aria-pressed={presenting} onClick={() => setPresenting(!presenting)}>
      {t('present.enter')}
    </button>
  );
}

export function ExportButtons() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'svg' | 'png') => {
    const live = document.querySelector<SVGSVGElement>('svg.diagram');
    const view = useAppStore.getState().view;
    if (!live || !view) return;
    setBusy(true);
    try {
      const svg = buildSvg(live, exportCaption(t, view));
      const stamp = clockText(view.time).replaceAll(':', '-');
      if (kind === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), `cluster-${stamp}.svg`);
      else download(await svgToPng(svg, 2), `cluster-${stamp}.png`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="export-buttons">
      <button type="button" data-action="export-svg" disabled={busy} onClick={() => void run('svg')}>
        {t('export.svg')}
      </button>
      <button type="button" data-action="export-png" disabled={busy} onClick={() => void run('png')}>
        {t('export.png')}
      </button>
    </span>
  );
}

/** The open lesson's current step, if the lesson player is on the page (it marks it data-lesson-step). */
function lessonStepText(): string | undefined {
  const step = document.querySelector('[data-lesson-step]');
  const text = step?.querySelector('p, h3, h4')?.textContent ?? step?.textContent ?? '';
  return text.trim() || undefined;
}

/** A caption bar: the current lesson step when a lesson is open, else the last event in words. */
export function Caption() {
  const t = useT();
  const last = useAppStore((s) => s.view?.events.at(-1));
  const lesson = useAppStore((s) => (s as unknown as { lesson?: { id: string; step: number } }).lesson);
  const fromLesson = lesson ? lessonStepText() : undefined;
  const text = fromLesson ?? (last ? t('present.event', { object: last.object, reason: last.reason, message: last.message }) : t('present.captionNone'));
  return (
    <p className="present-caption" data-caption="" aria-label={t('present.caption')}>
      {text}
    </p>
  );
}

/** The bar over the presented diagram: leave, show the panels, export. Esc leaves too. */
export function PresenterBar() {
  const t = useT();
  const panels = usePresent((s) => s.panels);
  const togglePanels = usePresent((s) => s.togglePanels);
  const setPresenting = usePresent((s) => s.setPresenting);
  // The page's chrome (header, editor, panels) is hidden by styles keyed on these classes.
  useEffect(() => {
    document.documentElement.classList.add('presenting');
    return () => document.documentElement.classList.remove('presenting');
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle('panels-open', panels);
    return () => document.documentElement.classList.remove('panels-open');
  }, [panels]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPresenting]);
  return (
    <div className="presenter-bar">
      <button type="button" data-action="present-panels" aria-expanded={panels} onClick={togglePanels}>
        {t('present.panels')}
      </button>
      <ExportButtons />
      <button type="button" data-action="present-exit" onClick={() => setPresenting(false)}>
        {t('present.exit')}
      </button>
    </div>
  );
}
