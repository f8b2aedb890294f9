/**
 * The page's error boundaries: a part of the page that throws while drawing is replaced by a panel
 * that keeps the YAML (shown, editable, saved at once) and offers a reload; nothing typed is lost.
 */
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/useT.ts';
import { useAppStore } from '../store/index.ts';
import * as persist from '../store/persist.ts';
import './recover.css';

/** Writes the editor's text to storage now (the usual save waits for a pause in typing). */
export function saveDraftNow(): void {
  if (useAppStore.getState().embed) return;
  persist.trySave(persist.KEYS.draft, useAppStore.getState().yaml);
}

/**
 * Reloads with the draft saved first; `fresh` also forgets the saved cluster (when it may be what
 * broke the page). An `example` parameter is dropped, or it would replace the draft on the way back.
 */
export function reloadKeepingWork(fresh: boolean): void {
  saveDraftNow();
  if (fresh) persist.remove(persist.KEYS.snapshot);
  const url = new URL(location.href);
  url.searchParams.delete('example');
  location.assign(url.toString());
}

function CrashPanel({ error, scope, retry }: { error: Error; scope: 'page' | 'part'; retry(): void }) {
  const t = useT();
  const yaml = useAppStore((s) => s.yaml);
  const setYaml = useAppStore((s) => s.setYaml);
  const embed = useAppStore((s) => s.embed);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(yaml).then(
      () => setCopied(true),
      () => setCopied(false)
    );
  };
  return (
    <div className={`crash crash-${scope}`} role="alert" data-crash={scope}>
      <h2>{t('crash.title')}</h2>
      <p>{scope === 'page' ? t('crash.body') : t('crash.stageBody')}</p>
      <div className="crash-actions">
        <button type="button" className="primary" onClick={() => reloadKeepingWork(false)}>
          {t('crash.reload')}
        </button>
        <button type="button" onClick={() => reloadKeepingWork(true)}>
          {t('crash.fresh')}
        </button>
        {scope === 'part' ? (
          <button type="button" onClick={retry}>
            {t('crash.retry')}
          </button>
        ) : null}
      </div>
      {scope === 'page' && !embed ? (
        <label className="crash-yaml">
          {t('crash.yaml')}{' '}
          <button type="button" className="small" onClick={copy}>
            {copied ? t('crash.copied') : t('crash.copy')}
          </button>
          <textarea value={yaml} spellCheck={false} onChange={(e) => setYaml(e.target.value)} data-crash-yaml="" />
        </label>
      ) : null}
      <details>
        <summary>{t('crash.details')}</summary>
        <pre>{error.stack ?? error.message}</pre>
      </details>
    </div>
  );
}

/** `page` wraps the whole page; `part` wraps one area (the editor stays usable beside it). */
export class ErrorBoundary extends Component<{ scope: 'page' | 'part'; children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // The draft goes to storage at once: the next thing the learner does may be to close the tab.
    saveDraftNow();
    console.error('statefulset-playground: a part of the page failed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <CrashPanel error={error} scope={this.props.scope} retry={() => this.setState({ error: undefined })} />;
  }
}
