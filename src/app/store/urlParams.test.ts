/** The link's parameters: what each value means, and what is reported when it means nothing. */
import { describe, expect, it } from 'vitest';
import { nearestSpeed, readUrlParams, type UrlProblem } from './urlParams.ts';

/** What the time bar offers (TimeBar's SPEEDS) and two examples. */
const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];
const offered = { speeds: SPEEDS, hasExample: (id: string) => id === 'default' || id === 'parallel' };

describe('readUrlParams', () => {
  it.each<[string, { speed?: number; embed?: boolean; autoplay?: boolean; example?: string | undefined }, UrlProblem[]]>([
    ['', { speed: 1, embed: false, autoplay: true }, []],
    ['?speed=25&embed=1&autoplay=0&lang=zh-CN', { speed: 25, embed: true, autoplay: false }, []],
    ['?speed=0.25&embed=true&autoplay=false&lang=en', { speed: 0.25, embed: true, autoplay: false }, []],
    ['?speed=16', { speed: 25 }, [{ param: 'speed', value: '16', used: '25' }]],
    ['?speed=3', { speed: 2 }, [{ param: 'speed', value: '3', used: '2' }]],
    ['?speed=1000', { speed: 100 }, [{ param: 'speed', value: '1000', used: '100' }]],
    ['?speed=0.01', { speed: 0.25 }, [{ param: 'speed', value: '0.01', used: '0.25' }]],
    ['?speed=fast', { speed: 1 }, [{ param: 'speed', value: 'fast', used: '1' }]],
    ['?speed=', { speed: 1 }, [{ param: 'speed', value: '', used: '1' }]],
    ['?speed=-5', { speed: 1 }, [{ param: 'speed', value: '-5', used: '1' }]],
    ['?speed=NaN', { speed: 1 }, [{ param: 'speed', value: 'NaN', used: '1' }]],
    ['?speed=Infinity', { speed: 1 }, [{ param: 'speed', value: 'Infinity', used: '1' }]],
    ['?lang=fr', {}, [{ param: 'lang', value: 'fr' }]],
    ['?embed=yes', { embed: false }, [{ param: 'embed', value: 'yes' }]],
    ['?autoplay=maybe', { autoplay: true }, [{ param: 'autoplay', value: 'maybe' }]],
    ['?example=nope', { example: undefined }, [{ param: 'example', value: 'nope' }]],
    ['?example=parallel', { example: 'parallel' }, []],
    ['?lesson=3&state=abc', { speed: 1 }, []],
  ])('%s', (search, expected, problems) => {
    const settings = readUrlParams(search, offered);
    if (expected.speed !== undefined) expect(settings.speed).toBe(expected.speed);
    if (expected.embed !== undefined) expect(settings.embed).toBe(expected.embed);
    if (expected.autoplay !== undefined) expect(settings.autoplay).toBe(expected.autoplay);
    if ('example' in expected) expect(settings.example).toBe(expected.example);
    expect(settings.problems).toEqual(problems);
    // Whatever the link says, the speed that runs is one the control offers.
    expect(SPEEDS).toContain(settings.speed);
  });

  it('nearestSpeed goes by ratio and always returns an offered speed', () => {
    for (let x = 0.1; x < 200; x *= 1.07) {
      const s = nearestSpeed(x, SPEEDS);
      expect(SPEEDS).toContain(s);
      for (const other of SPEEDS) expect(Math.abs(Math.log(s / x))).toBeLessThanOrEqual(Math.abs(Math.log(other / x)) + 1e-12);
    }
  });
});

describe('embed options', () => {
  const TABS = ['why', 'events', 'inspector', 'tables', 'console', 'lessons'];
  const embedOffered = { ...offered, tabs: TABS, hasLesson: (id: string) => id === 'storage-survives' };
  it.each<[string, Partial<Pick<ReturnType<typeof readUrlParams>, 'controls' | 'panels' | 'autoHeight' | 'origins'>>, UrlProblem[]]>([
    ['?embed=1', { controls: 'full', panels: undefined, autoHeight: false, origins: [] }, []],
    ['?controls=min&panels=events,why&height=auto', { controls: 'min', panels: ['why', 'events'], autoHeight: true }, []],
    ['?controls=FULL', { controls: 'full' }, []],
    ['?controls=tiny', { controls: 'full' }, [{ param: 'controls', value: 'tiny' }]],
    ['?panels=events,graphs,why', { panels: ['why', 'events'] }, [{ param: 'panels', value: 'graphs' }]],
    ['?panels=graphs', { panels: undefined }, [{ param: 'panels', value: 'graphs' }]],
    ['?panels=', { panels: undefined }, [{ param: 'panels', value: '' }]],
    ['?height=300', { autoHeight: false }, [{ param: 'height', value: '300' }]],
    ['?origin=https://a.example,https://b.example:8443', { origins: ['https://a.example', 'https://b.example:8443'] }, []],
    ['?origin=https://a.example/', { origins: ['https://a.example'] }, []],
    ['?origin=*', { origins: [] }, [{ param: 'origin', value: '*' }]],
    ['?origin=https://a.example,javascript:alert(1),https://a.example/course', { origins: ['https://a.example'] }, [{ param: 'origin', value: 'javascript:alert(1),https://a.example/course' }]],
    ['?lesson=storage-survives', {}, []],
    ['?lesson=nope', {}, [{ param: 'lesson', value: 'nope' }]],
  ])('%s', (search, expected, problems) => {
    const settings = readUrlParams(search, embedOffered);
    for (const [k, v] of Object.entries(expected)) expect(settings[k as keyof typeof expected]).toEqual(v);
    expect(settings.problems).toEqual(problems);
  });
});
