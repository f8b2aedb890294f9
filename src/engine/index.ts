/** The engine's only public entry (engine-api.md). */
export { Cluster, checkSnapshot, createCluster, restoreCluster, tryRestoreCluster, MAX_PODS } from './cluster.ts';
export type { ApplyResult, ClusterEvent, ClusterOptions, Diagnostic, Fault, KubectlResult, OpResult } from './cluster.ts';
export type { Change, ClusterState, Timing } from './sim/state.ts';
export type { DnsAnswer, DnsRecord } from './controllers/dns.ts';
export type { K8sObject } from './model/types.ts';
export { printPod, humanDuration } from './kubectl/printers.ts';
export type { PodColumns } from './kubectl/printers.ts';
export { EPOCH_MS } from './sim/time.ts';
export { runScript } from './kubectl/script.ts';
export type { ScriptResult, ScriptStep } from './kubectl/script.ts';
export type { Terminal, TerminalMode, TerminalOptions, TerminalOutput, TerminalStep } from './kubectl/terminal.ts';
