/* binhdang service worker (Workbox 7.4.1, vendored): rendered by binhdang/core/pwa.py. */
"use strict";
const CONFIG = {{ config|safe }};
importScripts("{{ workbox_sw }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_prefix }}", debug: false });

const { precacheAndRoute, cleanupOutdatedCaches } = workbox.precaching;
const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, NetworkOnly, StaleWhileRevalidate } = workbox.strategies;

self.skipWaiting();
workbox.core.clientsClaim();
precacheAndRoute(CONFIG.precache);
cleanupOutdatedCaches();

// Only a complete page of the signed-in user is kept: no redirect (to the login page), no error.
const onlyPages = {
  cacheWillUpdate: async ({ response }) =>
    response && response.status === 200 && !response.redirected ? response : null,
};
const pages = CONFIG.pages.map((source) => new RegExp(source));
registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin
    && pages.some((re) => re.test(url.pathname)),
  new NetworkFirst({
    cacheName: CONFIG.pagesCache, networkTimeoutSeconds: 10,
    matchOptions: { ignoreVary: true }, plugins: [onlyPages],
  }),
);
// Every other page straight from the network; without one, the page below says why.
registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin,
  new NetworkOnly(),
);
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(CONFIG.staticUrl),
  new StaleWhileRevalidate({ cacheName: "binhdang-static-v1" }),
);

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// A page that was never opened online: say so, in the user's language, instead of the
// browser's error page.
setCatchHandler(async ({ request }) => {
  if (request.mode !== "navigate") return Response.error();
  const css = CONFIG.precache.find((entry) => entry.url.endsWith("app.css"));
  const html = `<!doctype html><html lang="${escapeHtml(CONFIG.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(CONFIG.offlineTitle)}</title>
${css ? `<link rel="stylesheet" href="${css.url}">` : ""}</head><body><main class="content">
<h1>${escapeHtml(CONFIG.offlineTitle)}</h1><p>${escapeHtml(CONFIG.offlineText)}</p>
<p><a href="/">${escapeHtml(CONFIG.offlineHome)}</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
});

// Signed out: forget the cached pages (they hold the previous user's data).
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "signed-out") {
    event.waitUntil(caches.delete(CONFIG.pagesCache));
  }
});
