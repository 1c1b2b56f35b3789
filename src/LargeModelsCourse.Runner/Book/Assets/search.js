/* LargeModelsCourse book: the search box in the top bar. The edition's index (search-index.js, beside the page) is a
   script that sets a global, loaded when the box is first used: a page opened from disk may not fetch() a file.
   Matching is substring matching over folded text (Latin case-insensitive, full-width forms folded), so Chinese, which
   puts no spaces between words, matches as well as English. Indexed text is only ever set as textContent: it is
   data, never markup. */
(function () {
  'use strict';

  var doc = document;
  var input = doc.getElementById('search-input');
  var panel = doc.getElementById('search-results');
  if (!input || !panel) return;

  var MaxResults = 20;
  var words = {
    noResults: input.getAttribute('data-no-results') || 'Nothing found for \u201c{0}\u201d.',
    exercise: input.getAttribute('data-exercise') || 'Exercise',
    unavailable: input.getAttribute('data-unavailable') || 'Search is unavailable.'
  };
  var state = 'idle'; // idle → loading → ready | failed
  var entries = [];

  /* ---------- Folding: one code unit in, one out, so a position in the folded text is a position in the original ---------- */
  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code < 128) {
        out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
        continue;
      }
      var folded = ch.normalize('NFKC').toLowerCase();
      if (folded.length !== 1) folded = ch.toLowerCase();
      out += folded.length === 1 ? folded : ch;
    }
    return out;
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  /* ---------- Loading the index ---------- */
  function load() {
    if (state !== 'idle') return;
    state = 'loading';
    var script = doc.createElement('script');
    script.src = input.getAttribute('data-index') || 'search-index.js';
    script.onload = function () {
      var index = window.LargeModelsCourseSearch;
      if (!index || !index.entries) { fail(); return; }
      entries = index.entries.map(function (e, order) {
        return { page: e.p, anchor: e.a, chapter: e.c, section: e.s, text: e.t, kind: e.k, order: order, fs: fold(e.s), ft: fold(e.t) };
      });
      state = 'ready';
      run();
    };
    script.onerror = fail;
    doc.head.appendChild(script);
  }

  function fail() {
    state = 'failed';
    console.warn('book: the search index did not load');
    run();
  }

  /* ---------- Matching and ranking: a hit in a heading (or an exercise's title) before a hit in the text, where more
     hits rank higher; every word typed must match. The chapter's name is not matched: it would make every section of
     a chapter a hit (its own title is the entry of its first section). ---------- */
  function count(hay, term) {
    var n = 0;
    for (var at = hay.indexOf(term); at !== -1 && n < 5; at = hay.indexOf(term, at + term.length)) n++;
    return n;
  }

  function search(query) {
    var wanted = terms(query);
    if (wanted.length === 0) return [];
    var found = [];
    entries.forEach(function (entry) {
      var score = 0;
      for (var i = 0; i < wanted.length; i++) {
        var term = wanted[i];
        var inText = count(entry.ft, term);
        if (entry.fs.indexOf(term) !== -1) score += 100 + inText;
        else if (inText > 0) score += inText;
        else return;
      }
      found.push({ entry: entry, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score || a.entry.order - b.entry.order; });
    return found.slice(0, MaxResults).map(function (f) { return f.entry; });
  }

  /* ---------- Showing results: text nodes and <mark> elements, nothing parsed ---------- */
  function appendMarked(parent, text, wanted) {
    var folded = fold(text);
    var ranges = [];
    wanted.forEach(function (term) {
      for (var at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var position = 0;
    ranges.forEach(function (r) {
      if (r[1] <= position) return;
      var start = Math.max(r[0], position);
      if (start > position) parent.appendChild(doc.createTextNode(text.slice(position, start)));
      var mark = doc.createElement('mark');
      mark.textContent = text.slice(start, r[1]);
      parent.appendChild(mark);
      position = r[1];
    });
    if (position < text.length) parent.appendChild(doc.createTextNode(text.slice(position)));
  }

  function excerpt(entry, wanted) {
    var text = entry.text;
    var first = -1;
    wanted.forEach(function (term) {
      var at = entry.ft.indexOf(term);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    if (text.length <= 160) return text;
    var start = first <= 50 ? 0 : first - 50;
    var end = Math.min(text.length, start + 160);
    return (start > 0 ? '\u2026' : '') + text.slice(start, end) + (end < text.length ? '\u2026' : '');
  }

  function link(entry) {
    return entry.page + (entry.anchor ? '#' + encodeURIComponent(entry.anchor) : '');
  }

  function message(text) {
    var p = doc.createElement('p');
    p.className = 'search-message';
    p.textContent = text;
    panel.appendChild(p);
  }

  function show(open) {
    panel.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function run() {
    var query = input.value.trim();
    panel.textContent = '';
    if (query.length === 0) { show(false); return; }
    if (state === 'idle') load();
    if (state === 'loading') return; // the index's onload runs the search again
    if (state === 'failed') { message(words.unavailable); show(true); return; }
    var wanted = terms(query);
    var results = search(query);
    if (results.length === 0) message(words.noResults.replace('{0}', query));
    var list = doc.createElement('ol');
    list.className = 'search-list';
    results.forEach(function (entry) {
      var item = doc.createElement('li');
      var a = doc.createElement('a');
      a.className = 'search-result';
      a.setAttribute('href', link(entry));
      var where = doc.createElement('span');
      where.className = 'search-where';
      where.textContent = entry.chapter;
      var title = doc.createElement('span');
      title.className = 'search-title';
      if (entry.kind === 'exercise') {
        var badge = doc.createElement('span');
        badge.className = 'search-kind';
        badge.textContent = words.exercise;
        title.appendChild(badge);
      }
      appendMarked(title, entry.section, wanted);
      a.appendChild(where);
      a.appendChild(title);
      var shown = excerpt(entry, wanted);
      if (shown.length > 0) {
        var text = doc.createElement('span');
        text.className = 'search-excerpt';
        appendMarked(text, shown, wanted);
        a.appendChild(text);
      }
      a.addEventListener('click', function () { show(false); });
      item.appendChild(a);
      list.appendChild(item);
    });
    if (results.length > 0) panel.appendChild(list);
    show(true);
  }

  /* ---------- Keys: / focuses the box, Enter opens the first result, arrows move, Esc closes ---------- */
  function resultLinks() {
    return Array.prototype.slice.call(panel.querySelectorAll('a.search-result'));
  }

  function close() {
    show(false);
    input.blur();
  }

  input.addEventListener('focus', load);
  input.addEventListener('input', run);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      var first = resultLinks()[0];
      if (first) { e.preventDefault(); show(false); window.location.href = first.href; }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown') {
      var links = resultLinks();
      if (links.length > 0) { e.preventDefault(); links[0].focus(); }
    }
  });
  panel.addEventListener('keydown', function (e) {
    var links = resultLinks();
    var at = links.indexOf(doc.activeElement);
    if (e.key === 'ArrowDown' && at < links.length - 1) links[at + 1].focus();
    else if (e.key === 'ArrowUp') { if (at > 0) links[at - 1].focus(); else input.focus(); }
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
    // book.js's keys (p, c, arrows while presenting) are not for the results list.
    e.stopPropagation();
  });
  doc.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var target = e.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (doc.body.classList.contains('presenting')) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  doc.addEventListener('click', function (e) {
    if (!panel.hidden && !input.parentNode.contains(e.target)) show(false);
  });
  // Back to the box: the last results show again.
  input.addEventListener('focus', function () { if (input.value.trim().length > 0 && panel.hidden) run(); });
})();
