/** The YAML editor: Monaco, lazy-loaded (never in embed mode); a plain textarea until it is ready. */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useT } from '../i18n/useT.ts';
import { useSim } from '../sim/context.ts';
import { useAppStore } from '../store/index.ts';
import { selectDiagnostics, selectLang, selectYaml } from '../store/selectors.ts';

const YamlEditor = lazy(() => import('../editor/YamlEditor.tsx'));

/** If Monaco cannot start (workers blocked), the textarea keeps working. */
class EditorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function EditorPane() {
  const t = useT();
  const sim = useSim();
  const yaml = useAppStore(selectYaml);
  const lang = useAppStore(selectLang);
  const diagnostics = useAppStore(selectDiagnostics);
  const setYaml = useAppStore((s) => s.setYaml);
  const applyResult = useAppStore((s) => s.applyResult);
  const drift = useAppStore((s) => s.drift);
  const apply = () => void sim?.apply(useAppStore.getState().yaml);
  const textarea = (
    <textarea
      className="plain-editor"
      aria-label={t('editor.label')}
      value={yaml}
      spellCheck={false}
      onChange={(e) => setYaml(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          apply();
        }
      }}
    />
  );
  return (
    <section className="editor-pane" aria-label={t('editor.label')}>
      <div className="editor-toolbar">
        <h2>
          {t('editor.label')} <span className="editor-hint">{t('editor.tabHint')}</span>
        </h2>
        <button type="button" className="primary" onClick={apply} aria-keyshortcuts="Control+Enter Meta+Enter" title={t('editor.applyHint')}>
          {t('editor.apply')}
        </button>
      </div>
      <div className="editor-host">
        <EditorBoundary fallback={textarea}>
          <Suspense fallback={textarea}>
            <YamlEditor value={yaml} onChange={setYaml} diagnostics={diagnostics} onApply={apply} language={lang} ariaLabel={t('editor.label')} />
          </Suspense>
        </EditorBoundary>
      </div>
      {drift ? (
        <p className="drift" role="note">
          {t('editor.drift')}
        </p>
      ) : null}
      {applyResult ? (
        <pre className="apply-result" role="status" data-apply-result="">
          {applyResult}
        </pre>
      ) : null}
      <div className="problems" aria-live="polite">
        {diagnostics.length === 0 ? null : (
          <>
            <h3>{t('editor.errors')}</h3>
            <ul>
              {diagnostics.map((d, i) => (
                <li key={i} className="problem" data-line={d.line ?? ''}>
                  {d.line ? <span className="where">{t('editor.lineCol', { line: d.line, column: d.column ?? 1 })}: </span> : null}
                  {d.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
