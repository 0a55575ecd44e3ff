// The page's main thread: picks and drops files, hands them to the checking worker, shows the
// findings, saves the reports. Everything shown comes from the library (web/src/view.rs);
// this file only lays it out. Nothing is sent anywhere: the page's policy forbids connections.
'use strict';
(() => {
  const T = {
    sv: {
      title: 'ikp – granska internkontrollplaner',
      lede: 'Kontrollera riskanalyser, internkontrollplaner och uppföljningar med samma regler som kommandot <code>ikp check</code>. Allt sker i din webbläsare: inga filer skickas någonstans.',
      skip: 'Hoppa till resultatet',
      pickHeading: 'Välj filer',
      dropHint: 'Dra och släpp filer eller en hel mapp hit, eller välj dem med knapparna.',
      filesLabel: 'Filer (YAML eller JSON)',
      folderLabel: 'En hel mapp',
      profileLabel: 'Profil (när mappen inte har någon ikp.toml)',
      resultsHeading: 'Resultat',
      idle: 'Inga filer är kontrollerade ännu.',
      loading: 'Startar kontrollen …',
      reading: (n) => `Läser ${n} ${n === 1 ? 'fil' : 'filer'} …`,
      checking: 'Kontrollerar …',
      saveHeading: 'Spara',
      saveHtml: 'Revisorernas rapport (HTML)',
      saveCsv: 'Fynden som CSV (Excel)',
      saveJson: 'JSON',
      saveSarif: 'SARIF',
      footer: 'Sidan fungerar utan nätverk. Den får enligt sin säkerhetspolicy inte kontakta någon server, så dina filer lämnar aldrig datorn.',
      langButton: 'English', langLabel: 'Switch to English', langOf: 'en',
      configNote: (list) => `ikp.toml i mappen styr filerna under den: ${list}. Profilvalet gäller bara övriga filer.`,
      kinds: { plan: 'Internkontrollplan', 'uppföljning': 'Uppföljning', 'ks-punkter': 'KS-gemensamma kontrollpunkter' },
      profile: 'Profil', from: 'från', builtin: 'inbyggd',
      counts: (d) => `${d.errors} fel, ${d.warnings} ${d.warnings === 1 ? 'varning' : 'varningar'}, ${d.info} info`,
      noFindings: 'Inga fynd.',
      notDocument: 'Inte ett ikp-dokument (hoppades över).',
      help: 'Åtgärd', basis: 'Grund', line: 'rad', column: 'kolumn', moreLines: (n) => `… ${n} rader till`,
      related: 'Se även', matrix: 'Riskmatris', outcomes: 'Utfall',
      notes: 'Anteckningar', configErrors: 'Konfigurationen kan inte användas',
      error: 'Kontrollen misslyckades', failed: (m) => `Kontrollen misslyckades: ${m}`,
      time: (ms) => `Kontrollen tog ${ms} ms.`,
      saved: (name) => `${name} är sparad.`,
      severities: { error: 'fel', warning: 'varning', info: 'info' },
    },
    en: {
      title: 'ikp – review internal-control plans',
      lede: 'Check risk analyses, internal-control plans and follow-ups with the same rules as the <code>ikp check</code> command. Everything happens in your browser: no file is sent anywhere.',
      skip: 'Skip to the results',
      pickHeading: 'Choose files',
      dropHint: 'Drag and drop files or a whole folder here, or choose them with the buttons.',
      filesLabel: 'Files (YAML or JSON)',
      folderLabel: 'A whole folder',
      profileLabel: 'Profile (when the folder has no ikp.toml)',
      resultsHeading: 'Results',
      idle: 'No files checked yet.',
      loading: 'Starting the checker …',
      reading: (n) => `Reading ${n} ${n === 1 ? 'file' : 'files'} …`,
      checking: 'Checking …',
      saveHeading: 'Save',
      saveHtml: "The auditors' report (HTML)",
      saveCsv: 'Findings as CSV (Excel)',
      saveJson: 'JSON',
      saveSarif: 'SARIF',
      footer: 'The page works without a network. Its security policy forbids it to contact any server, so your files never leave the computer.',
      langButton: 'Svenska', langLabel: 'Byt till svenska', langOf: 'sv',
      configNote: (list) => `ikp.toml in the folder governs the files below it: ${list}. The profile choice applies to the other files only.`,
      kinds: { plan: 'Internal-control plan', 'uppföljning': 'Follow-up', 'ks-punkter': 'KS common control points' },
      profile: 'Profile', from: 'from', builtin: 'built-in',
      counts: (d) => `${d.errors} ${d.errors === 1 ? 'error' : 'errors'}, ${d.warnings} ${d.warnings === 1 ? 'warning' : 'warnings'}, ${d.info} info`,
      noFindings: 'No findings.',
      notDocument: 'Not an ikp document (skipped).',
      help: 'Fix', basis: 'Basis', line: 'line', column: 'column', moreLines: (n) => `… ${n} more lines`,
      related: 'See also', matrix: 'Risk matrix', outcomes: 'Outcomes',
      notes: 'Notes', configErrors: 'The configuration cannot be used',
      error: 'The check failed', failed: (m) => `The check failed: ${m}`,
      time: (ms) => `The check took ${ms} ms.`,
      saved: (name) => `${name} is saved.`,
      severities: { error: 'error', warning: 'warning', info: 'info' },
    },
  };
  // Files the page reads from a folder (YAML, JSON, workbooks and ikp.toml); the library
  // decides the rest, as on the command line.
  const READ_EXTENSIONS = ['yaml', 'yml', 'json', 'xlsx', 'xlsm', 'xls', 'ods', 'toml'];
  const FILE_NAMES = { html: 'ikp-rapport.html', csv: 'ikp-fynd.csv', json: 'ikp.json', sarif: 'ikp.sarif' };
  const MIME = { html: 'text/html;charset=utf-8', csv: 'text/csv;charset=utf-8', json: 'application/json', sarif: 'application/sarif+json' };

  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const results = $('results');
  let lang = 'sv';
  let view = null;
  let lastFiles = null;
  let nextId = 1;
  const pending = new Map();
  window.ikpPage = { ready: false, checks: 0, timings: {} };
  const t = () => T[lang];
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  // `code` spans in messages, as the report renders them; the rest escaped.
  const rich = (s) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

  const workerUrl = URL.createObjectURL(new Blob([$('ikp-worker').textContent], { type: 'text/javascript' }));
  const worker = new Worker(workerUrl);
  function ask(message) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, message.transfer || []);
    });
  }
  let ready;
  const started = new Promise((resolve) => { ready = resolve; });
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'ready') { ready(m.profiles); return; }
    if (m.type === 'error' && !pending.has(m.id)) {
      status.textContent = t().failed(m.message);
      console.error(`ikp: ${m.message}`);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.type === 'error') p.reject(new Error(m.message)); else p.resolve(m);
  };
  worker.postMessage({ type: 'init', wasm: $('ikp-wasm').textContent });
  $('ikp-wasm').textContent = '';

  started.then((profiles) => {
    const select = $('profile');
    for (const p of profiles) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.description ? `${p.name} – ${p.description}` : p.name;
      if (p.default) o.selected = true;
      select.append(o);
    }
    window.ikpPage.ready = true;
    window.ikpPage.timings.ready = performance.now();
  });

  function translateStatic() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) {
      const key = el.dataset.i18n;
      if (el === status && view) continue;
      if (key === 'lede') el.innerHTML = t().lede; else if (typeof t()[key] === 'string') el.textContent = t()[key];
    }
    const b = $('lang');
    b.textContent = t().langButton;
    b.setAttribute('aria-label', t().langLabel);
    b.lang = t().langOf;
    document.title = t().title;
  }

  // ---- reading what was picked or dropped ----
  const wanted = (path) => {
    const ext = path.split('.').pop().toLowerCase();
    return READ_EXTENSIONS.includes(ext);
  };
  async function fromInput(list, inFolder) {
    const out = [];
    for (const file of list) {
      const path = inFolder && file.webkitRelativePath ? file.webkitRelativePath : file.name;
      if (inFolder && !wanted(path)) continue;
      out.push({ file, path, explicit: !inFolder });
    }
    return out;
  }
  function readEntries(reader) {
    return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
  }
  async function walkEntry(entry, out) {
    if (entry.isFile) {
      const path = entry.fullPath.replace(/^\//, '');
      if (!wanted(path)) return;
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ file, path, explicit: false });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await readEntries(reader);
        if (batch.length === 0) break;
        for (const e of batch) await walkEntry(e, out);
      }
    }
  }
  async function fromDrop(dataTransfer) {
    const out = [];
    const items = [...dataTransfer.items].filter((i) => i.kind === 'file');
    const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    for (let i = 0; i < items.length; i++) {
      const entry = entries[i];
      if (entry && entry.isDirectory) await walkEntry(entry, out);
      else {
        const file = items[i].getAsFile();
        if (file) out.push({ file, path: file.name, explicit: true });
      }
    }
    return out;
  }

  async function check(picked) {
    if (picked.length === 0) return;
    lastFiles = picked;
    const t0 = performance.now();
    window.ikpPage.timings.chosen = t0;
    status.classList.add('busy');
    status.textContent = t().reading(picked.length);
    const profiles = await started;
    void profiles;
    const files = [];
    for (const p of picked) files.push({ path: p.path, buffer: await p.file.arrayBuffer(), explicit: p.explicit });
    const configs = files.filter((f) => f.path.split('/').pop() === 'ikp.toml').map((f) => f.path);
    const note = $('config-note');
    note.hidden = configs.length === 0;
    note.textContent = configs.length ? t().configNote(configs.join(', ')) : '';
    status.textContent = t().checking;
    try {
      const answer = await ask({ type: 'check', files, profile: $('profile').value, lang, transfer: files.map((f) => f.buffer) });
      // The buffers went to the worker; read the files again if the person changes the profile.
      view = answer.view;
      show();
      window.ikpPage.timings.shown = performance.now();
      window.ikpPage.checks += 1;
      window.ikpPage.timings.check = performance.now() - t0;
      window.ikpPage.timings.engine = answer.ms;
    } catch (err) {
      view = null;
      results.textContent = '';
      $('downloads').hidden = true;
      status.textContent = t().failed(err.message);
    } finally {
      status.classList.remove('busy');
    }
  }

  // ---- showing ----
  function snippet(label) {
    const where = `${esc(label.file)}:${label.line}:${label.column}`;
    let html = `<div class="where">${label.primary ? '' : `${esc(t().related)}: `}<span class="path">${where}</span></div>`;
    if (label.lines.length === 0) return html;
    const width = String(label.lines[label.lines.length - 1].number).length;
    const rows = label.lines.map((l) => {
      const chars = [...l.text];
      const before = chars.slice(0, l.from).join('');
      let marked = chars.slice(l.from, l.to).join('');
      const after = chars.slice(l.to).join('');
      if (marked === '') marked = ' ';
      return `<span class="n">${String(l.number).padStart(width)} │ </span>${esc(before)}<mark>${esc(marked)}</mark>${esc(after)}`;
    });
    if (label.more_lines) rows.push(`<span class="caption">${esc(t().moreLines(label.more_lines))}</span>`);
    if (label.message) rows.push(`<span class="caption">${' '.repeat(width)}   └ ${esc(label.message)}</span>`);
    return html + `<pre class="snippet">${rows.join('\n')}</pre>`;
  }

  function finding(f, path) {
    const attrs = [
      ['rule', f.rule], ['file', path], ['line', f.line], ['column', f.column], ['end-line', f.end_line],
      ['end-column', f.end_column], ['entity', f.entity], ['severity', f.severity],
    ].map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
    let html = `<li class="finding ${esc(f.severity)}" ${attrs}>`;
    html += `<p class="message"><span class="badge sev-${esc(f.severity)}">${esc(f.severity_name)}</span> `
      + `<abbr title="${esc(f.title)}">${esc(f.rule)}</abbr> <span class="text">${rich(f.message)}</span></p>`;
    if (f.help) html += `<p class="help"><b>${esc(t().help)}:</b> ${rich(f.help)}</p>`;
    if (f.basis) html += `<p class="basis"><b>${esc(t().basis)}:</b> ${rich(f.basis)}</p>`;
    html += f.labels.map(snippet).join('');
    return html + '</li>';
  }

  function documentSummary(d) {
    let html = '<div class="doc"><div class="facts">';
    html += `<p><b>${esc(t().kinds[d.kind] || d.kind)}</b> · ${esc(d.committee)} · ${d.year}</p>`;
    html += `<p><span class="badge sev-error">${esc(t().counts(d))}</span></p>`;
    const from = d.config ? `${t().from} ${d.config}` : t().builtin;
    html += `<p>${esc(t().profile)}: ${esc(d.profile)} (${esc(from)})</p>`;
    if (d.outcomes) {
      const [head, parts] = d.outcomes;
      html += `<p><b>${esc(t().outcomes)}:</b> ${esc(head)}${parts.map(([p, bad]) => ` <span class="badge ${bad ? 'sev-error' : 'sev-info'}">${esc(p)}</span>`).join('')}</p>`;
    }
    html += '</div>';
    // Made by the auditors' report's SVG renderer, which escapes every text it writes.
    if (d.matrix_svg) html += `<figure aria-label="${esc(t().matrix)}">${d.matrix_svg}</figure>`;
    return html + '</div>';
  }

  function show() {
    const v = view;
    status.textContent = v.summary;
    let html = '';
    if (v.config_errors.length) {
      html += `<section class="file" aria-labelledby="cfg-h"><h3 id="cfg-h">${esc(t().configErrors)}</h3><ul>${v.config_errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></section>`;
    }
    if (v.notes.length) {
      html += `<section class="file" aria-labelledby="notes-h"><h3 id="notes-h">${esc(t().notes)}</h3><ul class="notes">${v.notes.map((n) => `<li><span class="path">${esc(n.file)}</span>: ${rich(n.message)}</li>`).join('')}</ul></section>`;
    }
    v.files.forEach((file, i) => {
      html += `<section class="file" aria-labelledby="file-${i}"><h3 id="file-${i}" class="path">${esc(file.path)}</h3>`;
      if (file.document) html += documentSummary(file.document);
      if (file.findings.length) html += `<ol class="findings">${file.findings.map((f) => finding(f, file.path)).join('')}</ol>`;
      else html += `<p>${esc(file.document ? t().noFindings : t().notDocument)}</p>`;
      html += '</section>';
    });
    results.innerHTML = html;
    $('downloads').hidden = false;
  }

  // ---- saving ----
  function today() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  }
  async function save(format) {
    const answer = await ask({ type: 'render', format, lang, date: today() });
    const blob = new Blob([answer.text], { type: MIME[format] });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = FILE_NAMES[format];
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    window.ikpPage.lastSaved = { format, name: FILE_NAMES[format], bytes: blob.size };
  }

  // ---- wiring ----
  $('files').addEventListener('change', async (e) => { await check(await fromInput(e.target.files, false)); });
  $('folder').addEventListener('change', async (e) => { await check(await fromInput(e.target.files, true)); });
  $('profile').addEventListener('change', async () => {
    if (lastFiles) await check(lastFiles);
  });
  for (const b of document.querySelectorAll('#downloads button')) {
    b.addEventListener('click', () => save(b.dataset.format).catch((err) => { status.textContent = t().failed(err.message); }));
  }
  $('lang').addEventListener('click', async () => {
    lang = lang === 'sv' ? 'en' : 'sv';
    translateStatic();
    if (view) {
      view = (await ask({ type: 'view', lang })).view;
      show();
    } else {
      status.textContent = t().idle;
    }
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    await check(await fromDrop(e.dataTransfer));
  });
  // A file dropped beside the zone must not make the browser open it instead of the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
})();
