/*
 * Load the search index only once the reader shows they are about to search.
 *
 * Material for MkDocs 9 requests search/search_index.json (XMLHttpRequest, from its bundle's
 * request()) as soon as a page loads, and its worker then builds the lunr index: hundreds of
 * kilobytes and a third of a CPU-second on every page, for readers who never search. Here the
 * request is opened as Material opens it, but its send() waits until the reader moves to the
 * search box, focuses it, opens search (the #__search toggle, Material's f, s and / keys), or
 * the address asks for search at load (?h= highlights the words of a search result, ?q= opens
 * search with a query). Then the held request is sent, once; later requests go at once.
 * Other requests are not touched. Material shows "Initializing search" until the index is in.
 *
 * Loaded before Material's bundle (overrides/main.html), which sends the request while it runs.
 * tests/test_search.py fails if a Material upgrade changes how the index is requested.
 */
(function () {
  "use strict";

  var INDEX = /(^|\/)search\/search_index\.json$/;
  var INPUT = "[data-md-component=search-query], .md-search__input";
  var SEARCH = ".md-search, label[for=__search]";
  var KEYS = ["f", "s", "/"]; // Material's global keys that open search
  var released = false;
  var held = []; // [request, arguments of send()] waiting for the reader
  var urls = new WeakMap(); // request -> URL given to open()
  var dropped = new WeakSet(); // held requests aborted before they were sent

  function isIndex(url) {
    try {
      return INDEX.test(new URL(url, location.href).pathname);
    } catch (e) {
      return false;
    }
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var abort = XMLHttpRequest.prototype.abort;
  XMLHttpRequest.prototype.open = function (method, url) {
    urls.set(this, String(url));
    dropped.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!released && isIndex(urls.get(this) || "")) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };
  XMLHttpRequest.prototype.abort = function () {
    dropped.add(this); // aborting an unsent request fires no event: forget it instead
    return abort.apply(this, arguments);
  };

  /* Editable elements, where f, s and / are typed rather than open search (as Material decides). */
  function editable(el) {
    if (!el) return false;
    if (el instanceof HTMLInputElement) return el.type !== "radio";
    return el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement || el.isContentEditable;
  }

  function closest(target, selector) {
    return target instanceof Element && target.closest(selector) !== null;
  }

  function onFocus(ev) {
    if (closest(ev.target, INPUT)) release();
  }
  function onPointer(ev) {
    if (closest(ev.target, SEARCH)) release();
  }
  function onChange(ev) {
    if (ev.target instanceof HTMLInputElement && ev.target.id === "__search" && ev.target.checked) release();
  }
  function onKey(ev) {
    if (ev.metaKey || ev.ctrlKey || KEYS.indexOf(ev.key) < 0) return;
    if (!editable(document.activeElement)) release();
  }

  var LISTENERS = [
    ["focusin", onFocus],
    ["pointerdown", onPointer],
    ["pointerover", onPointer],
    ["change", onChange],
    ["keydown", onKey],
  ];

  function release() {
    if (released) return;
    released = true;
    LISTENERS.forEach(function (l) {
      document.removeEventListener(l[0], l[1], true);
    });
    held.splice(0).forEach(function (h) {
      if (!dropped.has(h[0])) send.apply(h[0], h[1]);
    });
  }

  var params = new URLSearchParams(location.search);
  // As Material reads them: an empty h highlights nothing, any q opens search.
  if (params.get("h") || params.has("q")) {
    released = true; // the bundle needs the index at load: highlight the words, run the query
    return;
  }
  // Capture: seen before Material's own handlers act on the same event.
  LISTENERS.forEach(function (l) {
    document.addEventListener(l[0], l[1], true);
  });
})();
