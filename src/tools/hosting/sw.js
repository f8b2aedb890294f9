/*
 * The playground's service worker: after one visit every file of the build is in the Cache API and
 * served from there (cache first), so the page opens and runs with no network. The build
 * (src/tools/hosting/plugin.ts) writes the version and the file list below; a new build has a new
 * version, which the browser installs beside the old one and switches to once no tab uses the old.
 */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PREFIX = 'statefulset-playground:';
const CACHE = PREFIX + VERSION;
const SCOPE = new URL('./', self.location.href).href;
const INDEX = new URL('index.html', SCOPE).href;
const PRECACHED = new Set(FILES.map((file) => new URL(file, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...PRECACHED])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

/** The cached file a request stands for: the page for a visit to the folder, else the same URL. */
function cacheKey(request) {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  url.hash = '';
  url.search = '';
  if (request.mode === 'navigate' && url.href === SCOPE) return INDEX;
  return PRECACHED.has(url.href) ? url.href : undefined;
}

self.addEventListener('fetch', (event) => {
  const key = cacheKey(event.request);
  if (!key) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit ?? fetch(event.request))
  );
});
