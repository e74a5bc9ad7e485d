/*
 * Segment search queries typed without spaces (Thai, Chinese, Japanese) in the browser.
 *
 * The search indexes are segmented at build time (scripts/content/segment.py: PyThaiNLP, jieba,
 * TinySegmenter), words separated by U+200B. A reader types a phrase without spaces, so the
 * query must be cut into the same words. The browser's own Intl.Segmenter (word granularity,
 * the page's language) cuts it; as its dictionary is not the build's, the cut is then aligned
 * with the words of the index: the run is split into the fewest indexed words, preferring
 * the browser's word boundaries where two splits are as short. Nothing is downloaded: the
 * words come from the index Material has already loaded.
 *
 * Every indexed word of such a run without Han characters is required (+): readers type the
 * phrase they look for.
 *
 * Material for MkDocs 9 has no query-transform hook (removed in 9.0), so the query is rewritten
 * on its way to the search worker: Worker.prototype.postMessage is wrapped, and only Material's
 * search messages ({type: SETUP|QUERY}) are read or changed. tests/test_search.py fails if a
 * Material upgrade changes that protocol. Loaded before Material's bundle (overrides/main.html).
 */
(function () {
  "use strict";

  var SETUP = 0; // Material's SearchMessageType.SETUP
  var QUERY = 2; // Material's SearchMessageType.QUERY
  // Scripts written without spaces between words (the ones scripts/content/segment.py segments).
  var SCRIPTS = "[\\p{sc=Thai}\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005\\u3006]";
  var RUN = new RegExp(SCRIPTS + "+", "gu");
  var HAS_RUN = new RegExp(SCRIPTS, "u");
  var HAN_RUN = /\p{sc=Han}+/gu; // what Material's worker cuts again (see materialPieces)
  var HAS_HAN = /\p{sc=Han}/u;
  var WORD = /[\p{L}\p{N}]/u;
  var LONGEST = 24; // longest indexed word looked for, in UTF-16 units
  // Costs of one piece of a split: fewest pieces win; unknown text is the last resort.
  var COST_WORD = 1; // an indexed word
  var COST_PREFIX = 1.5; // a browser segment that starts an indexed word (Material appends *)
  var COST_UNKNOWN = 3; // a browser segment or a character found nowhere in the index
  var COST_OFF_BOUNDARY = 0.1; // a cut where the browser sees no word boundary

  if (typeof Worker === "undefined" || typeof Intl === "undefined" || !Intl.Segmenter) return;

  var segmenter = null; // made on first use, in the page's language
  var vocabulary = new Set();
  var prefixes = new Set();

  /* Remember the indexed words written in the scripts above, and every start of them. */
  function learn(index) {
    var separator = new RegExp(index.config.separator);
    vocabulary = new Set();
    prefixes = new Set();
    index.docs.forEach(function (doc) {
      [doc.title || "", doc.text || ""].forEach(function (field) {
        field
          .replace(/<[^>]*>/g, " ")
          .split(separator)
          .forEach(function (token) {
            var word = token.toLowerCase();
            if (!word || vocabulary.has(word) || !HAS_RUN.test(word)) return;
            vocabulary.add(word);
            for (var end = 1; end < word.length; end++) prefixes.add(word.slice(0, end));
          });
      });
    });
  }

  /* The browser's word boundaries in a run, as a set of offsets. */
  function boundaries(run) {
    if (!segmenter) segmenter = new Intl.Segmenter(document.documentElement.lang || "en", { granularity: "word" });
    var cuts = new Set([0, run.length]);
    for (var part of segmenter.segment(run)) cuts.add(part.index + part.segment.length);
    return cuts;
  }

  /* Split a run into the cheapest sequence of pieces (a shortest path over its offsets). */
  function align(run) {
    var cuts = boundaries(run);
    if (vocabulary.size === 0) {
      // The index is not loaded yet: the browser's words as they are.
      var ends = Array.from(cuts).sort(function (a, b) { return a - b; });
      return ends.slice(1).map(function (end, k) { return run.slice(ends[k], end); });
    }
    var cost = [0];
    var from = [0];
    for (var i = 0; i < run.length; i++) {
      if (cost[i] === undefined) continue;
      var nextCut = run.length;
      for (var c of cuts) if (c > i && c < nextCut) nextCut = c;
      for (var j = i + 1; j <= run.length && j - i <= LONGEST; j++) {
        var piece = run.slice(i, j);
        var price;
        if (vocabulary.has(piece)) price = COST_WORD;
        else if (cuts.has(i) && j === nextCut) price = prefixes.has(piece) ? COST_PREFIX : COST_UNKNOWN;
        else if (j === i + 1) price = COST_UNKNOWN;
        else continue;
        price += cost[i] + (cuts.has(j) ? 0 : COST_OFF_BOUNDARY);
        if (cost[j] === undefined || price < cost[j]) {
          cost[j] = price;
          from[j] = i;
        }
      }
    }
    var pieces = [];
    for (var end = run.length; end > 0; end = from[end]) pieces.unshift(run.slice(from[end], end));
    return pieces;
  }

  /*
   * Material's worker cuts every Han run of a query again, greedily, with the words of the
   * index (search/query/segment.ts of Material 9, MIT licence, reproduced). When it cuts a run
   * into several pieces it joins them with "* ", and they then show as missing; when it keeps
   * one piece it may drop the end of the run inside a longer word.
   */
  function materialPieces(run) {
    var pieces = new Set();
    var cuts = new Uint16Array(run.length);
    for (var i = 0; i < run.length; i++)
      for (var j = i + 1; j < run.length; j++) if (vocabulary.has(run.slice(i, j))) cuts[i] = j - i;
    var stack = [0];
    for (var s = stack.length; s > 0; ) {
      var p = stack[--s];
      for (var q = 1; q < cuts[p]; q++)
        if (cuts[p + q] > cuts[p] - q) {
          pieces.add(run.slice(p, p + q));
          stack[s++] = p + q;
        }
      var end = p + cuts[p];
      if (cuts[end] && end < run.length - 1) stack[s++] = end;
      pieces.add(run.slice(p, end));
    }
    return pieces.has("") ? [run] : Array.from(pieces);
  }

  /* The longest start of a word that Material's second cut leaves one term starting it. */
  function keptByMaterial(word) {
    for (var end = word.length; end > 1; end--) {
      var start = word.slice(0, end);
      var seen = start.replace(HAN_RUN, function (run) {
        return materialPieces(run).join("* ");
      });
      if (seen.indexOf(" ") < 0 && start.startsWith(seen)) return start;
    }
    return word.slice(0, 1);
  }

  /* Rewrite a query: each unspaced run becomes its words, keeping a leading +/- modifier. */
  function transform(query) {
    return query.replace(RUN, function (run, offset) {
      var before = query.charAt(offset - 1);
      var after = query.charAt(offset + run.length);
      var modifier = "";
      if ((before === "+" || before === "-") && !WORD.test(query.charAt(offset - 2))) modifier = before;
      // A phrase typed as one run asks for all its words: each indexed word is required (+), so
      // that the sections holding the phrase are not outranked by those holding its commonest
      // word. A piece found nowhere in the index stays optional, or nothing would be found; so
      // does one with Han characters, which Material's worker cuts again (materialPieces), and
      // the required piece would then be a term no section holds.
      var words = align(run.toLowerCase())
        .map(function (piece, k) {
          var kept = keptByMaterial(piece);
          var sign = modifier === "-" ? "-" : vocabulary.has(piece) && !HAS_HAN.test(piece) ? "+" : modifier;
          // The first piece's modifier, when the reader typed one, is already in the query.
          return (k === 0 && modifier ? "" : sign) + kept;
        })
        .join(" ");
      return (WORD.test(before) ? " " : "") + words + (WORD.test(after) ? " " : "");
    });
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === SETUP && message.data && message.data.docs) {
      learn(message.data);
    } else if (message && message.type === QUERY && typeof message.data === "string") {
      args[0] = { type: QUERY, data: transform(message.data) };
    }
    return post.apply(this, args);
  };
})();
