// Checks the preview's live reload in a real browser. A browser opens at most six connections to
// one site, and each tab used to hold one for its event stream, so a seventh preview tab never
// loaded. Now the tabs of a site share one stream; this checks each way they can share it:
//
//   worker  - a shared worker holds the stream (what current browsers do);
//   leader  - no shared worker: one tab, chosen with a lock, holds it and tells the others;
//   shown   - neither: each tab holds its own, only while it is shown.
//
// For each, on a fresh copy of the example site: the tabs load, hold the expected number of
// streams, reload with the new text after a content edit, swap stylesheets without reloading
// after a CSS edit, show a build error over the page and drop it once fixed, reload after the
// server restarts, and free the stream once closed. Exits 1 when anything fails.
//
// Usage: node scripts/serve-checks/tabs.mjs [worker|leader|shown]...

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { connectionsTo, copySite, startPreview } from './preview.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shingle = process.env.SHINGLE_BIN || join(repo, 'target', 'release', 'shingle');
/** How long a tab may take to load, or to react to a change. */
const PATIENCE = 10_000;

// Each mode: how many tabs to open, how many streams they should hold, and `prepare`, run in
// every page before its own scripts to take away what the mode must do without.
const modes = {
  worker: { tabs: 8, streams: 1, prepare: () => {} },
  leader: {
    tabs: 8,
    streams: 1,
    prepare: () => {
      delete window.SharedWorker;
    },
  },
  shown: {
    // every page the check opens counts as shown, so each holds a stream: fewer tabs
    tabs: 3,
    streams: 3,
    prepare: () => {
      delete window.SharedWorker;
      delete Navigator.prototype.locks;
      // lets the check hide a page, which a headless browser never does by itself
      let hidden = false;
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
      window.shingleCheckHide = (value) => {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      };
    },
  },
};

const failures = [];

