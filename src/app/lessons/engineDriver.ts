/**
 * A LessonDriver straight over the engine, for the headless lesson tests (and scripts): commands go to
 * the Cluster's kubectl/apply, a control's message to the same engine call the worker makes, and time
 * advances a little on each `next()`. Never imported by the page (it would pull the engine into it).
 */
import { createCluster, type Cluster } from '../../engine/index.ts';
import type { UserCommand } from '../../worker/protocol.ts';
import { ViewBuilder } from '../../worker/view.ts';
import type { ClusterView } from '../../worker/viewModel.ts';
import type { KubectlOutput, LessonDriver } from './runner.ts';

/** Virtual ms each `next()` moves the clock. */
export const STEP_MS = 250;

export class EngineDriver implements LessonDriver {
  cluster: Cluster;
  /** Builds each view from the last, as the worker does. */
  private builder: ViewBuilder;
  private watch: { poll(): string } | undefined;
  private stream = '';
  /** Virtual ms `next()` may run in one step before it gives up (a step that never finishes). */
  budgetMs = 20 * 60_000;
  private spent = 0;

  constructor(cluster: Cluster = createCluster()) {
    this.cluster = cluster;
    this.builder = new ViewBuilder(cluster);
  }

  /** A new step: its time budget starts again. */
  resetBudget(): void {
    this.spent = 0;
  }

  view(): ClusterView {
    return this.builder.build().view;
  }

  next(): Promise<ClusterView> {
    if (this.spent >= this.budgetMs) return Promise.reject(new Error(`no outcome after ${this.budgetMs} virtual ms`));
    this.cluster.advance(STEP_MS);
    this.spent += STEP_MS;
    if (this.watch) this.stream += this.watch.poll();
    return Promise.resolve(this.view());
  }

  kubectl(line: string, yaml: string): Promise<KubectlOutput> {
    // As in the console: a new line ends the running watch.
    this.watch = undefined;
    const watcher = this.cluster.kubectlWatch(line);
    if (watcher) {
      if (watcher.initial.code === 0) this.watch = watcher;
      return Promise.resolve(watcher.initial);
    }
    const files: Record<string, string> = {};
    for (const m of line.matchAll(/(?:^|\s)(?:-f|--filename)(?:=|\s+)(\S+)/g)) files[m[1] ?? ''] = yaml;
    return Promise.resolve(this.cluster.kubectl(line, { files }));
  }

  apply(yaml: string, file: string): Promise<KubectlOutput> {
    return Promise.resolve(this.cluster.kubectl(`apply -f ${file}`, { files: { [file]: yaml } }));
  }

  reset(yaml: string, file: string): Promise<KubectlOutput> {
    this.watch = undefined;
    this.cluster = createCluster();
    this.builder = new ViewBuilder(this.cluster);
    return this.apply(yaml, file);
  }

  /** The engine call the worker makes for each control (src/worker/host.ts `run`). */
  perform(command: UserCommand): Promise<{ ok: boolean; message: string }> {
    const c = this.cluster;
    switch (command.type) {
      case 'scale':
        return Promise.resolve(c.scale(command.kind === 'Deployment' ? 'deploy' : 'sts', command.set, command.replicas));
      case 'deletePod':
        return Promise.resolve(c.delete('pod', command.pod, command.force ? { force: true } : {}));
      case 'node':
        return Promise.resolve(c.inject({ type: 'node', node: command.node, state: command.up ? 'up' : 'down' }));
      case 'setPartition':
        return Promise.resolve(
          c.patch('sts', command.set, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: command.partition } } } }, { type: 'merge' })
        );
      default:
        return Promise.reject(new Error(`the lesson tests do not perform ${command.type} yet`));
    }
  }

  takeStream(): string {
    const text = this.stream;
    this.stream = '';
    return text;
  }
}
