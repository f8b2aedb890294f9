/**
 * The YAML editor: Monaco with schema validation, completion and hover for the kinds the playground
 * serves, plus the engine's apply errors as markers.
 *
 * Load it with React.lazy inside a Suspense boundary. It is the only module of the app that reaches
 * Monaco, and it does so through a dynamic import, so Monaco (about 0.8 MB gzipped, plus a 0.3 MB
 * YAML worker) is never part of the initial chunk. The component suspends until Monaco is ready and
 * throws to the nearest error boundary if Monaco cannot be loaded.
 */
import { use, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import type { MonacoApi } from './monacoSetup.ts';

/** One engine error; line and column are 1-based, and a missing line means line 1. */
export interface EditorDiagnostic {
  message: string;
  line?: number;
  column?: number;
  severity?: 'error' | 'warning';
}

export interface YamlEditorProps {
  /** The controlled text (the app persists it). */
  value: string;
  /** Called with the whole text after every edit the user makes. */
  onChange(value: string): void;
  /** The engine's apply errors, shown as markers with owner 'playground' from the column to the end of the line. */
  diagnostics: EditorDiagnostic[];
  /** Called on Ctrl+Enter (Cmd+Enter on macOS) inside the editor. */
  onApply(): void;
  /** Monaco's own UI language is fixed by the first mount on the page; later changes need a reload. */
  language: 'en' | 'zh-CN';
  ariaLabel: string;
  theme?: 'light' | 'dark';
}

/** The marker owner of engine diagnostics; schema markers use monaco-yaml's own owner ('yaml'). */
export const MARKER_OWNER = 'playground';

const APPLY_LABEL = { en: 'Apply manifest', 'zh-CN': '应用清单' } as const;

let monacoLoad: Promise<MonacoApi> | undefined;

/**
 * Loads and configures Monaco once per page. Monaco looks up its UI strings while its modules
 * evaluate, so the Chinese message table must be installed before the first Monaco module runs:
 * the language of the first mount wins, and switching it later needs a page reload. A failed load
 * is forgotten so that a later mount can retry.
 */
function loadMonaco(language: YamlEditorProps['language']): Promise<MonacoApi> {
  monacoLoad ??= (async () => {
    if (language === 'zh-CN') await import('monaco-editor/nls/lang/zh-cn');
    const setup = await import('./monacoSetup.ts');
    return setup.monaco;
  })().catch((error: unknown) => {
    monacoLoad = undefined;
    throw error;
  });
  return monacoLoad;
}

// How many sent texts to remember while waiting for `value` to catch up.
const MAX_UNACKNOWLEDGED = 50;

// Each mount gets its own model URI: StrictMode mounts twice, and Monaco refuses duplicate URIs.
let modelSeq = 0;

const themeName = (theme: YamlEditorProps['theme']) => (theme === 'dark' ? 'vs-dark' : 'vs');

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.trunc(n)));

/** Turns one engine diagnostic into a marker spanning its line from the column to the end. */
function toMarker(monaco: MonacoApi, model: MonacoEditor.ITextModel, d: EditorDiagnostic): MonacoEditor.IMarkerData {
  const line = clamp(d.line ?? 1, 1, model.getLineCount());
  const endColumn = model.getLineMaxColumn(line);
  return {
    message: d.message,
    severity: d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
    startLineNumber: line,
    startColumn: clamp(d.column ?? 1, 1, endColumn),
    endLineNumber: line,
    endColumn,
  };
}

/**
 * The smallest single edit that turns `before` into `after` (common prefix and suffix kept), so an
 * outside change leaves the cursor, markers and undo history alone wherever the text did not change.
 */
