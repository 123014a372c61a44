/* inspectapp — offline copy of the inspector's checklist page (served as /inspections/sw.js).
 *
 * Only GET navigations to /inspections/<id>/checklist and the static files the page names are
 * cached, both network-first: online, the page is always fresh (and the copy is
 * refreshed); offline, the last copy is shown and the draft in IndexedDB fills it. Uploads and
 * every other request go straight to the network.
 */
"use strict";

var CACHE = "inspectapp-checklist-v1";
var CHECKLIST = /^\/inspections\/\d+\/checklist$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.startsWith("inspectapp-") && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/** One cached copy per checklist page, whatever ?window= it was opened with. */
function keyOf(url) {
  var u = new URL(url, self.location.origin);
  return u.origin + u.pathname;
}

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

function remember(url, response) {
  if (!response || !response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return caches.open(CACHE).then(function (cache) { return cache.put(keyOf(url), response); });
}

function forget(url) {
  return caches.open(CACHE).then(function (cache) { return cache.delete(keyOf(url)); });
}

function checklistPage(request) {
  return fetch(request).then(function (response) {
    if (response.redirected) forget(request.url); // logged out: do not keep the page
    else remember(request.url, response.clone());
    return response;
  }).catch(function () {
    return caches.match(keyOf(request.url), { ignoreVary: true }).then(function (cached) {
      return cached || new Response("<!doctype html><meta charset=utf-8><p>离线，且本机没有保存此页面。请联网后重新打开。</p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function staticFile(request) {
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    remember(url, response.clone());
    return response;
  }).catch(function () {
    return caches.match(keyOf(url), { ignoreVary: true }).then(function (cached) {
      return cached || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && CHECKLIST.test(url.pathname)) {
    event.respondWith(checklistPage(request));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});

/** The page asks for itself and its assets to be cached (the first visit was not yet controlled). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache") return;
  var urls = (data.urls || []).filter(function (u) {
    var url = new URL(u, self.location.origin);
    return url.origin === self.location.origin && (CHECKLIST.test(url.pathname) || isStatic(url));
  });
  event.waitUntil(Promise.all(urls.map(function (u) {
    return fetch(u, { credentials: "same-origin" }).then(function (response) { return remember(u, response); })
      .catch(function () {});
  })).then(function () {
    if (event.ports && event.ports[0]) event.ports[0].postMessage("cached");
  }));
});
