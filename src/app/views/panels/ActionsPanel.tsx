/** Acting from the picture: the StatefulSet, the selected pod or claim, and the nodes. */
import { useEffect, useState } from 'react';
import type { SetView } from '../../../worker/viewModel.ts';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectLastResult, selectSelection, selectView } from '../../store/selectors.ts';

function SetControls({ set }: { set: SetView }) {
  const t = useT();
  const sim = useSim();
  const [replicas, setReplicas] = useState(set.replicas);
  const [image, setImage] = useState(set.image);
  useEffect(() => setReplicas(set.replicas), [set.replicas]);
  useEffect(() => setImage(set.image), [set.image]);
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
      <div className="row">
        <button type="button" onClick={() => void sim?.command({ type: 'scale', set: set.name, replicas: Math.max(0, set.replicas - 1) })} disabled={set.replicas === 0}>
          {t('sts.scaleDown')}
        </button>
        <button type="button" onClick={() => void sim?.command({ type: 'scale', set: set.name, replicas: set.replicas + 1 })}>
          {t('sts.scaleUp')}
        </button>
        <label>
          {t('sts.replicas')}{' '}
          <input type="number" min={0} max={1000} value={replicas} onChange={(e) => setReplicas(Number(e.target.value))} className="narrow" />
        </label>
        <button type="button" onClick={() => void sim?.command({ type: 'scale', set: set.name, replicas })}>
          {t('sts.setReplicas')}
        </button>
      </div>
      <div className="row">
        <label className="grow">
          {t('sts.image')} <input value={image} onChange={(e) => setImage(e.target.value)} spellCheck={false} />
        </label>
        <button type="button" onClick={() => void sim?.command({ type: 'setImage', set: set.name, image })} disabled={!image || image === set.image}>
          {t('sts.setImage')}
        </button>
      </div>
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
              <button
                type="button"
                className="small"
                aria-label={t('sts.rollbackLabel', { revision: rev.revision })}
                onClick={() => void sim?.command({ type: 'rollback', set: set.name, revision: rev.name })}
              >
                {t('sts.rollback')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
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
      {view?.sets.map((set) => <SetControls key={set.key} set={set} />)}
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
