/**
 * The link's parameters, checked: each one either means something or is reported (and a sensible
 * value used instead), so the controls always show what runs. Parameters this file does not know
 * are left alone (other parts of the page read their own).
 */
import { findExample, type Example } from './examples/index.ts';
import { SPEEDS } from './views/panels/TimeBar.tsx';

export type CheckedParam = 'speed' | 'lang' | 'example' | 'embed' | 'autoplay';

export interface UrlProblem {
  param: CheckedParam;
  /** What the link said. */
  value: string;
  /** What is used instead, when a value is worth naming (the speed). */
  used?: string;
}

export interface UrlSettings {
  embed: boolean;
  autoplay: boolean;
  example: Example | undefined;
  /** Always one of the speeds the control offers. */
  speed: number;
  problems: UrlProblem[];
}

const LANGS = new Set(['en', 'zh', 'zh-cn']);
const YES = new Set(['1', 'true']);
const NO = new Set(['0', 'false']);

/** The offered speed nearest to `requested` (by ratio: 16× is nearer 25× than 10×). */
export function nearestSpeed(requested: number): number {
  let best = SPEEDS[0] ?? 1;
  for (const s of SPEEDS) if (Math.abs(Math.log(s / requested)) < Math.abs(Math.log(best / requested))) best = s;
  return best;
}

function flag(params: URLSearchParams, name: 'embed' | 'autoplay', fallback: boolean, problems: UrlProblem[]): boolean {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  problems.push({ param: name, value: raw });
  return fallback;
}

function speedOf(raw: string | null, problems: UrlProblem[]): number {
  if (raw === null) return 1;
  const requested = raw.trim() === '' ? Number.NaN : Number(raw);
  if (SPEEDS.includes(requested)) return requested;
  const used = Number.isFinite(requested) && requested > 0 ? nearestSpeed(requested) : 1;
  problems.push({ param: 'speed', value: raw, used: String(used) });
  return used;
}

export function readUrlParams(search: string): UrlSettings {
  const params = new URLSearchParams(search);
  const problems: UrlProblem[] = [];
  const lang = params.get('lang');
  if (lang !== null && !LANGS.has(lang.trim().toLowerCase())) problems.push({ param: 'lang', value: lang });
  const exampleId = params.get('example');
  const example = exampleId === null ? undefined : findExample(exampleId);
  if (exampleId !== null && !example) problems.push({ param: 'example', value: exampleId });
  const embed = flag(params, 'embed', false, problems);
  const autoplay = flag(params, 'autoplay', true, problems);
  const speed = speedOf(params.get('speed'), problems);
  return { embed, autoplay, example, speed, problems };
}
