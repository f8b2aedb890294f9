/** Acting from the picture: the StatefulSet, the selected pod or claim, and the nodes. */
import { useEffect, useState } from 'react';
import type { DeploymentView, ReplicaSetView, SetView } from '../../../worker/viewModel.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectLastResult, selectSelection, selectView } from '../../store/selectors.ts';

/** −1 / +1 / a typed count: the scale buttons a StatefulSet and a Deployment share. */
function ScaleRow({ replicas, scale }: { replicas: number; scale: (n: number) => void }) {
  const t = useT();
  const [typed, setTyped] = useState(replicas);
  useEffect(() => setTyped(replicas), [replicas]);
  return (
    <div className="row">
      <button type="button" onClick={() => scale(Math.max(0, replicas - 1))} disabled={replicas === 0}>
        {t('sts.scaleDown')}
      </button>
      <button type="button" onClick={() => scale(replicas + 1)}>
        {t('sts.scaleUp')}
      </button>
      <label>
        {t('sts.replicas')}{' '}
        <input type="number" min={0} max={1000} value={typed} onChange={(e) => setTyped(Number(e.target.value))} className="narrow" />
      </label>
      <button type="button" onClick={() => scale(typed)}>
        {t('sts.setReplicas')}
      </button>
    </div>
  );
}

/** A new image for the pod template: the edit that starts a rollout. */
function ImageRow({ image, setImage }: { image: string; setImage: (image: string) => void }) {
  const t = useT();
  const [typed, setTyped] = useState(image);
  useEffect(() => setTyped(image), [image]);
  return (
    <div className="row">
      <label className="grow">
        {t('sts.image')} <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} />
      </label>
      <button type="button" onClick={() => setImage(typed)} disabled={!typed || typed === image}>
        {t('sts.setImage')}
      </button>
    </div>
  );
}

/** "Roll back" beside a revision in a history list; `label` names the revision for screen readers. */
function RollbackButton({ label, rollback }: { label: string; rollback: () => void }) {
  const t = useT();
  return (
    <button type="button" className="small" aria-label={label} onClick={rollback}>
      {t('sts.rollback')}
    </button>
  );
}