function diffRange(before: string, after: string): { start: number; end: number; text: string } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair.
  if (start > 0 && /[\uD800-\uDBFF]/.test(before.charAt(start - 1))) start--;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  if (tail > 0 && /[\uDC00-\uDFFF]/.test(before.charAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

export default function YamlEditor({
  value,
  onChange,
  diagnostics,
  onApply,
  language,
  ariaLabel,
  theme = 'light',
}: YamlEditorProps) {
  const monaco = use(loadMonaco(language));
  const containerRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<MonacoEditor.IStandaloneCodeEditor | null>(null);

  // Monaco's listeners are registered once, so they read the latest props through this ref.
  const latest = useRef({ value, onChange, onApply, ariaLabel, theme });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onApply, ariaLabel, theme };
  });
  // True while the model is being brought in line with `value`, so that edit is not echoed back.
  const syncing = useRef(false);
  // Texts sent through onChange that `value` has not caught up with yet, oldest first. React may
  // render an older one after the user has typed on (Monaco's input does not always arrive as a
  // discrete event), and writing that stale text back into the model would eat keystrokes.
  const unacknowledged = useRef<string[]>([]);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const initial = latest.current;
    modelSeq += 1;
    const model = monaco.editor.createModel(
      initial.value,
      'yaml',
      monaco.Uri.parse(`file:///playground/manifest-${modelSeq}.yaml`)
    );
    // YAML forbids tabs for indentation; two spaces is what kubectl and the docs use.
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    const created = monaco.editor.create(container, {
      model,
      ariaLabel: initial.ariaLabel,
      theme: themeName(initial.theme),
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      lineNumbersMinChars: 3,
      fontSize: 13,
      // Plain YAML scalars tokenize as strings, and enum values (kinds, policies) are what the
      // schema completes most; words from the document would only add noise.
      quickSuggestions: { other: true, comments: false, strings: true },
      wordBasedSuggestions: 'off',
    });
    const changes = model.onDidChangeContent(() => {
      if (syncing.current) return;
      const text = model.getValue();
      const pending = unacknowledged.current;
      pending.push(text);
      // A parent that never stores the value must not make this grow without bound.
      if (pending.length > MAX_UNACKNOWLEDGED) pending.shift();
      latest.current.onChange(text);
    });
    setEditor(created);
    return () => {
      changes.dispose();
      created.dispose();
      model.dispose();
      setEditor(null);
    };
  }, [monaco]);

  // Keep the model equal to `value`. A user edit comes back as text this editor sent (the latest
  // or, while React catches up, an older one) and is skipped, so typing never moves the cursor or
  // loses characters; only a change from outside is applied.
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return;
    const pending = unacknowledged.current;
    const echoed = pending.lastIndexOf(value);
    if (echoed >= 0) {
      pending.splice(0, echoed + 1);
      return;
    }
    pending.length = 0;
    const current = model.getValue();
    if (current === value) return;
    const { start, end, text } = diffRange(current, value);
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    syncing.current = true;
    try {
      editor.pushUndoStop();
      editor.executeEdits('playground-sync', [
        { range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text },
      ]);
      editor.pushUndoStop();
    } finally {
      syncing.current = false;
    }
    // Monaco normalises line endings; report the normalised text so the app stores what it shows.
    const normalised = model.getValue();
    if (normalised !== value) {
      pending.push(normalised);
      latest.current.onChange(normalised);
    }
  }, [monaco, editor, value]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      diagnostics.map((d) => toMarker(monaco, model, d))
    );
  }, [monaco, editor, diagnostics]);

  useEffect(() => {
    if (!editor) return;
    const action = editor.addAction({
      id: 'playground.apply',
      label: APPLY_LABEL[language],
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => latest.current.onApply(),
    });
    return () => action.dispose();
  }, [monaco, editor, language]);

  useEffect(() => {
    editor?.updateOptions({ ariaLabel });
  }, [editor, ariaLabel]);

  // Monaco has one theme per page, not one per editor.
  useEffect(() => {
    monaco.editor.setTheme(themeName(theme));
  }, [monaco, theme]);

  return (
    <div
      ref={containerRef}
      className="yaml-editor"
      data-editor-ready={editor ? 'true' : 'false'}
      style={{ width: '100%', height: '100%', minHeight: 240 }}
    />
  );
}
