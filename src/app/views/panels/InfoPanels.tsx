/** Why, Events, Inspector and kubectl-like tables, in tabs. */
import { lazy, Suspense, useEffect, useState } from 'react';
// The engine's exported HumanDuration, imported by file: going through engine/index.ts would pull the
// whole engine into the page's initial bundle (it runs in the worker).
import { humanDuration } from '../../../engine/kubectl/printers.ts';
import type { Hint } from '../../../worker/viewModel.ts';
import { NFS_CLASS, NFS_PROVISIONER } from '../../examples/cluster.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore, type Tab } from '../../store/index.ts';
import { Console } from './Console.tsx';
import { selectSelection, selectTab, selectView } from '../../store/selectors.ts';

// The lessons (their text in both languages and their checks) load with the tab, not with the page.
const Lessons = lazy(() => import('./lessons/Lessons.tsx').then((m) => ({ default: m.Lessons })));

const ALL_TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'why', label: 'panel.why' },
  { id: 'events', label: 'panel.events' },
  { id: 'inspector', label: 'panel.inspector' },
  { id: 'tables', label: 'panel.tables' },
  { id: 'console', label: 'panel.console' },
  { id: 'lessons', label: 'panel.lessons' },
];
/** The tab ids, for the embed option `panels=`. */
export const TAB_IDS: readonly string[] = ALL_TABS.map((x) => x.id);


/** The missing-class lesson's fix: drop storageClassName so claims use the default class. */
export function withoutStorageClass(yaml: string, storageClass: string): string {
  const line = new RegExp(`^\\s*storageClassName:\\s*["']?${storageClass.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*\\n`, 'gm');
  return yaml.replace(line, '');
}

const DOCS = 'https://kubernetes.io';
/** Where each explanation's rule is documented (kubernetes.io, in the learner's language). */
const RULE_PAGES: Partial<Record<Hint['id'], string>> = {
  orderedWaiting: '/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees',
  orderedTerminating: '/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees',
  scaleDown: '/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees',
  rollingUpdate: '/docs/concepts/workloads/controllers/statefulset/#rolling-updates',
  rolloutWaiting: '/docs/concepts/workloads/controllers/statefulset/#rolling-updates',
  partitionHold: '/docs/concepts/workloads/controllers/statefulset/#partitions',
  onDelete: '/docs/concepts/workloads/controllers/statefulset/#update-strategies',
  imagePull: '/docs/concepts/workloads/controllers/statefulset/#forced-rollback',
  claimPending: '/docs/concepts/storage/persistent-volumes/#binding',
  missingClass: '/docs/concepts/storage/storage-classes/',
  podPending: '/docs/concepts/storage/storage-classes/#volume-binding-mode',
  crashLoop: '/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts',
  stuckTerminating: '/docs/tasks/run-application/force-delete-stateful-set-pod/',
  nodeDown: '/docs/concepts/architecture/nodes/#condition',
  imagePullDeploy: '/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment',
  deployPaused: '/docs/concepts/workloads/controllers/deployment/#pausing-and-resuming-a-rollout-of-a-deployment',
  deployProgressDeadline: '/docs/concepts/workloads/controllers/deployment/#failed-deployment',
  deployWaitingAvailable: '/docs/concepts/workloads/controllers/deployment/#max-unavailable',
  deploySurgeBound: '/docs/concepts/workloads/controllers/deployment/#max-surge',
  deployScaling: '/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
  identityLesson: '/docs/concepts/workloads/controllers/statefulset/#stable-network-id',
};

