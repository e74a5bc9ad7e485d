/* Material loads search/search_index.json relative to __config.base: point it at this
   language's own index (scripts/postbuild/search.py writes one per language). The base
   comes from this script tag's data-base attribute, so the file is the same on every page
   and the Content-Security-Policy allows it as 'self' (no inline script). */
(function (script) {
  var element = document.getElementById("__config");
  var config = JSON.parse(element.textContent);
  config.base = script.dataset.base;
  element.textContent = JSON.stringify(config);
})(document.currentScript);
