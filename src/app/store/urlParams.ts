/**
 * The link's parameters, checked: each one either means something or is reported (and a sensible
 * value used instead), so the controls always show what runs. Parameters this file does not know
 * are left alone (other parts of the page read their own).
 */

export type CheckedParam = 'speed' | 'lang' | 'example' | 'embed' | 'autoplay' | EmbedParam;
/** The embed options (README, "Embedding"). */
export type EmbedParam = 'controls' | 'panels' | 'height' | 'origin' | 'lesson';

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
  /** The tab ids `panels=` may name (InfoPanels' tabs). */
  tabs?: readonly string[];
  hasLesson?(id: string): boolean;
}

export interface EmbedSettings {
  /** `min`: time bar, diagram and panels; `full` (the default) adds the actions. */
  controls: 'min' | 'full';
  /** The tabs to show, in the page's order; undefined: all of them. */
  panels: string[] | undefined;
  /** `height=auto`: the page posts its content height to the host. */
  autoHeight: boolean;
  /** The host origins the host API answers (`origin=`); empty: the page's own origin only. */
  origins: string[];
}

export interface UrlSettings extends EmbedSettings {
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

/** `https://a.example` as the browser writes an origin: a scheme of http(s), a host, no path. */
export function normalOrigin(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin === raw.trim().replace(/\/$/, '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** controls=, panels=, height=, origin= and lesson=: each value that means nothing is reported and dropped. */
export function readEmbedParams(params: URLSearchParams, offered: Offered, problems: UrlProblem[]): EmbedSettings {
  const controlsRaw = params.get('controls');
  const controlsValue = controlsRaw?.trim().toLowerCase();
  const controls = controlsValue === 'min' ? 'min' : 'full';
  if (controlsRaw !== null && controlsValue !== 'min' && controlsValue !== 'full') problems.push({ param: 'controls', value: controlsRaw });

  let panels: string[] | undefined;
  const panelsRaw = params.get('panels');
  if (panelsRaw !== null) {
    const tabs = offered.tabs ?? [];
    const asked = list(panelsRaw.toLowerCase());
    const unknown = asked.filter((id) => !tabs.includes(id));
    if (unknown.length > 0 || asked.length === 0) problems.push({ param: 'panels', value: unknown.length > 0 ? unknown.join(',') : panelsRaw });
    const known = tabs.filter((id) => asked.includes(id));
    panels = known.length > 0 ? known : undefined;
  }

  const heightRaw = params.get('height');
  const autoHeight = heightRaw?.trim().toLowerCase() === 'auto';
  if (heightRaw !== null && !autoHeight) problems.push({ param: 'height', value: heightRaw });

  const origins: string[] = [];
  const originRaw = params.get('origin');
  if (originRaw !== null) {
    const bad: string[] = [];
    for (const entry of list(originRaw)) {
      const origin = normalOrigin(entry);
      if (origin === undefined) bad.push(entry);
      else if (!origins.includes(origin)) origins.push(origin);
    }
    if (bad.length > 0 || origins.length === 0) problems.push({ param: 'origin', value: bad.length > 0 ? bad.join(',') : originRaw });
  }

  const lesson = params.get('lesson');
  if (lesson !== null && offered.hasLesson && !offered.hasLesson(lesson)) problems.push({ param: 'lesson', value: lesson });
  return { controls, panels, autoHeight, origins };
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
  return { embed, autoplay, example, speed, ...readEmbedParams(params, offered, problems), problems };
}
