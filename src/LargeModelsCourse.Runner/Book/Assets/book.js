/* LargeModelsCourse book: formulas (KaTeX), code colours (highlight.js) and charts (plotly.js), all from the
   site's own assets/ folder, plus the small-screen sidebar, hiding code, presentation mode and printing.
   No network, no framework: the page is static HTML and this script only decorates it. */
(function () {
  'use strict';

  var doc = document;
  var body = doc.body;
  var root = doc.documentElement;
  var article = doc.querySelector('article.chapter');
  var isChapterPage = body.classList.contains('page-chapter') && article !== null;
  // The interface's words in the page's language (the page carries them, so one script serves every edition).
  var words = {
    showCode: body.getAttribute('data-show-code') || 'Show code',
    hideCode: body.getAttribute('data-hide-code') || 'Hide code',
    codeTitle: body.getAttribute('data-code-title') || 'Show or hide the code (c)',
    previous: body.getAttribute('data-previous-slide') || 'Previous slide',
    next: body.getAttribute('data-next-slide') || 'Next slide',
    exit: body.getAttribute('data-exit') || 'Exit',
    exitTitle: body.getAttribute('data-exit-title') || 'Leave presentation mode (p or Esc)',
    coreOnly: body.getAttribute('data-core-only') || 'core only · d adds the deep dives',
    withDeepDives: body.getAttribute('data-with-deep-dives') || 'with deep dives · d leaves them out'
  };

  /* ---------- Formulas: Markdig marks them span.math \( \) and div.math \[ \]; KaTeX draws them. ---------- */
  function renderMath() {
    if (typeof window.renderMathInElement !== 'function') return;
    doc.querySelectorAll('.math').forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          { left: '\\[', right: '\\]', display: true },
          { left: '\\(', right: '\\)', display: false }
        ],
        throwOnError: false
      });
    });
  }

  /* ---------- Code colours ---------- */
  function highlight() {
    var hljs = window.hljs;
    if (!hljs) return;
    doc.querySelectorAll('pre code[class*="language-"]').forEach(function (el) {
      var match = /language-([\w-]+)/.exec(el.className);
      // Only languages highlight.js knows: an unknown one would only earn a console warning.
      if (match && match[1] !== 'plaintext' && hljs.getLanguage(match[1])) hljs.highlightElement(el);
    });
  }

  /* ---------- Charts: drawn from the notebook's Plotly JSON by the site's single copy of plotly.js ---------- */
  function drawChart(el) {
    var source = doc.getElementById(el.getAttribute('data-figure'));
    var figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (error) {
      el.setAttribute('data-state', 'error');
      console.error('book: chart ' + el.getAttribute('data-figure') + ' has unreadable figure JSON', error);
      return Promise.resolve();
    }
    var layout = Object.assign({}, figure.layout || {});
    // Notebooks fix a width for their output area; in the book a chart fills the column instead.
    delete layout.width;
    layout.autosize = true;
    var config = Object.assign({}, figure.config || {}, { responsive: true, displaylogo: false });
    el.textContent = '';
    return window.Plotly.newPlot(el, figure.data || [], layout, config).then(function () {
      el.setAttribute('data-state', 'drawn');
    }, function (error) {
      el.setAttribute('data-state', 'error');
      console.error('book: chart ' + el.getAttribute('data-figure') + ' could not be drawn', error);
    });
  }

  function drawCharts() {
    var charts = Array.prototype.slice.call(doc.querySelectorAll('.plotly-chart[data-figure]'));
    if (charts.length === 0) return Promise.resolve();
    if (!window.Plotly) {
      charts.forEach(function (el) { el.setAttribute('data-state', 'error'); });
      console.error('book: plotly.js did not load, so ' + charts.length + ' chart(s) cannot be drawn');
      return Promise.resolve();
    }
    // One after another, so the text is readable at once while a long chapter's charts appear.
    return charts.reduce(function (previous, el) {
      return previous.then(function () { return drawChart(el); });
    }, Promise.resolve());
  }

  /* ---------- Sidebar on small screens ---------- */
  var sidebarToggle = doc.querySelector('.sidebar-toggle');
  function setSidebar(open) {
    body.classList.toggle('sidebar-open', open);
    if (sidebarToggle) sidebarToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  if (sidebarToggle) {
    sidebarToggle.addEventListener('click', function () { setSidebar(!body.classList.contains('sidebar-open')); });
  }
  doc.querySelectorAll('.sidebar a').forEach(function (a) {
    a.addEventListener('click', function () { setSidebar(false); });
  });

  /* ---------- Hiding code (key c): outputs and prose only, e.g. to discuss results ---------- */
  function toggleCode() {
    var hidden = body.classList.toggle('hide-code');
    doc.querySelectorAll('[data-action="code"]').forEach(function (button) {
      button.textContent = hidden ? words.showCode : words.hideCode;
      button.setAttribute('aria-pressed', hidden ? 'true' : 'false');
    });
    if (present.on && isBlank(present.slides[present.index])) go(present.index + 1, 1);
  }

  /* ---------- Presentation mode (key p, the Present button, or ?present in the URL) ----------
     A slide is a list of section.cell elements. Each section's data-slide comes from the course's slide rule, the one
     that writes the notebooks' Jupyter slideshow metadata: "slide" and "subslide" start a slide, "-" and "fragment"
     join the current one, "skip" is left out, so the book presents the same slides as nbconvert --to slides.
     Slides of an optional deep dive (data-deep-dive) are passed by, so an instructor presents the chapter's core;
     key d brings them back. The count is of the slides being presented. */
  var present = { on: false, index: 0, slides: [], deep: false };
  var bar = null;

  function slidesOf(cells) {
    var slides = [];
    cells.forEach(function (cell) {
      var kind = cell.getAttribute('data-slide') || 'slide';
      if (kind === 'skip') return;
      if (slides.length === 0 || kind === 'slide' || kind === 'subslide') slides.push([cell]);
      else slides[slides.length - 1].push(cell);
    });
    return slides;
  }

  function findIn(slide, selector) {
    for (var i = 0; i < slide.length; i++) {
      var found = slide[i].matches(selector) ? slide[i] : slide[i].querySelector(selector);
      if (found) return found;
    }
    return null;
  }

  function isBlank(slide) {
    // With code hidden, a code cell that showed nothing has nothing left to project.
    return slide.every(function (cell) {
      return body.classList.contains('hide-code') && cell.classList.contains('cell-code') && !cell.querySelector('.cell-outputs');
    });
  }

  function buildBar() {
    bar = doc.createElement('div');
    bar.className = 'present-bar';
    bar.innerHTML =
      '<div class="present-progress"><span></span></div>' +
      '<span class="present-where"></span>' +
      '<span class="present-controls">' +
      '<button type="button" data-action="prev">\u2190</button>' +
      '<span class="present-count" aria-live="polite"></span>' +
      '<button type="button" data-action="next">\u2192</button>' +
      '<button type="button" data-action="code"></button>' +
      '<button type="button" data-action="present"></button>' +
      '</span>';
    // The words are set as text, never parsed as markup.
    var labels = [['prev', words.previous, null], ['next', words.next, null], ['code', words.codeTitle, body.classList.contains('hide-code') ? words.showCode : words.hideCode], ['present', words.exitTitle, words.exit]];
    labels.forEach(function (l) {
      var button = bar.querySelector('[data-action="' + l[0] + '"]');
      button.setAttribute('title', l[1]);
      if (l[2] === null) button.setAttribute('aria-label', l[1]); else button.textContent = l[2];
    });
    // The language switch stays at hand while presenting (the top bar is hidden then).
    var languageSwitch = doc.querySelector('.topbar a.lang-switch');
    if (languageSwitch) {
      var copy = languageSwitch.cloneNode(true);
      copy.classList.remove('button');
      copy.addEventListener('click', switchLanguage);
      bar.querySelector('.present-controls').appendChild(copy);
    }
    body.appendChild(bar);
    bar.querySelector('[data-action="prev"]').addEventListener('click', function () { go(present.index - 1, -1); });
    bar.querySelector('[data-action="next"]').addEventListener('click', function () { go(present.index + 1, 1); });
    bar.querySelector('[data-action="code"]').addEventListener('click', toggleCode);
    bar.querySelector('[data-action="present"]').addEventListener('click', exit);
  }

  function sectionTitle(index) {
    for (var i = index; i >= 0; i--) {
      var heading = findIn(present.slides[i], 'h2, h1');
      if (heading) return heading.textContent;
    }
    return '';
  }

  function fitCharts(slide, presenting) {
    if (!window.Plotly) return;
    slide.querySelectorAll('.plotly-chart[data-state="drawn"]').forEach(function (el) {
      if (!presenting && !el._bookLayout) return; // never resized for a slide: nothing to restore
      if (!el._bookLayout) {
        el._bookLayout = { height: (el.layout && el.layout.height) || 450, font: (el.layout && el.layout.font && el.layout.font.size) || 12 };
      }
      var original = el._bookLayout;
      // width: null lets plotly.js measure the column again (it stores the width it measured at first).
      var update = presenting
        ? { width: null, autosize: true, height: Math.min(original.height, Math.round(window.innerHeight * 0.68)), 'font.size': Math.max(original.font, 18) }
        : { width: null, autosize: true, height: original.height, 'font.size': original.font };
      window.Plotly.relayout(el, update);
    });
  }

  function passedBy(slide) {
    return isBlank(slide) || (!present.deep && slide[0].hasAttribute('data-deep-dive'));
  }

  function toggleDeepDives() {
    present.deep = !present.deep;
    // Leaving a deep dive that is no longer presented: on to the next slide that is.
    if (passedBy(present.slides[present.index])) go(present.index + 1, 1); else go(present.index, 1);
  }

  function go(target, direction) {
    var slides = present.slides;
    var i = Math.max(0, Math.min(slides.length - 1, target));
    while (passedBy(slides[i]) && i + direction >= 0 && i + direction < slides.length) i += direction;
    // At either end with only passed-by slides beyond: go back the other way.
    while (passedBy(slides[i]) && i - direction >= 0 && i - direction < slides.length) i -= direction;
    if (passedBy(slides[i])) return;
    slides[present.index].forEach(function (cell) { cell.classList.remove('slide-current'); });
    present.index = i;
    slides[i].forEach(function (cell) {
      cell.classList.add('slide-current');
      // Several cells on one slide share the screen instead of each filling it.
      cell.classList.toggle('slide-part', slides[i].length > 1);
    });
    window.scrollTo(0, 0);
    slides[i].forEach(function (cell) { fitCharts(cell, true); });
    var shown = slides.filter(function (s) { return !passedBy(s); });
    var hasDeepDives = slides.some(function (s) { return s[0].hasAttribute('data-deep-dive'); });
    bar.querySelector('.present-count').textContent = (shown.indexOf(slides[i]) + 1) + ' / ' + shown.length +
      (hasDeepDives ? ' \u00b7 ' + (present.deep ? words.withDeepDives : words.coreOnly) : '');
    var chapter = doc.querySelector('.topbar-title').textContent;
    var section = sectionTitle(i);
    // On the title slide the section is the chapter itself: name it once.
    bar.querySelector('.present-where').textContent = section && chapter.indexOf(section) === -1 ? chapter + ' \u2014 ' + section : chapter;
    bar.querySelector('.present-progress span').style.width = (100 * (shown.indexOf(slides[i]) + 1) / shown.length) + '%';
    setUrl(i + 1);
  }

  function setUrl(slideNumber) {
    // Keeps the slide across a reload (F5 during a lecture). Some browsers refuse this for file:// pages.
    try {
      var url = new URL(window.location.href);
      if (slideNumber) url.searchParams.set('present', String(slideNumber)); else url.searchParams.delete('present');
      window.history.replaceState(null, '', url.toString());
    } catch (ignored) { /* the mode works without it */ }
  }

  function slideAtScroll() {
    for (var i = 0; i < present.slides.length; i++) {
      var cells = present.slides[i];
      if (cells[cells.length - 1].getBoundingClientRect().bottom > 80) return i;
    }
    return 0;
  }

  function enter(start) {
    if (!isChapterPage || present.on) return;
    present.slides = slidesOf(Array.prototype.slice.call(article.querySelectorAll(':scope > .cell')));
    if (present.slides.length === 0) return;
    if (!bar) buildBar();
    var first = start === undefined ? slideAtScroll() : start;
    present.on = true;
    present.index = 0;
    body.classList.add('presenting');
    setSidebar(false);
    go(first, 1);
  }

  function exit() {
    if (!present.on) return;
    var slide = present.slides[present.index][0];
    present.on = false;
    body.classList.remove('presenting');
    present.slides.forEach(function (cells) { cells.forEach(function (s) { s.classList.remove('slide-current'); fitCharts(s, false); }); });
    setUrl(null);
    slide.scrollIntoView({ block: 'start' });
  }

  doc.querySelectorAll('.topbar [data-action="present"]').forEach(function (b) { b.addEventListener('click', function () { enter(); }); });
  doc.querySelectorAll('.topbar [data-action="code"]').forEach(function (b) { b.addEventListener('click', toggleCode); });

  doc.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var target = e.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var key = e.key;
    if (key === 'p' || key === 'P') {
      if (present.on) exit(); else enter();
    } else if (key === 'c' || key === 'C') {
      if (!isChapterPage) return;
      toggleCode();
    } else if (!present.on) {
      return;
    } else if (key === 'ArrowRight' || key === 'PageDown') {
      go(present.index + 1, 1);
    } else if (key === 'ArrowLeft' || key === 'PageUp') {
      go(present.index - 1, -1);
    } else if (key === ' ' || key === 'Spacebar') {
      // Space on a focused control (a solution's <summary>, a button) keeps its own meaning.
      if (target && /^(SUMMARY|BUTTON|A)$/.test(target.tagName)) return;
      if (e.shiftKey) go(present.index - 1, -1); else go(present.index + 1, 1);
    } else if (key === 'Home') {
      go(0, 1);
    } else if (key === 'End') {
      go(present.slides.length - 1, -1);
    } else if (key === 'Escape') {
      exit();
    } else if (key === 'd' || key === 'D') {
      toggleDeepDives();
    } else if (key === 'f' || key === 'F') {
      if (doc.fullscreenElement) doc.exitFullscreen(); else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
    } else {
      return;
    }
    e.preventDefault();
  });

  /* ---------- Language switch: the other edition's page of the same name, at the section in view ----------
     Both editions give a section the same id, so the anchor of the heading (or code cell) the reader is at, or of
     the slide being presented, finds the same place in the other language. */
  function placeInView() {
    if (present.on) {
      for (var i = present.index; i >= 0; i--) {
        var marked = findIn(present.slides[i], 'section.cell-code[id], h1[id], h2[id], h3[id]');
        if (marked) return marked.id;
      }
      return null;
    }
    var marks = doc.querySelectorAll('main h1[id], main h2[id], main h3[id], main section.cell-code[id]');
    var found = null;
    for (var j = 0; j < marks.length; j++) {
      if (marks[j].getBoundingClientRect().top > 90) break;
      found = marks[j];
    }
    return found ? found.id : null;
  }

  function switchLanguage(e) {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    var id = placeInView();
    var target = this.getAttribute('href') + (present.on ? '?present=' + (present.index + 1) : '') + (id ? '#' + encodeURIComponent(id) : '');
    e.preventDefault();
    window.location.href = new URL(target, window.location.href).toString();
  }
  doc.querySelectorAll('a.lang-switch').forEach(function (a) { a.addEventListener('click', switchLanguage); });

  /* ---------- Printing: every folded solution and trace opens, and presentation mode steps aside ---------- */
  var closedForPrint = [];
  window.addEventListener('beforeprint', function () {
    exit();
    closedForPrint = Array.prototype.slice.call(doc.querySelectorAll('details:not([open])'));
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  /* ---------- Start ---------- */
  renderMath();
  highlight();
  var requested = new URLSearchParams(window.location.search).get('present');
  drawCharts().then(function () {
    if (requested !== null && isChapterPage) enter(Math.max(0, (parseInt(requested, 10) || 1) - 1));
    // Tests and scripts wait for this: formulas, code and charts are done.
    root.setAttribute('data-book-ready', 'true');
  });
})();