function say(mode, ok, text) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} [${mode}] ${text}`);
  if (!ok) failures.push(`[${mode}] ${text}`);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Waits until `test()` is true (errors while a page navigates count as false); the time it took, or null. */
async function until(test, patience = PATIENCE) {
  const started = Date.now();
  while (Date.now() - started < patience) {
    try {
      if (await test()) return Date.now() - started;
    } catch {
      // the page is reloading
    }
    await sleep(100);
  }
  return null;
}

/** Waits for every page; says how long the slowest took, or which did not. */
async function everyPage(mode, pages, what, test) {
  const times = await Promise.all(pages.map((page) => until(() => test(page))));
  const missing = times.flatMap((time, i) => (time === null ? [i] : []));
  if (missing.length > 0) {
    const states = [];
    for (const i of missing) states.push(`tab ${i + 1} (${await describe(pages[i])})`);
    say(mode, false, `${what}: not within ${PATIENCE / 1000} s in ${states.join(', ')}`);
  } else {
    say(mode, true, `${what}: every tab, within ${Math.max(...times)} ms`);
  }
}

/** What a page shows, for a failure's message. */
async function describe(page) {
  const state = await page
    .evaluate(() => {
      const ending = document.body.innerText.slice(-60).trim();
      return `marked: ${window.shingleCheckMark === true}, ending "${ending}"`;
    })
    .catch((error) => error.message.split('\n')[0]);
  return `${page.url()}, ${state}`;
}

/**
 * Marks each page, so a reload (which clears the mark) can be told from none. First waits until
 * every page has loaded and its script has had a moment to start listening: a change made while
 * a page is still loading is missed by any live reload, and would only test the check's speed.
 */
async function mark(pages) {
  const loaded = (page) => page.evaluate(() => document.readyState === 'complete');
  await Promise.all(pages.map((page) => until(() => loaded(page))));
  await sleep(500);
  await Promise.all(pages.map((page) => page.evaluate(() => (window.shingleCheckMark = true))));
}
const marked = (page) => page.evaluate(() => window.shingleCheckMark === true);
const shows = (page, text) => page.evaluate((t) => document.body.innerText.includes(t), text);
const overlay = (page) => page.evaluate(() => document.getElementById('shingle-error')?.innerText ?? '');

async function expectStreams(mode, port, count, why) {
  // pages' other connections close after 5 s idle, leaving only the streams
  const took = await until(() => connectionsTo(port) === count, 12_000);
  const ok = took !== null;
  const seen = ok ? count : connectionsTo(port);
  say(mode, ok, `${why}: ${seen} open connection(s) to the server, ${count} expected`);
}

async function checkMode(browser, mode) {
  const { tabs, streams, prepare } = modes[mode];
  const site = copySite(join(repo, 'example-site'));
  const about = join(site.root, 'content', 'about.md');
  const original = readFileSync(about, 'utf8');
  writeFileSync(join(site.root, 'static', 'check.css'), '.shingle-check { color: teal; }\n');
  let preview = await startPreview(shingle, site.root);
  const context = await browser.newContext();
  if (process.env.SHOW_CONSOLE) {
    context.on('console', (message) => console.log(`  console: ${message.text()}`));
  }
  try {
    await context.addInitScript(prepare);
    const pages = [];
    for (let i = 1; i <= tabs; i += 1) {
      const page = await context.newPage();
      pages.push(page);
      const started = Date.now();
      const loaded = await page
        .goto(`${preview.url}about/?tab=${i}`, { timeout: PATIENCE })
        .then(() => true)
        .catch(() => false);
      const took = loaded ? `loaded in ${Date.now() - started} ms` : `did not load within ${PATIENCE / 1000} s`;
      say(mode, loaded, `tab ${i} ${took}`);
      if (!loaded) return;
    }
    await expectStreams(mode, preview.port, streams, `${tabs} tabs open`);

    await mark(pages);
    appendFileSync(about, '\nThe check edited this page.\n');
    await everyPage(mode, pages, 'a content edit reloads with the new text', async (page) => {
      return !(await marked(page)) && (await shows(page, 'The check edited this page.'));
    });

    await mark(pages);
    writeFileSync(join(site.root, 'static', 'check.css'), '.shingle-check { color: navy; }\n');
    await everyPage(mode, pages, 'a stylesheet edit swaps stylesheets without a reload', async (page) => {
      const swapped = await page.evaluate(() => {
        const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')];
        return sheets.some((link) => link.href.includes('shingle-reload='));
      });
      return swapped && (await marked(page));
    });

    await mark(pages);
    writeFileSync(about, '+++\ntitle = "About <Bronwen>\n+++\nBroken.\n');
    await everyPage(mode, pages, 'a build error shows over the page', async (page) => {
      return (await overlay(page)).includes('content/about.md:');
    });
    writeFileSync(about, `${original}\nFixed again.\n`);
    await everyPage(mode, pages, 'the fix removes it and reloads', async (page) => {
      return (await overlay(page)) === '' && (await shows(page, 'Fixed again.'));
    });

    if (mode === 'shown') {
      await pages[0].evaluate(() => window.shingleCheckHide(true));
      await expectStreams(mode, preview.port, streams - 1, 'one tab hidden');
      await mark(pages);
      await pages[0].evaluate(() => window.shingleCheckHide(false));
      const back = await until(async () => !(await marked(pages[0])));
      say(mode, back !== null, 'the tab shown again reloads, having maybe missed a change');
      await expectStreams(mode, preview.port, streams, 'shown again');
    }

    await mark(pages);
    await preview.stop();
    writeFileSync(about, `${original}\nAfter a restart.\n`);
    preview = await startPreview(shingle, site.root, preview.port);
    await everyPage(mode, pages, 'a restarted server reloads the tabs', async (page) => {
      return !(await marked(page)) && (await shows(page, 'After a restart.'));
    });

    await expectStreams(mode, preview.port, streams, 'before closing');
    for (const page of pages) await page.close();
    const started = Date.now();
    const freed = await until(() => connectionsTo(preview.port) === 0, 3_000);
    const within = freed !== null ? `within ${Date.now() - started} ms` : 'within 3 s: no';
    say(mode, freed !== null, `closing every tab frees the server's connections ${within}`);
  } finally {
    await context.close().catch(() => {});
    await preview.stop();
    site.remove();
  }
}

const chosen = process.argv.slice(2);
for (const mode of chosen) {
  if (!modes[mode]) {
    console.error(`unknown mode: ${mode}\nusage: tabs.mjs [${Object.keys(modes).join('|')}]...`);
    process.exit(2);
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const mode of chosen.length > 0 ? chosen : Object.keys(modes)) {
    try {
      await checkMode(browser, mode);
    } catch (error) {
      say(mode, false, `stopped: ${error.message}`);
    }
  }
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nEvery live-reload check passed.');
