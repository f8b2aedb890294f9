/**
 * The link's parameters, checked: each one either means something or is reported (and a sensible
 * value used instead), so the controls always show what runs. Parameters this file does not know
 * are left alone (other parts of the page read their own).
 */

export type CheckedParam = 'speed' | 'lang' | 'example' | 'embed' | 'autoplay';

export interface UrlProblem {
  param: CheckedParam;
  /** What the link said. */
  value: string;
  /** What is used instead, when a value is worth naming (the speed). */
  used?: string;
}

/** What the page offers, passed in (this module stays free of React and of the examples' text). */
export interface Offered {
  /** The speeds the time bar's control lists. */
  speeds: readonly number[];
  hasExample(id: string): boolean;
}

export interface UrlSettings {
  embed: boolean;
  autoplay: boolean;
  /** The id of an example that exists. */
  example: string | undefined;
  /** Always one of the speeds the control offers. */
  speed: number;
  problems: UrlProblem[];
}

const LANGS = new Set(['en', 'zh', 'zh-cn']);
const YES = new Set(['1', 'true']);
const NO = new Set(['0', 'false']);

/** The offered speed nearest to `requested` (by ratio: 16× is nearer 25× than 10×). */
export function nearestSpeed(requested: number, speeds: readonly number[]): number {
  let best = speeds[0] ?? 1;
  for (const s of speeds) if (Math.abs(Math.log(s / requested)) < Math.abs(Math.log(best / requested))) best = s;
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

function speedOf(raw: string | null, speeds: readonly number[], problems: UrlProblem[]): number {
  if (raw === null) return 1;
  const requested = raw.trim() === '' ? Number.NaN : Number(raw);
  if (speeds.includes(requested)) return requested;
  const used = Number.isFinite(requested) && requested > 0 ? nearestSpeed(requested, speeds) : 1;
  problems.push({ param: 'speed', value: raw, used: String(used) });
  return used;
}

export function readUrlParams(search: string, offered: Offered): UrlSettings {
  const params = new URLSearchParams(search);
  const problems: UrlProblem[] = [];
  const lang = params.get('lang');
  if (lang !== null && !LANGS.has(lang.trim().toLowerCase())) problems.push({ param: 'lang', value: lang });
  const exampleId = params.get('example');
  const example = exampleId !== null && offered.hasExample(exampleId) ? exampleId : undefined;
  if (exampleId !== null && !example) problems.push({ param: 'example', value: exampleId });
  const embed = flag(params, 'embed', false, problems);
  const autoplay = flag(params, 'autoplay', true, problems);
  const speed = speedOf(params.get('speed'), offered.speeds, problems);
  return { embed, autoplay, example, speed, problems };
}
