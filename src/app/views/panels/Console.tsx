/**
 * The kubectl console: a terminal-like log with history (↑/↓), Tab completion of commands, types and
 * names, copy and clear. `kubectl edit` opens the object in the editor. Lines run in the engine's
 * terminal (a shell around kubectl: for-loops, ;, &&, ||); a command that waits streams until done
 * or Ctrl+C, and `exec -it … -- sh` / `run -it …` hand the prompt to the pod's shell until `exit`.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { leadingWarnings } from '../../../engine/kubectl/terminal-order.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import * as persist from '../../store/persist.ts';
import { selectView } from '../../store/selectors.ts';

const HISTORY_KEY = 'console-history';
const COMMANDS = [
  'get', 'describe', 'apply', 'create', 'delete', 'scale', 'patch', 'set image', 'edit', 'label', 'annotate', 'expose',
  'cordon', 'uncordon', 'drain', 'taint', 'rollout', 'exec', 'run', 'api-resources', 'logs', 'wait', 'version', 'top', 'explain',
];
const HOST_PROMPT = '$ ';
const ROLLOUT = ['status', 'history', 'undo', 'restart', 'pause', 'resume'];
const TYPES = [
  'pods', 'statefulsets', 'sts', 'deployments', 'deploy', 'replicasets', 'rs', 'services', 'svc', 'pvc', 'pv', 'storageclasses',
  'nodes', 'events', 'endpoints', 'endpointslices', 'controllerrevisions', 'configmaps', 'secrets', 'serviceaccounts',
  'poddisruptionbudgets', 'pdb', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'namespaces', 'all',
];

interface Entry {
  line: string;
  out: string;
  err: string;
  /** The prompt the line was typed at (`$ `, `> `, a pod's `/ # `). */
  prompt?: string;
}

/** Appends streamed text to an entry's output, a line at a time. */
function joinOut(a: string, b: string): string {
  return b ? `${a}${a ? '\n' : ''}${b.replace(/\n$/, '')}` : a;
}

/** The line as the log shows it: `get pods` typed at `$ ` reads as the kubectl command it runs. */
function shownLine(e: Entry): string {
  const prompt = e.prompt ?? HOST_PROMPT;
  if (prompt !== HOST_PROMPT) return `${prompt}${e.line}`;
  const first = e.line.trim().split(/\s+/)[0] ?? '';
  return COMMANDS.some((c) => c.split(' ')[0] === first) ? `$ kubectl ${e.line}` : `$ ${e.line}`;
}

