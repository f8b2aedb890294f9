// Types for embed.js / embed.mjs: the StatefulSet Playground host API, version 1 (README, "Host API").
export interface Envelope { source: 'sts-playground'; v: 1 }
export interface PodSummary { name: string; phase: string; ready: boolean; revision: string }
export interface ClaimSummary { name: string; phase: string }
export interface OutMessages {
  ready: Envelope & { type: 'ready' };
  state: Envelope & { type: 'state'; time: number; pods: PodSummary[]; claims: ClaimSummary[] };
  event: Envelope & { type: 'event'; reason: string; message: string; object: string };
  'kubectl-result': Envelope & { type: 'kubectl-result'; command: string; code: number; stdout: string; stderr: string };
  'lesson-step': Envelope & { type: 'lesson-step'; id: string; step: number };
  error: Envelope & { type: 'error'; message: string };
  size: Envelope & { type: 'size'; height: number };
}
export interface Playground {
  load(yaml: string): void;
  kubectl(command: string): void;
  play(): void;
  pause(): void;
  step(): void;
  /** Virtual milliseconds since the cluster started. */
  seek(time: number): void;
  speed(value: number): void;
  lang(value: 'en' | 'zh-CN'): void;
  lesson(id: string): void;
  on<K extends keyof OutMessages>(type: K, fn: (message: OutMessages[K]) => void): () => void;
  on(type: '*', fn: (message: OutMessages[keyof OutMessages]) => void): () => void;
  detach(): void;
}
export interface AttachOptions {
  /** The playground's origin; default: the origin of the frame's src. */
  origin?: string;
  /** Set the frame's height from the playground's `size` messages (link it with `height=auto`). */
  autoHeight?: boolean;
}
export declare const StsPlayground: { attach(iframe: HTMLIFrameElement, options?: AttachOptions): Playground; version: 1 };
export declare const attach: typeof StsPlayground.attach;
export default StsPlayground;
declare global {
  // eslint-disable-next-line no-var
  var StsPlayground: { attach(iframe: HTMLIFrameElement, options?: AttachOptions): Playground; version: 1 };
}
