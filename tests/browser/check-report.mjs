// Opens an HTML report from `ikp report` in headless Chromium and prints, as JSON, what the
// page shows: every risk-matrix cell (from its data-* attributes and from the numbers actually
// drawn), every request the page made beyond its own file, console messages, page errors and
// dialogs. tests/report_browser.rs runs it and asserts on the result.
//
//   node tests/browser/check-report.mjs REPORT.html [--screenshot OUT.png] [--full-page]
//        [--clip X,Y,W,H] [--width 1100] [--height 1400] [--pdf OUT.pdf]
//        [--docs-screenshot OUT.png]
//
// --docs-screenshot makes the picture in docs/: the front page beside the plan with the largest
// risk matrix, both cut to the window's height and laid side by side (by the browser itself).
//
// Chromium: $IKP_CHROMIUM or /usr/bin/chromium (Debian's package), started with the flags that
// keep it off the network, in a fresh user-data-dir that is removed afterwards.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

function parseArgs(argv) {
  const args = {
  report: null, screenshot: null, docsScreenshot: null, pdf: null, fullPage: false, clip: null, width: 1100, height: 1400,
};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot') args.screenshot = argv[++i];
    else if (a === '--pdf') args.pdf = argv[++i];
    else if (a === '--full-page') args.fullPage = true;
    else if (a === '--clip') args.clip = argv[++i].split(',').map(Number);
    else if (a === '--docs-screenshot') args.docsScreenshot = argv[++i];
    else if (a === '--width') args.width = Number(argv[++i]);
    else if (a === '--height') args.height = Number(argv[++i]);
    else if (!args.report) args.report = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.report) throw new Error('usage: check-report.mjs REPORT.html [--screenshot OUT.png]');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const reportUrl = pathToFileURL(resolve(args.report)).href;
const userDataDir = mkdtempSync(join(tmpdir(), 'ikp-chromium-'));
const result = { url: reportUrl, requests: [], console: [], pageErrors: [], dialogs: [] };

// The front page and the plan with the most risks in its matrix, side by side.
async function docsScreenshot(context, page, { docsScreenshot: out, width, height }) {
  const front = await page.screenshot({ clip: { x: 0, y: 0, width, height } });
  const top = await page.evaluate(() => {
    const svgs = [...document.querySelectorAll('svg.risk-matrix')];
    svgs.sort((a, b) => Number(b.dataset.placed) - Number(a.dataset.placed));
    const article = svgs[0]?.closest('article');
    return article ? article.getBoundingClientRect().top + window.scrollY : 0;
  });
  const plan = await page.screenshot({ clip: { x: 0, y: Math.max(0, top - 24), width, height }, fullPage: true });
  const sheet = await context.newPage();
  await sheet.setViewportSize({ width: 2 * width + 24, height: height + 16 });
  const img = (png) => `<img src="data:image/png;base64,${png.toString('base64')}" width="${width}" height="${height}">`;
  await sheet.setContent(
    `<body style="margin:0;padding:8px;background:#c9ced8;display:flex;gap:8px">${img(front)}${img(plan)}</body>`,
  );
  await sheet.screenshot({ path: out });
  await sheet.close();
}

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.IKP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: args.width, height: args.height },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Record every request; let only the report itself through, so nothing can leave the page.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === reportUrl) return route.continue();
    result.requests.push(url);
    return route.abort();
  });
  page.on('console', (msg) => result.console.push({ type: msg.type(), text: msg.text() }));
  page.on('pageerror', (err) => result.pageErrors.push(String(err)));
  page.on('dialog', async (dialog) => {
    result.dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  await page.goto(reportUrl, { waitUntil: 'load' });
  Object.assign(
    result,
    await page.evaluate(() => {
      const matrices = [...document.querySelectorAll('svg.risk-matrix')].map((svg) => ({
        file: svg.dataset.file,
        placed: Number(svg.dataset.placed),
        cells: [...svg.querySelectorAll('g.cell')].map((g) => ({
          s: Number(g.dataset.s),
          k: Number(g.dataset.k),
          zone: g.dataset.zone,
          count: Number(g.dataset.count),
          risks: g.dataset.risks ? g.dataset.risks.split(' ').map(Number) : [],
          ikp: g.dataset.ikp ? g.dataset.ikp.split(' ').map(Number) : [],
          // What is actually drawn: the count and the number of each risk.
          shownCount: g.querySelector('text.count')?.textContent ?? '',
          shownRisks: [...g.querySelectorAll('tspan.risk')].map((t) => Number(t.textContent)),
          shownIkp: [...g.querySelectorAll('tspan.risk.ikp')].map((t) => Number(t.textContent)),
          width: g.querySelector('rect').getBBox().width,
        })),
      }));
      return {
        title: document.title,
        scripts: document.scripts.length,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
        bodyText: document.body.innerText,
        matrices,
        // Text that overflows the page width would be cut off in print.
        overflowing: document.documentElement.scrollWidth > window.innerWidth,
      };
    }),
  );
  if (args.screenshot) {
    const [x, y, width, height] = args.clip ?? [];
    const clip = args.clip ? { x, y, width, height } : undefined;
    await page.screenshot({ path: args.screenshot, fullPage: args.fullPage || Boolean(clip), clip });
  }
  if (args.docsScreenshot) {
    await docsScreenshot(context, page, args);
  }
  if (args.pdf) {
    await page.pdf({ path: args.pdf, preferCSSPageSize: true, printBackground: true });
  }
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');
