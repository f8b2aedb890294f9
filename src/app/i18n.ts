/** Typed dictionaries: English is the source, zh-CN must provide every key (a missing key is a type error). */
export const en = {
  title: 'StatefulSet Playground',
  subtitle: 'Engine preview: the default example running in virtual time',
  time: 'Virtual time',
  pods: 'Pods',
  claims: 'PersistentVolumeClaims',
  dns: 'DNS (headless Service nginx)',
  name: 'Name',
  phase: 'Phase',
  ready: 'Ready',
  node: 'Node',
  ip: 'IP',
  volume: 'Volume',
  record: 'Record',
  answer: 'Answer',
  events: 'Events',
  nxdomain: 'NXDOMAIN',
  language: '中文',
} as const;

export type Messages = { readonly [K in keyof typeof en]: string };

export const zhCN: Messages = {
  title: 'StatefulSet 演练场',
  subtitle: '引擎预览：默认示例在虚拟时间中运行',
  time: '虚拟时间',
  pods: 'Pod',
  claims: 'PersistentVolumeClaim',
  dns: 'DNS（无头 Service nginx）',
  name: '名称',
  phase: '阶段',
  ready: '就绪',
  node: '节点',
  ip: 'IP',
  volume: '卷',
  record: '记录',
  answer: '应答',
  events: '事件',
  nxdomain: 'NXDOMAIN（不存在）',
  language: 'English',
};

export type Lang = 'en' | 'zh-CN';

export function pickLanguage(search: string, browser: string | undefined): Lang {
  const param = new URLSearchParams(search).get('lang');
  if (param === 'zh-CN' || param === 'zh') return 'zh-CN';
  if (param === 'en') return 'en';
  return browser?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