function loadHistory(): string[] {
  try {
    return JSON.parse(persist.load(HISTORY_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

/** The longest common prefix of the candidates. */
function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export function Console() {
  const t = useT();
  const sim = useSim();
  const view = useAppStore(selectView);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [line, setLine] = useState('');
  const [history, setHistory] = useState<string[]>(loadHistory);
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [watching, setWatching] = useState<number | undefined>(undefined);
  const [prompt, setPrompt] = useState(HOST_PROMPT);
  const [waiting, setWaiting] = useState<string | undefined>(undefined);
  const logRef = useRef<HTMLPreElement>(null);

  // Rows of a running `get -w` arrive as virtual time passes; they extend the watch's own entry.
  useEffect(() => {
    if (!sim) return;
    sim.onStream = (reqId, text, stderr, end) => {
      // reqId 0: Ctrl+C in a pod's shell or at a continuation prompt.
      if (reqId !== watching && reqId !== 0) return;
      setEntries((list) => {
        const last = list[list.length - 1];
        if (!last || (!text && !stderr)) return list;
        return [...list.slice(0, -1), { ...last, out: joinOut(last.out, text), err: joinOut(last.err, stderr) }];
      });
      if (end) {
        setWatching(undefined);
        setWaiting(undefined);
        setPrompt(end.prompt);
      }
      requestAnimationFrame(() => logRef.current?.scrollTo({ top: logRef.current.scrollHeight }));
    };
    return () => {
      sim.onStream = undefined;
    };
  }, [sim, watching]);

  // Leaving the tab ends a running watch, as closing a terminal would.
  useEffect(() => () => sim?.stopWatch(), [sim]);

  // Coming back: the terminal may still be in a pod's shell; an empty line answers with its prompt.
  useEffect(() => {
    if (!sim) return;
    void sim.kubectl('', useAppStore.getState().yaml, { terminal: true }).then((r) => setPrompt(r.prompt ?? HOST_PROMPT));
  }, [sim]);

  const stop = () => {
    if (watching === undefined) {
      // In a pod's shell or a continued line, Ctrl+C goes to the terminal, which answers with ^C.
      if (prompt !== HOST_PROMPT) sim?.stopWatch();
      return;
    }
    sim?.stopWatch();
    setWatching(undefined);
    setWaiting(undefined);
    setEntries((list) => [...list, { line: '', out: '^C', err: '' }]);
  };

  const names = (): string[] => {
    if (!view) return [];
    return [
      ...view.pods.map((p) => p.name),
      ...view.sets.map((s) => s.name),
      ...view.sets.map((s) => `sts/${s.name}`),
      ...view.deployments.map((d) => d.name),
      ...view.deployments.map((d) => `deployment/${d.name}`),
      ...view.replicaSets.map((r) => r.name),
      ...view.claims.map((c) => c.name),
      ...view.volumes.map((v) => v.name),
      ...view.nodes.map((n) => n.name),
      ...view.services.map((s) => s.name),
    ];
  };

  const complete = () => {
    const words = line.split(' ');
    const last = words[words.length - 1] ?? '';
    const rest = words.slice(0, -1).filter((w) => w !== 'kubectl');
    const pool = rest.length === 0 ? COMMANDS : rest[0] === 'rollout' && rest.length === 1 ? ROLLOUT : rest.length === 1 ? [...TYPES, ...names()] : names();
    const matches = [...new Set(pool)].filter((w) => w.startsWith(last));
    if (matches.length === 0) return;
    const prefix = matches.length === 1 ? `${matches[0]} ` : commonPrefix(matches);
    if (matches.length > 1 && prefix === last) {
      setEntries((e) => [...e, { line: '', out: matches.join('  '), err: '' }]);
      return;
    }
    setLine([...words.slice(0, -1), prefix].join(' '));
  };

  const run = async () => {
    const host = prompt === HOST_PROMPT && watching === undefined;
    const text = host ? line.trim() : line;
    if ((!text && host) || !sim || busy) return;
    const nextHistory = [...history.filter((h) => h !== text), text].slice(-100);
    setHistory(nextHistory);
    persist.save(HISTORY_KEY, JSON.stringify(nextHistory));
    setCursor(undefined);
    setLine('');
    if (host && text === 'clear') {
      setEntries([]);
      return;
    }
    if (host && (text === 'help' || text === 'kubectl help')) {
      setEntries((e) => [...e, { line: text, out: t('console.help'), err: '' }]);
      return;
    }
    const words = text.replace(/^kubectl\s+/, '').split(/\s+/);
    if (host && words[0] === 'edit' && words[1]) {
      // kubectl edit: the object opens in the editor; Apply sends it back.
      const [kind, name] = words[1].includes('/') ? (words[1].split('/') as [string, string]) : [words[1], words[2] ?? ''];
      const yaml = await sim.inspect(kind, name);
      if (yaml) {
        useAppStore.getState().setYaml(yaml);
        setEntries((e) => [...e, { line: text, out: t('console.edited', { object: `${kind}/${name}` }), err: '' }]);
      } else setEntries((e) => [...e, { line: text, out: '', err: `Error from server (NotFound): ${kind} "${name}" not found` }]);
      return;
    }
    if (watching !== undefined) stop();
    setBusy(true);
    const typedAt = watching === undefined ? prompt : HOST_PROMPT;
    const result = await sim.kubectl(text, useAppStore.getState().yaml, { terminal: true });
    setBusy(false);
    // kubectl prints warnings (stderr) before the output: they lead the entry's text.
    const { warnings, rest } = leadingWarnings(text, result.stderr);
    setEntries((e) => [...e.slice(-200), { line: text, out: `${warnings}${result.stdout}`.replace(/\n$/, ''), err: rest.replace(/\n$/, ''), prompt: typedAt }]);
    setWatching(result.watching ? result.reqId : undefined);
    setWaiting(result.watching ? result.waiting : undefined);
    setPrompt(result.prompt ?? HOST_PROMPT);
    requestAnimationFrame(() => logRef.current?.scrollTo({ top: logRef.current.scrollHeight }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'c' && event.ctrlKey && (watching !== undefined || prompt !== HOST_PROMPT)) {
      event.preventDefault();
      stop();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void run();
    } else if (event.key === 'Tab' && line.trim()) {
      event.preventDefault();
      complete();
    } else if (event.key === 'ArrowUp' && history.length > 0) {
      event.preventDefault();
      const next = cursor === undefined ? history.length - 1 : Math.max(0, cursor - 1);
      setCursor(next);
      setLine(history[next] ?? '');
    } else if (event.key === 'ArrowDown' && cursor !== undefined) {
      event.preventDefault();
      const next = cursor + 1;
      if (next >= history.length) {
        setCursor(undefined);
        setLine('');
      } else {
        setCursor(next);
        setLine(history[next] ?? '');
      }
    }
  };

  const transcript = entries.map((e) => `${e.line || e.prompt ? `${shownLine(e)}\n` : ''}${e.out}${e.out && e.err ? '\n' : ''}${e.err}`).join('\n');
  return (
    <div className="console">
      <pre className="console-log" ref={logRef} role="log" aria-live="polite" aria-label={t('console.label')} tabIndex={0} data-testid="console-log">
        {entries.length === 0 ? <span className="muted">{t('console.intro')}</span> : null}
        {entries.map((e, i) => (
          <span key={i} className="console-entry">
            {e.line || e.prompt ? (
              <span className="console-cmd">
                {shownLine(e)}
                {'\n'}
              </span>
            ) : null}
            {e.out ? `${e.out}\n` : null}
            {e.err ? <span className="console-err">{`${e.err}\n`}</span> : null}
          </span>
        ))}
        {watching !== undefined && waiting !== undefined ? (
          <span className="muted" data-waiting={waiting}>
            {t('console.waiting', { what: waiting })}
          </span>
        ) : null}
      </pre>
      <div className="console-input">
        <span aria-hidden="true" data-prompt={prompt}>
          {prompt.trimEnd()}
        </span>
        <input
          value={line}
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={onKeyDown}
          aria-label={t('console.input')}
          placeholder={prompt === HOST_PROMPT ? 'kubectl get pods' : ''}
          spellCheck={false}
          autoComplete="off"
          disabled={!sim}
        />
        <button type="button" className="small" onClick={() => void run()} disabled={!sim || busy}>
          {t('console.run')}
        </button>
        {watching !== undefined ? (
          <button type="button" className="small danger" onClick={stop} aria-keyshortcuts="Control+C">
            {t('console.stop')}
          </button>
        ) : null}
        <button
          type="button"
          className="small"
          onClick={() => {
            void navigator.clipboard?.writeText(transcript).catch(() => undefined);
          }}
        >
          {t('console.copy')}
        </button>
        <button type="button" className="small" onClick={() => setEntries([])}>
          {t('console.clear')}
        </button>
      </div>
    </div>
  );
}
