/** Picks the language and words messages; {name} placeholders are filled from `params`. */
import { en, type MessageKey, type Messages } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'en' | 'zh-CN';
export type { MessageKey };

const DICTIONARIES: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

/** ?lang= wins, then the browser's language; anything Chinese means zh-CN. */
export function pickLanguage(search: string, browserLanguages: readonly string[]): Lang {
  const param = new URLSearchParams(search).get('lang')?.toLowerCase();
  if (param === 'zh-cn' || param === 'zh') return 'zh-CN';
  if (param === 'en') return 'en';
  return browserLanguages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[lang][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
