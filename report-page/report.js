/* The impact report: an index of the map, a source view and a test view, drawn from data scripts
 * (data/index.js, data/s/N.js, data/t/N.js) loaded on demand, so that it works from file:// as well as
 * from any static host. Served by the live view, it also follows watch runs over a WebSocket. */
(function () {
  'use strict';
  var SEPARATOR = ' \u203a ';
  var waiting = {};
  var docs = {};
  var version = 0;
  var index = null;
  var liveRun = null;

  window.impactReport = {
    receive: function (name, doc) {
      docs[name] = doc;
      (waiting[name] || []).forEach(function (resolve) { resolve(doc); });
      delete waiting[name];
    },
  };

  function load(name) {
    if (docs[name]) return Promise.resolve(docs[name]);
    return new Promise(function (resolve, reject) {
      if (!waiting[name]) {
        waiting[name] = [];
        var script = document.createElement('script');
        script.src = 'data/' + name + '.js' + (version ? '?v=' + version : '');
        script.onerror = function () { delete waiting[name]; reject(new Error('could not load data/' + name + '.js')); };
        document.head.appendChild(script);
        script.onload = function () { script.remove(); };
      }
      waiting[name].push(resolve);
    });
  }

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function plural(count, noun) { return count + ' ' + noun + (count === 1 ? '' : 's'); }
  function ms(value) { return value >= 1000 ? (value / 1000).toFixed(1) + ' s' : Math.round(value) + ' ms'; }
  function when(time) { return new Date(time).toLocaleString(); }
  function testFileOf(test) { return index.testFiles[index.tests[test][0]]; }
  /* The name `jest-impact why` prints: [project] path › describe › name. */
  function testName(test) {
    var row = index.tests[test];
    var file = index.testFiles[row[0]];
    return (file.project === '.' ? '' : '[' + file.project + '] ') + file.path + SEPARATOR + row[1];
  }
  function ranges(lines) {
    var out = [];
    for (var i = 0; i < lines.length; ) {
      var j = i;
      while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
      out.push(i === j ? String(lines[i]) : lines[i] + '-' + lines[j]);
      i = j + 1;
    }
    return out;
  }
  function testItem(test) {
    var row = index.tests[test];
    return '<li class="test" data-test="' + test + '"><a href="#/test/' + test + '">' + esc(testName(test)) + '</a> <span class="' + esc(row[2]) + '">' +
      esc(row[2]) + '</span> <span class="muted">' + ms(row[3]) + '</span></li>';
  }

  function selectionHtml(selection) {
    if (!selection) return '';
    if (selection.fullRunReason) return '<p>Every test file ran: ' + esc(selection.fullRunReason) + '.</p>';
    var head = '<p>' + selection.files.length + ' of ' + plural(selection.candidateFiles, 'test file') + ' selected' +
      (selection.changedLines ? ' (' + plural(selection.changedLines, 'changed line') + ' in ' + plural(selection.changedFiles, 'file') + ')' : '') +
      '; ' + plural(selection.skippedFiles, 'file') + ' skipped.</p>';
    return head + '<ul class="plain selected">' + selection.files.map(function (file) {
      return '<li data-file="' + esc(file.testPath) + '"><span class="path">' + esc(file.testPath) + '</span>' +
        (file.all ? '' : ' <span class="muted">(' + plural(file.tests.length, 'test') + ')</span>') +
        ' <span class="status"></span>' + file.reasons.map(function (r) { return '<div class="reason">because ' + esc(r) + '</div>'; }).join('') + '</li>';
    }).join('') + '</ul>';
  }

  function renderIndex(view) {
    var maxReach = Math.max.apply(null, [1].concat(index.sources.map(function (s) { return s.tests; })));
    var last = index.lastRun;
    var next = index.next;
    var html = '<h1>' + esc(index.title) + '</h1><p class="muted">' + plural(index.sources.length, 'source file') + ', ' +
      plural(index.testFiles.length, 'test file') + ', ' + plural(index.tests.length, 'test') + '; report made ' + when(index.generatedAt) + '.</p>';
    html += '<h2>Last run</h2><div id="last-run">' + (last ? '<p>Mode <b>' + esc(last.mode) + '</b>, ' + when(last.finishedAt) + ': ' +
      plural(last.testFiles, 'test file') + ' (' + plural(last.tests, 'test') + ') ran.</p>' + selectionHtml(last.selection) +
      (last.selection && last.selection.summary.length ? '<pre class="muted">' + esc(last.selection.summary.join('\n')) + '</pre>' : '') : '<p class="muted">No run recorded yet.</p>') + '</div>';
    html += '<h2>Next run</h2><div id="next-run">' + (next.fullRunReason ? '<p>Every test runs next time: ' + esc(next.fullRunReason) + '.</p>' :
      '<p>' + next.files.length + ' of ' + plural(index.testFiles.length, 'test file') + ' would run: ' + plural(next.changedLines, 'changed line') + ' in ' +
      plural(next.changedFiles, 'file') + '.</p><ul class="plain">' + next.files.map(function (entry) {
        return '<li>' + esc(index.testFiles[entry.file].path) + ' <span class="muted">(' + plural(entry.tests.length, 'test') + ')</span>' +
          entry.reasons.map(function (r) { return '<div class="reason">because ' + esc(r) + '</div>'; }).join('') + '</li>';
      }).join('') + '</ul>') + '</div>';
    html += '<h2>Sources</h2><table id="sources"><thead><tr><th>File</th><th class="num">Executed lines</th><th class="num">Tests</th><th style="width:30%"></th></tr></thead><tbody>' +
      index.sources.map(function (source, i) { return { source: source, i: i }; })
        .sort(function (a, b) { return a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0; })
        .map(function (entry) {
          var s = entry.source;
          return '<tr data-source="' + esc(s.path) + '"><td><a href="#/source/' + entry.i + '">' + esc(s.path) + '</a>' +
            (s.changed ? '<span class="tag changed">' + (s.state ? esc(s.state) : 'changed') + '</span>' : '') + '</td><td class="num">' + s.executed +
            '</td><td class="num">' + s.tests + '</td><td><div class="bar" style="width:' + (100 * s.tests / maxReach).toFixed(1) + '%"></div></td></tr>';
        }).join('') + '</tbody></table>';
    html += '<h2>Test files</h2><table id="test-files"><thead><tr><th>File</th><th>Status</th><th class="num">Tests</th><th class="num">Duration</th></tr></thead><tbody>' +
      index.testFiles.map(function (file, i) {
        return '<tr data-test-file="' + esc(file.path) + '"><td><details data-file-index="' + i + '"><summary>' + esc((file.project === '.' ? '' : '[' + file.project + '] ') + file.path) +
          '</summary><ul class="plain tests"></ul></details>' + (file.error ? '<div class="reason failed">' + esc(file.error) + '</div>' : '') + '</td><td class="' + esc(file.status) + '">' + esc(file.status) +
          '</td><td class="num">' + file.count + '</td><td class="num">' + ms(file.durationMs) + '</td></tr>';
      }).join('') + '</tbody></table>';
    if (index.dependencies.length) {
      html += '<h2>Files that are not instrumented</h2><p class="muted">JSON, snapshots, mocks, setup files, and files the tests read, checked or listed at run time.</p><table id="dependencies"><tbody>' +
        index.dependencies.map(function (dep) {
          return '<tr data-dependency="' + esc(dep.file) + '"><td>' + esc(dep.file) + '</td><td>' + dep.uses.map(function (use) {
            return '<details><summary>' + use.use + ' by ' + plural(use.tests.length, 'test') + '</summary><ul class="plain">' + use.tests.map(testItem).join('') + '</ul></details>';
          }).join('') + '</td></tr>';
        }).join('') + '</tbody></table>';
    }
    view.innerHTML = html;
    view.querySelectorAll('details[data-file-index]').forEach(function (details) {
      details.addEventListener('toggle', function () {
        var list = details.querySelector('ul.tests');
        if (!details.open || list.childElementCount) return;
        var file = index.testFiles[Number(details.getAttribute('data-file-index'))];
        var items = [];
        for (var t = file.first; t < file.first + file.count; t++) items.push(testItem(t));
        list.innerHTML = items.join('');
      });
    });
  }

  /* Every test that depends on a line: those that executed it, and every test of a file that ran it at load. */
  function testsOfRow(doc, row) {
    var tests = {};
    if (row[2] >= 0) doc.testGroups[row[2]].forEach(function (t) { tests[t] = true; });
    if (row[3] >= 0) doc.loadGroups[row[3]].forEach(function (f) {
      var file = index.testFiles[f];
      for (var t = file.first; t < file.first + file.count; t++) tests[t] = true;
    });
    return Object.keys(tests).map(Number).sort(function (a, b) { var x = testName(a), y = testName(b); return x < y ? -1 : x > y ? 1 : 0; });
  }

  function renderSource(view, sourceIndex, chosenLine) {
    return load('s/' + sourceIndex).then(function (doc) {
      var rows = {};
      var max = 1;
      doc.lines.forEach(function (row) { rows[row[0]] = row; if (row[1] > max) max = row[1]; });
      var changed = {};
      doc.changedLines.forEach(function (line) { changed[line] = true; });
      var code = doc.code || [];
      var lastLine = Math.max(code.length, doc.lines.length ? doc.lines[doc.lines.length - 1][0] : 0);
      var html = '<h1>' + esc(doc.path) + '</h1>';
      if (doc.note) html += '<div class="banner">' + esc(doc.note) + '</div>';
      if (doc.changedLines.length || doc.recordedChangedLines.length) {
        html += '<div class="banner" id="change">Changed since the recorded run' + (doc.changedLines.length ? ': line ' + ranges(doc.changedLines).join(', ') + ' now' : '') +
          (doc.recordedChangedLines.length ? ' (recorded line ' + ranges(doc.recordedChangedLines).join(', ') + ')' : '') + '. ' +
          (doc.selected.length ? 'The next run selects ' + plural(doc.selected.length, 'test') + ' for it:' : 'No recorded test executes the changed code.') +
          '<ul class="plain">' + doc.selected.map(function (entry) {
            return testItem(entry.test).replace('</li>', entry.reasons.map(function (r) { return '<div class="reason">because ' + esc(r) + '</div>'; }).join('') + '</li>');
          }).join('') + '</ul></div>';
      }
      html += '<p class="legend muted"><span>The number beside a line: the tests that execute it.</span><span style="box-shadow: inset 3px 0 0 #8250df; padding-left: 6px">runs when a test file loads the module</span><span>Δ changed since the recorded run</span></p>';
      html += '<div class="source"><div class="code-wrap"><table class="code"><tbody>';
      for (var line = 1; line <= lastLine; line++) {
        var row = rows[line];
        var classes = (row ? 'hit' : '') + (row && row[3] >= 0 ? ' load' : '') + (changed[line] ? ' changed' : '');
        html += '<tr id="L' + line + '" data-line="' + line + '" class="' + classes + '"' + (row ? ' style="--heat:' + (0.12 + 0.6 * row[1] / max).toFixed(2) + '"' : '') +
          '><td class="ln">' + line + '</td><td class="count">' + (row ? row[1] : '') + '</td><td class="code-text">' + (code[line - 1] || '') + '</td></tr>';
      }
      html += '</tbody></table></div><aside class="panel" id="line-tests"><p class="muted">Choose a line to list the tests that execute it.</p></aside></div>';
      view.innerHTML = html;
      var panel = view.querySelector('#line-tests');
      function choose(line) {
        var row = rows[line];
        view.querySelectorAll('tr.chosen').forEach(function (tr) { tr.classList.remove('chosen'); });
        var tr = view.querySelector('#L' + line);
        if (tr) tr.classList.add('chosen');
        if (!row) { panel.innerHTML = '<p class="muted">No recorded test executes line ' + line + '.</p>'; return; }
        var tests = testsOfRow(doc, row);
        panel.innerHTML = '<h2 data-chosen-line="' + line + '">' + esc(doc.path) + ':' + line + '</h2><p class="muted">' + plural(tests.length, 'test') + ' execute' + (tests.length === 1 ? 's' : '') + ' this line' +
          (row[3] >= 0 ? ' (' + plural(doc.loadGroups[row[3]].length, 'test file') + ' run it when they load the module)' : '') + '.</p><ul class="plain" id="line-test-list">' + tests.map(testItem).join('') + '</ul>';
      }
      view.querySelector('table.code').addEventListener('click', function (event) {
        var tr = event.target.closest('tr[data-line]');
        if (!tr) return;
        var line = Number(tr.getAttribute('data-line'));
        history.replaceState(null, '', '#/source/' + sourceIndex + '/' + line);
        choose(line);
      });
      if (chosenLine) {
        choose(chosenLine);
        var target = view.querySelector('#L' + chosenLine);
        if (target) target.scrollIntoView({ block: 'center', inline: 'nearest' });
      }
    });
  }

  function renderTest(view, test) {
    var fileIndex = index.tests[test][0];
    return load('t/' + fileIndex).then(function (doc) {
      var row = index.tests[test];
      var own = doc.tests[test - testFileOf(test).first] || [];
      function sourceList(pairs, id) {
        if (!pairs.length) return '<p class="muted">None.</p>';
        return '<ul class="plain" id="' + id + '">' + pairs.map(function (pair) {
          var source = index.sources[pair[0]];
          return '<li data-source="' + esc(source.path) + '" data-lines="' + pair[1].join(',') + '"><a href="#/source/' + pair[0] + '">' + esc(source.path) + '</a>: ' +
            ranges(pair[1]).map(function (range) { return '<a href="#/source/' + pair[0] + '/' + range.split('-')[0] + '">' + range + '</a>'; }).join(', ') + '</li>';
        }).join('') + '</ul>';
      }
      view.innerHTML = '<h1 id="test-name">' + esc(testName(test)) + '</h1><p><span class="' + esc(row[2]) + '">' + esc(row[2]) + '</span> <span class="muted">' + ms(row[3]) + '</span></p>' +
        '<h2>Lines this test executed</h2>' + sourceList(own, 'test-lines') +
        '<h2>Lines its test file runs when it loads (every test of the file depends on them)</h2>' + sourceList(doc.load, 'load-lines');
    });
  }

  function route() {
    var view = document.getElementById('view');
    var parts = location.hash.replace(/^#\/?/, '').split('/');
    var done;
    if (parts[0] === 'source' && index.sources[Number(parts[1])]) done = renderSource(view, Number(parts[1]), parts[2] ? Number(parts[2]) : 0);
    else if (parts[0] === 'test' && index.tests[Number(parts[1])]) done = renderTest(view, Number(parts[1]));
    else { renderIndex(view); done = Promise.resolve(); }
    return done.then(function () { document.body.setAttribute('data-view', parts[0] || 'index'); }, function (error) {
      view.innerHTML = '<p class="failed">' + esc(error.message) + '</p>';
    });
  }

  /* The live view: the server pushes each watch run's plan, its results as they come, and the new map. */
  function renderLiveRun() {
    var panel = document.getElementById('live-run');
    if (!liveRun) return;
    panel.hidden = false;
    var state = liveRun.done ? 'finished' : liveRun.selection ? 'running' : 'planning';
    var results = liveRun.results;
    var html = '<b>Run ' + liveRun.run + '</b> <span id="live-state">' + state + '</span>' + selectionHtml(liveRun.selection);
    if (Object.keys(results).length) {
      html += '<ul class="plain" id="live-results">' + Object.keys(results).map(function (path) {
        var r = results[path];
        return '<li data-result="' + esc(path) + '"><span class="' + r.status + '">' + r.status + '</span> ' + esc(path) + ' <span class="muted">' +
          plural(r.passed, 'passed test') + (r.failed ? ', ' + plural(r.failed, 'failed test') : '') + ', ' + ms(r.durationMs) + '</span></li>';
      }).join('') + '</ul>';
    }
    if (liveRun.summary) html += '<pre class="muted">' + esc(liveRun.summary.join('\n')) + '</pre>';
    panel.innerHTML = html;
    document.body.setAttribute('data-live-run', String(liveRun.run));
    document.body.setAttribute('data-live-state', state);
  }

  function connect() {
    var live = document.getElementById('live');
    live.hidden = false;
    var socket = new WebSocket(new URL('live', location.href).href.replace(/^http/, 'ws'));
    socket.onopen = function () { live.className = 'connected'; live.textContent = 'Live'; };
    socket.onclose = function () { live.className = 'disconnected'; live.textContent = 'Live view closed (Jest stopped)'; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === 'plan') liveRun = { run: message.run, selection: message.selection, results: {}, done: false };
      else if (!liveRun || liveRun.run !== message.run) return;
      if (message.type === 'result') liveRun.results[message.testPath] = message;
      if (message.type === 'done') { liveRun.done = true; liveRun.summary = message.summary; }
      renderLiveRun();
      if (message.type === 'map') {
        version = message.run;
        docs = {};
        load('index').then(function (doc) { index = doc; route(); });
      }
    };
  }

  load('index').then(function (doc) {
    index = doc;
    document.getElementById('title').textContent = doc.title;
    window.addEventListener('hashchange', route);
    route();
    if (doc.live && /^https?:$/.test(location.protocol)) connect();
  });
})();