function SetControls({ set }: { set: SetView }) {
  const t = useT();
  const sim = useSim();
  const st = set.status;
  const current = String(st['currentRevision'] ?? '');
  const update = String(st['updateRevision'] ?? '');
  return (
    <section className="set-controls" aria-label={t('sts.title', { name: set.name })} data-sts={set.name}>
      <h2 className="h3">{t('sts.title', { name: set.name })}</h2>
      <p className="set-status">
        {t('sts.status', {
          ready: Number(st['readyReplicas'] ?? 0),
          replicas: set.replicas,
          updated: Number(st['updatedReplicas'] ?? 0),
          current: Number(st['currentReplicas'] ?? 0),
        })}{' '}
        · {set.policy} · {set.strategy}
      </p>
      <ScaleRow replicas={set.replicas} scale={(replicas) => void sim?.command({ type: 'scale', set: set.name, replicas })} />
      <ImageRow image={set.image} setImage={(image) => void sim?.command({ type: 'setImage', set: set.name, image })} />
      <div className="row">
        <label className="grow">
          <span className="partition-label">
            {t('sts.partition')}: <output>{set.partition ?? 0}</output>
          </span>
          <input
            type="range"
            min={0}
            max={set.replicas}
            value={set.partition ?? 0}
            disabled={set.strategy !== 'RollingUpdate'}
            onChange={(e) => void sim?.command({ type: 'setPartition', set: set.name, partition: Number(e.target.value) })}
          />
        </label>
        <label>
          {t('sts.strategy')}{' '}
          <select value={set.strategy} onChange={(e) => void sim?.command({ type: 'setStrategy', set: set.name, strategy: e.target.value === 'OnDelete' ? 'OnDelete' : 'RollingUpdate' })}>
            <option value="RollingUpdate">RollingUpdate</option>
            <option value="OnDelete">OnDelete</option>
          </select>
        </label>
      </div>
      <h3 className="h4">{t('sts.history')}</h3>
      <ul className="history">
        {set.revisions.map((rev) => (
          <li key={rev.name} data-revision-name={rev.name}>
            <code>#{rev.revision}</code> <span>{rev.images.join(', ')}</span>
            {rev.name === current ? <span className="badge">{t('sts.current')}</span> : null}
            {rev.name === update ? <span className="badge update">{t('sts.update')}</span> : null}{' '}
            {rev.name !== update ? (
              <RollbackButton label={t('sts.rollbackLabel', { revision: rev.revision })} rollback={() => void sim?.command({ type: 'rollback', set: set.name, revision: rev.name })} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A Deployment: scale, new image (a rollout), pause/resume, and its ReplicaSets to roll back to. */
function DeploymentControls({ deploy, replicaSets }: { deploy: DeploymentView; replicaSets: ReplicaSetView[] }) {
  const t = useT();
  const sim = useSim();
  const kind = 'Deployment' as const;
  const history = replicaSets.filter((r) => r.deployment === deploy.name && r.namespace === deploy.namespace).sort((a, b) => b.revision - a.revision);
  const scale = (n: number) => void sim?.command({ type: 'scale', kind, set: deploy.name, replicas: n });
  return (
    <section className="set-controls" aria-label={t('deploy.title', { name: deploy.name })} data-deploy-controls={deploy.name}>
      <h2 className="h3">{t('deploy.title', { name: deploy.name })}</h2>
      <p className="set-status">
        {t('deploy.status', { ready: deploy.status.readyReplicas, replicas: deploy.replicas, updated: deploy.status.updatedReplicas, available: deploy.status.availableReplicas })}
        <br />
        {t('deploy.strategy', { strategy: deploy.strategy, maxSurge: deploy.maxSurge, maxUnavailable: deploy.maxUnavailable })}
        {deploy.paused ? <span className="badge update">{t('diagram.band.paused')}</span> : null}
      </p>
      <ScaleRow replicas={deploy.replicas} scale={scale} />
      <ImageRow image={deploy.image} setImage={(image) => void sim?.command({ type: 'setImage', kind, set: deploy.name, image })} />
      <div className="row">
        <button type="button" aria-pressed={deploy.paused} onClick={() => void sim?.command({ type: 'pauseRollout', deployment: deploy.name, paused: !deploy.paused })}>
          {deploy.paused ? t('deploy.resume') : t('deploy.pause')}
        </button>
      </div>
      <h3 className="h4">{t('deploy.history')}</h3>
      <ul className="history">
        {history.map((rs) => (
          <li key={rs.key} data-rs-row={rs.name} data-revision={rs.revision}>
            <code>#{rs.revision}</code> <span>{rs.image}</span> <span className="muted">{t('deploy.pods', { ready: rs.readyReplicas, replicas: rs.replicas })}</span>
            {rs.revision === deploy.revision ? <span className="badge update">{t('sts.current')}</span> : null}{' '}
            {rs.revision !== deploy.revision ? (
              <RollbackButton
                label={t('deploy.rollbackLabel', { name: deploy.name, revision: rs.revision })}
                rollback={() => void sim?.command({ type: 'rollback', kind, set: deploy.name, revision: String(rs.revision) })}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Picks which workload the controls act on when there are several. */
function WorkloadControls() {
  const t = useT();
  const view = useAppStore(selectView);
  const target = useAppStore((s) => s.target);
  const setTarget = useAppStore((s) => s.setTarget);
  const options = [...(view?.sets ?? []).map((s) => `StatefulSet/${s.name}`), ...(view?.deployments ?? []).map((d) => `Deployment/${d.name}`)];
  const chosen = target && options.includes(target) ? target : options[0];
  if (!view || !chosen) return null;
  const [kind, name] = chosen.split('/') as [string, string];
  const set = kind === 'StatefulSet' ? view.sets.find((s) => s.name === name) : undefined;
  const deploy = kind === 'Deployment' ? view.deployments.find((d) => d.name === name) : undefined;
  return (
    <>
      {options.length > 1 ? (
        <label className="target">
          {t('target.label')}{' '}
          <select value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {set ? <SetControls key={set.key} set={set} /> : null}
      {deploy ? <DeploymentControls key={deploy.key} deploy={deploy} replicaSets={view.replicaSets} /> : null}
    </>
  );
}

export function ActionsPanel() {
  const t = useT();
  const sim = useSim();
  const view = useAppStore(selectView);
  const selection = useAppStore(selectSelection);
  const lastResult = useAppStore(selectLastResult);
  const pod = selection?.kind === 'Pod' ? view?.pods.find((p) => p.name === selection.name) : undefined;
  const claim = selection?.kind === 'PersistentVolumeClaim' ? view?.claims.find((c) => c.name === selection.name) : undefined;
  return (
    <div className="actions">
      <WorkloadControls />
      <section aria-label={pod ? t('pod.title', { name: pod.name }) : t('panel.actions')}>
        {pod ? (
          <>
            <h2 className="h3">{t('pod.title', { name: pod.name })}</h2>
            <div className="row wrap">
              <button type="button" className="danger" onClick={() => void sim?.command({ type: 'deletePod', pod: pod.name, force: false })}>
                {t('pod.delete')}
              </button>
              <button type="button" onClick={() => void sim?.command({ type: 'deletePod', pod: pod.name, force: true })}>
                {t('pod.forceDelete')}
              </button>
              <button type="button" onClick={() => void sim?.command({ type: 'podReadiness', pod: pod.name, ready: !pod.ready })}>
                {pod.ready ? t('pod.makeUnready') : t('pod.makeReady')}
              </button>
              <button type="button" onClick={() => void sim?.command({ type: 'crashPod', pod: pod.name })}>
                {t('pod.crash')}
              </button>
              <button type="button" onClick={() => void sim?.command({ type: 'evictPod', pod: pod.name })}>
                {t('pod.evict')}
              </button>
            </div>
          </>
        ) : claim ? (
          <>
            <h2 className="h3">PersistentVolumeClaim {claim.name}</h2>
            <button type="button" className="danger" onClick={() => void sim?.command({ type: 'deleteClaim', claim: claim.name })}>
              {t('claim.delete')}
            </button>
          </>
        ) : (
          <p className="muted">{t('pod.none')}</p>
        )}
      </section>
      <section aria-label={t('node.title')}>
        <h2 className="h3">{t('node.title')}</h2>
        <ul className="nodes">
          {view?.nodes.map((node) => (
            <li key={node.key} data-node-row={node.name}>
              <span className={node.ready === 'True' ? 'ok' : 'bad'}>
                {node.ready === 'True' ? '●' : '○'} {node.name} {node.ready === 'True' ? t('node.ready') : t('node.notReady')}
              </span>{' '}
              <button
                type="button"
                className="small"
                aria-label={node.ready === 'True' ? t('node.downLabel', { node: node.name }) : t('node.upLabel', { node: node.name })}
                onClick={() => void sim?.command({ type: 'node', node: node.name, up: node.ready !== 'True' })}
              >
                {node.ready === 'True' ? t('node.down') : t('node.up')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {lastResult ? (
        <p className={lastResult.ok ? 'result ok' : 'result bad'} role="status">
          {lastResult.message}
        </p>
      ) : null}
    </div>
  );
}
