// Opens the browser page (target/web/ikp.html, from scripts/build-web) from file:// in headless
// Chromium, gives it files the way a person does (the folder picker, or the file picker), and
// prints as JSON what the page shows and did: the summary line, every finding from its data-*
// attributes and its visible message, requests beyond the page itself, console messages, page
// errors, how long the main thread was ever blocked, timings, and on request the saved
// downloads, axe-core's violations and the tab order. tests/web_page.rs asserts on it.
//
//   node tests/browser/check-page.mjs PAGE.html (--folder DIR | --files A,B,…)
//        [--save FORMATS --save-dir DIR] [--axe] [--tabs] [--english]
//        [--screenshot OUT.png] [--width 1280] [--height 1500] [--timeout-ms 60000]
//
// Chromium: $IKP_CHROMIUM or /usr/bin/chromium, with the flags that keep it off the network,
// in a fresh user-data-dir that is removed afterwards.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

function parseArgs(argv) {
  const a = { page: null, folder: null, files: null, drop: null, save: [], saveDir: null, axe: false, tabs: false,
    english: false, screenshot: null, width: 1280, height: 1500, timeoutMs: 60000 };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--folder') a.folder = argv[++i];
    else if (x === '--files') a.files = argv[++i].split(',');
    else if (x === '--drop') a.drop = argv[++i].split(',');
    else if (x === '--save') a.save = argv[++i].split(',');
    else if (x === '--save-dir') a.saveDir = argv[++i];
    else if (x === '--axe') a.axe = true;
    else if (x === '--tabs') a.tabs = true;
    else if (x === '--english') a.english = true;
    else if (x === '--screenshot') a.screenshot = argv[++i];
    else if (x === '--width') a.width = Number(argv[++i]);
    else if (x === '--height') a.height = Number(argv[++i]);
    else if (x === '--timeout-ms') a.timeoutMs = Number(argv[++i]);
    else if (!a.page) a.page = x;
    else throw new Error(`unexpected argument ${x}`);
  }
  if (!a.page || (!a.folder && !a.files && !a.drop)) throw new Error('usage: check-page.mjs PAGE.html (--folder DIR | --files A,B | --drop A,B)');
  return a;
}

const args = parseArgs(process.argv.slice(2));
const pageUrl = pathToFileURL(resolve(args.page)).href;
const userDataDir = mkdtempSync(join(tmpdir(), 'ikp-chromium-'));
const result = { url: pageUrl, requests: [], console: [], pageErrors: [], dialogs: [], saved: {} };

// The findings as the page shows them.
const readFindings = () => [...document.querySelectorAll('li.finding')].map((li) => ({
  rule: li.dataset.rule,
  file: li.dataset.file,
  line: Number(li.dataset.line),
  column: Number(li.dataset.column),
  end_line: Number(li.dataset.endLine),
  end_column: Number(li.dataset.endColumn),
  entity: li.dataset.entity,
  severity: li.dataset.severity,
  message: li.querySelector('.message .text').textContent,
  help: li.querySelector('.help')?.textContent ?? null,
  basis: li.querySelector('.basis')?.textContent ?? null,
  marked: [...li.querySelectorAll('pre.snippet mark')].map((m) => m.textContent),
}));

// The main thread's longest pause from now on, while the files are read and checked.
const startProbe = (page) => page.evaluate(() => {
  window.__gaps = { max: 0, last: performance.now() };
  window.__probe = setInterval(() => {
    const now = performance.now();
    window.__gaps.max = Math.max(window.__gaps.max, now - window.__gaps.last);
    window.__gaps.last = now;
  }, 20);
});

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.IKP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: args.width, height: args.height },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Every request is recorded; only the page itself may load, anything else is aborted.
  context.on('request', (req) => {
    if (req.url() !== pageUrl) result.requests.push(req.url());
  });
  await context.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => result.console.push({ type: msg.type(), text: msg.text() }));
  page.on('pageerror', (err) => result.pageErrors.push(String(err)));
  page.on('dialog', async (d) => { result.dialogs.push(d.message()); await d.dismiss(); });

  const opened = Date.now();
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => window.ikpPage && window.ikpPage.ready, null, { timeout: args.timeoutMs });
  result.csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content);
  let chosen;
  if (args.drop) {
    // Drag and drop: the files are made in the page and dropped on the drop zone.
    // (Made before the probe starts: decoding them here is the test's work, not the page's.)
    const files = args.drop.map((f) => ({ name: f.split('/').pop(), base64: readFileSync(f).toString('base64') }));
    await page.evaluate((files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name));
      }
      window.__drop = dt;
    }, files);
    await startProbe(page);
    chosen = Date.now();
    await page.evaluate(() => {
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: window.__drop, bubbles: true, cancelable: true }));
    });
  } else {
    await startProbe(page);
    const input = args.folder ? '#folder' : '#files';
    const given = args.folder ? resolve(args.folder) : args.files.map((f) => resolve(f));
    chosen = Date.now();
    await page.setInputFiles(input, given);
  }
  await page.waitForFunction(() => window.ikpPage.checks >= 1 || /misslyckades|failed/.test(document.getElementById('status').textContent),
    null, { timeout: args.timeoutMs, polling: 10 });
  const shown = Date.now();
  result.timings = {
    openToFindingsMs: shown - opened,
    chooseToFindingsMs: shown - chosen,
    ...(await page.evaluate(() => window.ikpPage.timings)),
  };
  result.mainThreadMaxGapMs = await page.evaluate(() => { clearInterval(window.__probe); return window.__gaps.max; });
  Object.assign(result, await page.evaluate((read) => ({
    lang: document.documentElement.lang,
    summary: document.getElementById('status').textContent,
    statusRole: document.getElementById('status').getAttribute('role'),
    findings: (0, eval)(read)(),
    files: [...document.querySelectorAll('section.file h3.path')].map((h) => h.textContent),
    matrices: document.querySelectorAll('#results svg').length,
  }), `(${readFindings})`));

  if (args.tabs) {
    const controls = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.disabled && !el.closest('[hidden]') && el.getClientRects().length > 0)
      .map((el) => el.id || el.dataset.format || el.getAttribute('href') || el.outerHTML.slice(0, 60)));
    // Start from the top, as a person arriving on the page does.
    await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
    await page.mouse.click(2, 2);
    const reached = [];
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { id: el.id || el.dataset.format || el.getAttribute('href') || el.outerHTML.slice(0, 60),
          outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      }));
    }
    result.tabs = { controls, reached };
  }
  for (const format of args.save) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`#downloads button[data-format="${format}"]`),
    ]);
    const path = join(args.saveDir ?? tmpdir(), `${format}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    result.saved[format] = { name: download.suggestedFilename(), path };
  }
  if (args.axe) {
    const require = createRequire(import.meta.url);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const report = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
    result.axe = report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }
  if (args.english) {
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en' && /documents? in/.test(document.getElementById('status').textContent));
    result.english = await page.evaluate((read) => ({
      summary: document.getElementById('status').textContent,
      findings: (0, eval)(read)(),
      heading: document.querySelector('h1').textContent,
    }), `(${readFindings})`);
  }
  if (args.screenshot) await page.screenshot({ path: args.screenshot });
} catch (err) {
  // What was seen so far still goes out, with the failure: the test shows both.
  result.error = String(err && err.stack || err);
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');