function WhyPanel() {
  const t = useT();
  const sim = useSim();
  const hints = useAppStore((s) => s.view?.hints);
  const lang = useAppStore((s) => s.lang);
  const fix = (storageClass: string) => {
    const store = useAppStore.getState();
    const next = withoutStorageClass(store.appliedYaml ?? store.yaml, storageClass);
    store.setYaml(next);
    // Claims already created keep their class (the field is immutable): start over with the fix.
    void sim?.reset(next);
  };
  // The course's own fix: install the provisioner behind that class; Pending claims then bind.
  const installNfs = () => {
    const store = useAppStore.getState();
    const next = `${NFS_PROVISIONER}---\n${store.appliedYaml ?? store.yaml}`;
    store.setYaml(next);
    void sim?.apply(next);
  };
  return (
    <div>
      <h3 className="sr-only">{t('why.title')}</h3>
      <ul className="hints">
        {(hints ?? []).map((hint: Hint, i) => (
          <li key={`${hint.id}-${i}`} data-hint={hint.id}>
            {t(`why.${hint.id}` as MessageKey, hint.params)}
            {Number(hint.params['more'] ?? 0) > 0 ? ` ${t('why.andMore', { more: hint.params['more'] ?? 0 })}` : null}
            {RULE_PAGES[hint.id] ? (
              <>
                {' '}
                <a href={`${DOCS}${lang === 'zh-CN' ? '/zh-cn' : ''}${RULE_PAGES[hint.id]}`} target="_blank" rel="noreferrer">
                  {t('why.rule')}
                </a>
              </>
            ) : null}
            {hint.id === 'missingClass' ? (
              <button type="button" className="small hint-fix" onClick={() => fix(String(hint.params['storageClass'] ?? ''))}>
                {t('why.applyFix')}
              </button>
            ) : null}
            {hint.id === 'missingClass' && hint.params['storageClass'] === NFS_CLASS ? (
              <button type="button" className="small hint-fix" onClick={installNfs}>
                {t('why.installNfs')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EventsPanel() {
  const t = useT();
  const view = useAppStore(selectView);
  const events = view?.events ?? [];
  if (events.length === 0) return <p className="muted">{t('events.none')}</p>;
  const now = view?.time ?? 0;
  return (
    <table className="events">
      <thead>
        <tr>
          <th>{t('events.type')}</th>
          <th>{t('events.reason')}</th>
          <th>{t('events.age')}</th>
          <th>{t('events.from')}</th>
          <th>{t('events.object')}</th>
          <th>{t('events.message')}</th>
        </tr>
      </thead>
      <tbody>
        {[...events].reverse().map((e) => (
          <tr key={e.key} className={e.type === 'Warning' ? 'warning' : ''}>
            <td className="ev-type">{e.type}</td>
            <td className="ev-reason">{e.reason}</td>
            <td className="ev-age">{e.count > 1 ? `${humanDuration(now - e.time)} (x${e.count})` : humanDuration(now - e.time)}</td>
            <td className="ev-from">{e.source}</td>
            <td className="ev-object">{e.object}</td>
            <td className="ev-message">{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function InspectorPanel() {
  const t = useT();
  const sim = useSim();
  const selection = useAppStore(selectSelection);
  const seq = useAppStore((s) => Math.floor(s.seq / 5));
  const [text, setText] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    if (!selection || !sim) {
      setText(undefined);
      return;
    }
    void sim.inspect(selection.kind, selection.name).then((yaml) => live && setText(yaml));
    return () => {
      live = false;
    };
  }, [selection, sim, seq]);
  if (!selection) return <p className="muted">{t('inspector.none')}</p>;
  return (
    <pre className="inspector" aria-label={`${selection.kind} ${selection.name}`}>
      {text ?? '…'}
    </pre>
  );
}

/** The engine's own `kubectl get` printers, re-run as the cluster changes (a few times a second at most). */
const TABLES = ['tables.sts', 'tables.pods', 'tables.pvc', 'tables.pv'] as const;
/** With Deployments in the cluster, their tables come first. */
const DEPLOY_TABLES = ['tables.deploy', 'tables.rs', ...TABLES] as const;

function TablesPanel() {
  const t = useT();
  const sim = useSim();
  const seq = useAppStore((s) => Math.floor(s.seq / 5));
  const withDeployments = useAppStore((s) => (s.view?.deployments.length ?? 0) > 0);
  const tables = withDeployments ? DEPLOY_TABLES : TABLES;
  const [outputs, setOutputs] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    if (!sim) return;
    const yaml = useAppStore.getState().yaml;
    void Promise.all(tables.map((key) => sim.kubectl(t(key), yaml))).then((results) => {
      if (live) setOutputs(results.map((r) => `${r.stdout}${r.stderr}`.replace(/\n$/, '')));
    });
    return () => {
      live = false;
    };
  }, [sim, seq, t, tables]);
  return (
    <div className="tables">
      {tables.map((key, i) => (
        <div key={key}>
          <h4>{t(key)}</h4>
          <pre tabIndex={0} aria-label={t(key)}>{outputs[i] ?? '…'}</pre>
        </div>
      ))}
    </div>
  );
}

export function InfoPanels() {
  const t = useT();
  const chosen = useAppStore(selectTab);
  const setTab = useAppStore((s) => s.setTab);
  // Embed option `panels=`: only the tabs the link names (the first of them when another is chosen).
  const only = useAppStore((s) => (s.embed ? s.panels : undefined));
  const picked = only ? ALL_TABS.filter((x) => only.includes(x.id)) : ALL_TABS;
  const tabs = picked.length > 0 ? picked : ALL_TABS;
  const tab = tabs.some((x) => x.id === chosen) ? chosen : (tabs[0]?.id ?? chosen);
  return (
    <section className="info">
      <div role="tablist" aria-label={t('app.details')}>
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`panel-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            onClick={() => setTab(item.id)}
            onKeyDown={(e) => {
              const i = tabs.findIndex((x) => x.id === tab);
              const next =
                e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
              if (next < 0) return;
              e.preventDefault();
              const id = tabs[next]?.id ?? 'why';
              setTab(id);
              document.getElementById(`tab-${id}`)?.focus();
            }}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel" tabIndex={0}>
        {tab === 'why' ? <WhyPanel /> : tab === 'events' ? <EventsPanel /> : tab === 'inspector' ? <InspectorPanel /> : tab === 'tables' ? <TablesPanel /> : tab === 'console' ? <Console /> : (
          <Suspense fallback={<p className="muted">{t('lessons.loading')}</p>}>
            <Lessons />
          </Suspense>
        )}
      </div>
    </section>
  );
}
