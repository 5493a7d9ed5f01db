// Checks every built-in theme on the example site: builds it once per theme, serves it on
// 127.0.0.1, and runs axe-core, the Nu HTML checker, Lighthouse, overflow, other-host and
// page-weight checks, and the fold checks (fold.mjs: the booking action in view at 1280×800 and
// 390×844, a short H1, a small phone header, a booking action half-way down the home page),
// fonts per page; before those it tries a set of accent colours on it (accents.mjs). Prints a table,
// writes screenshots and reports under artifacts/, and exits 1 when anything fails.
//
// Usage: node scripts/theme-checks/main.mjs [--theme NAME]... [--lighthouse full|reduced|off]
//        [--accents on|off|only]

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAccents } from './accents.mjs';
import { checkPage, choosePages, fontWeights, launchBrowser, pageWeight } from './browser.mjs';
import { checkFold } from './fold.mjs';
import { auditPage, startChromium } from './lighthouse.mjs';
import {
  countCell,
  lighthouseCell,
  markdownTable,
  pageCounts,
  pageFailures,
  pageReviews,
} from './report.mjs';
import { serveFolder } from './server.mjs';
import { buildSite, exampleSiteWithTheme, htmlFiles, listThemes } from './site.mjs';
import { checkHtml } from './vnu.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shingle = process.env.SHINGLE_BIN || join(repo, 'target', 'release', 'shingle');
const artifacts = join(repo, 'artifacts');
const weightLimit = 50 * 1024;
const fontLimit = 60 * 1024;

// Lighthouse on every page in both modes ('full'), or in both modes on the home and service
// pages and mobile only elsewhere ('reduced'), or not at all ('off').
const lighthousePlans = {
  full: () => ['mobile', 'desktop'],
  reduced: (name) => (name === 'home' || name === 'service' ? ['mobile', 'desktop'] : ['mobile']),
  off: () => [],
};

function parseArguments(argv) {
  const options = { themes: [], lighthouse: process.env.LIGHTHOUSE_PLAN || 'full', accents: 'on' };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--theme' && argv[i + 1]) options.themes.push(argv[(i += 1)]);
    else if (argv[i] === '--lighthouse' && argv[i + 1]) options.lighthouse = argv[(i += 1)];
    else if (argv[i] === '--accents' && argv[i + 1]) options.accents = argv[(i += 1)];
    else {
      console.error(`unknown argument: ${argv[i]}`);
      console.error('usage: check-themes [--theme NAME]... [--lighthouse full|reduced|off] [--accents on|off|only]');
      process.exit(2);
    }
  }
  if (!['on', 'off', 'only'].includes(options.accents)) {
    console.error(`--accents must be on, off or only, not ${options.accents}`);
    process.exit(2);
  }
  if (!lighthousePlans[options.lighthouse]) {
    console.error(`--lighthouse must be full, reduced or off, not ${options.lighthouse}`);
    process.exit(2);
  }
  return options;
}

/** The names in a folder, or none when it does not exist. */
const readdirIfAny = (dir) => (existsSync(dir) ? readdirSync(dir) : []);

const seconds = (start) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

async function checkTheme(theme, lighthouseModes, accentsPlan) {
  const started = Date.now();
  const say = (text) => console.log(`[${theme}] ${text}`);
  const outcome = { theme, failures: [], pages: [], vnu: [], weight: null, accents: [], fold: [], fonts: [] };
  if (accentsPlan !== 'off') {
    const step = Date.now();
    try {
      const exampleSite = join(repo, 'example-site');
      const { rows, failures } = await checkAccents({ shingle, exampleSite, theme, artifacts, say });
      outcome.accents = rows;
      outcome.failures.push(...failures);
    } catch (error) {
      outcome.failures.push(`the accent checks stopped: ${error.stack || error.message}`);
    }
    say(`accents (${seconds(step)})`);
    if (accentsPlan === 'only') return outcome;
  }
  for (const old of [join('screenshots', theme), join('lighthouse', theme)]) {
    for (const entry of readdirIfAny(join(artifacts, old))) {
      if (entry !== 'accents') rmSync(join(artifacts, old, entry), { recursive: true, force: true });
    }
  }
  const site = exampleSiteWithTheme(join(repo, 'example-site'), theme);
  const server = await serveFolder(site.output);
  const origin = `http://127.0.0.1:${server.port}`;
  try {
    const build = buildSite(shingle, site, `${origin}/`);
    if (!build.ok) {
      outcome.failures.push(`the example site does not build with this theme:\n${build.log}`);
      say('build FAILED');
      return outcome;
    }
    const files = htmlFiles(site.output);
    say(`built ${files.length} HTML files (${seconds(started)})`);
    const failedToRun = (error) => [{ file: '(vnu)', line: 0, column: 0, message: error.message }];
    const vnu = checkHtml(files, site.output).catch(failedToRun);

    let step = Date.now();
    const browser = await launchBrowser();
    try {
      const { pages, problems } = await choosePages(browser, origin);
      outcome.failures.push(...problems);
      for (const target of pages) {
        const result = await checkPage(browser, origin, target, join(artifacts, 'screenshots', theme));
        outcome.pages.push({ target, result, lighthouse: {} });
        const fold = await checkFold(browser, origin, target);
        outcome.fold.push({ target, ...fold });
        outcome.failures.push(...fold.failures.map((f) => `${target.name} (${target.path}): ${f}`));
      }
      if (!pages.some((p) => p.name === 'testimonials')) outcome.failures.push('/testimonials/ is not checked');
      outcome.weight = await pageWeight(browser, `${origin}/`);
      outcome.fonts = await fontWeights(browser, origin, pages.map((p) => p.path));
      for (const row of outcome.fonts) {
        if (row.bytes > fontLimit) {
          outcome.failures.push(`${row.path} loads ${(row.bytes / 1024).toFixed(1)} KB of fonts (at most 60 KB): ${row.files.join(', ')}`);
        }
      }
    } finally {
      await browser.close();
    }
    say(`browser checks on ${outcome.pages.length} pages (${seconds(step)})`);

    step = Date.now();
    outcome.vnu = await vnu;
    say(`Nu HTML checker: ${outcome.vnu.length} errors (${seconds(step)} after the browser checks)`);

    step = Date.now();
    const reports = join(artifacts, 'lighthouse', theme);
    mkdirSync(reports, { recursive: true });
    const chrome = lighthouseModes('home').length ? await startChromium() : null;
    try {
      for (const entry of outcome.pages) {
        for (const mode of lighthouseModes(entry.target.name)) {
          const runStart = Date.now();
          const reportPath = join(reports, `${entry.target.name}-${mode}.html`);
          const summary = await auditPage(chrome.port, origin + entry.target.path, mode, reportPath);
          entry.lighthouse[mode] = summary;
          say(`Lighthouse ${entry.target.name} ${mode}: ${lighthouseCell(summary)} (${seconds(runStart)})`);
        }
      }
    } finally {
      await chrome?.close();
    }
    if (chrome) say(`Lighthouse (${seconds(step)})`);
  } catch (error) {
    outcome.failures.push(`the checks stopped: ${error.stack || error.message}`);
  } finally {
    await server.close();
    rmSync(site.work, { recursive: true, force: true });
    say(`done in ${seconds(started)}`);
  }
  return outcome;
}

function summarize(outcomes, lighthouseOn) {
  const accentRows = outcomes.flatMap((outcome) => outcome.accents);
  const pageRows = [];
  const themeRows = [];
  const foldRows = [];
  const details = [];
  const reviews = [];
  let failed = false;
  for (const outcome of outcomes) {
    const weight = outcome.weight;
    const heavy = weight && weight.bytes >= weightLimit;
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
    const mostFont = outcome.fonts.reduce((most, row) => Math.max(most, row.bytes), 0);
    themeRows.push([
      outcome.theme,
      outcome.failures.length ? `FAIL ${outcome.failures.length}` : 'ok',
      countCell(outcome.vnu.length),
      weight ? `${heavy ? 'FAIL ' : ''}${kb(weight.bytes)}` : '–',
      weight ? kb(weight.fonts) : '–',
      weight ? kb(weight.images) : '–',
      outcome.fonts.length ? kb(mostFont) : '–',
    ]);
    for (const { target, rows } of outcome.fold) {
      for (const row of rows) {
        foldRows.push([
          outcome.theme,
          target.name,
          row.size,
          `${row.header} px (${Math.round(row.headerShare * 100)}%)`,
          row.booking.map((b) => `${Math.round(b.top)}–${Math.round(b.bottom)}`).join(', ') || 'none',
          `${row.h1Words}`,
          row.halfway.bookingInView ? 'yes' : 'no',
        ]);
      }
    }
    const themeDetails = [...outcome.failures];
    for (const error of outcome.vnu) {
      themeDetails.push(`vnu: ${error.file}:${error.line}:${error.column}: ${error.message}`);
      if (error.extract) themeDetails.push(`    ${error.extract.slice(0, 200)}`);
    }
    if (heavy) {
      themeDetails.push(`home page weighs ${weight.bytes} bytes of HTML, CSS and JS (limit ${weightLimit}):`);
      for (const file of weight.files) themeDetails.push(`    ${file.type} ${file.url} ${file.bytes} bytes`);
    }
    for (const { target, result, lighthouse } of outcome.pages) {
      const counts = pageCounts(result);
      const row = [
        outcome.theme,
        `${target.name} \`${target.path}\``,
        countCell(counts.light),
        countCell(counts.dark),
        countCell(counts.overflow),
        countCell(counts.external),
        countCell(counts.errors),
      ];
      if (lighthouseOn) row.push(lighthouseCell(lighthouse.mobile), lighthouseCell(lighthouse.desktop));
      pageRows.push(row);
      const lines = pageFailures(result);
      for (const [mode, summary] of Object.entries(lighthouse)) {
        if (summary.failing.length) lines.push(`Lighthouse ${mode}:`, ...summary.failing.map((l) => `  ${l}`));
      }
      if (lines.length) themeDetails.push(`${target.name} (${target.path}):`, ...lines.map((l) => `  ${l}`));
      const review = pageReviews(result);
      if (review.length) {
        reviews.push(`${outcome.theme} ${target.name} (${target.path}):`, ...review.map((l) => `  ${l}`));
      }
    }
    if (themeDetails.length) {
      failed = true;
      details.push(`### ${outcome.theme}`, '', '```', ...themeDetails, '```', '');
    }
  }
  const pageHeader = ['theme', 'page', 'axe light', 'axe dark', 'overflow', 'other hosts', 'errors'];
  if (lighthouseOn) pageHeader.push('Lighthouse mobile P/A/BP/SEO', 'Lighthouse desktop P/A/BP/SEO');
  const text = [
    '## Theme checks',
    '',
    markdownTable(
      [
        'theme',
        'build and pages',
        'Nu HTML checker (all pages)',
        'home page HTML+CSS+JS',
        'home fonts',
        'home images',
        'most font on a page',
      ],
      themeRows,
    ),
    '',
    ...(foldRows.length
      ? [
          markdownTable(
            ['theme', 'page', 'screen', 'header', 'booking actions in view (px from top)', 'H1 words', 'booking half-way down'],
            foldRows,
          ),
          '',
        ]
      : []),
    ...(pageRows.length ? [markdownTable(pageHeader, pageRows), ''] : []),
    ...(accentRows.length
      ? [
          markdownTable(['theme', 'accent', 'build', 'axe contrast light', 'axe contrast dark'], accentRows),
          '',
        ]
      : []),
    ...(details.length ? ['## Failures', '', ...details] : ['All checks passed.', '']),
    ...(reviews.length
      ? ['## For a person to review (not failures: axe could not decide)', '', '```', ...reviews, '```', '']
      : []),
  ].join('\n');
  return { text, failed };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const started = Date.now();
  let themes = listThemes(shingle);
  if (options.themes.length) {
    const unknown = options.themes.filter((name) => !themes.includes(name));
    if (unknown.length) {
      console.error(`no built-in theme named ${unknown.join(', ')}; the themes are ${themes.join(', ')}`);
      process.exit(2);
    }
    themes = options.themes;
  }
  console.log(`Checking themes: ${themes.join(', ')} (Lighthouse: ${options.lighthouse})`);
  const outcomes = [];
  for (const theme of themes) {
    outcomes.push(await checkTheme(theme, lighthousePlans[options.lighthouse], options.accents));
  }
  const { text, failed } = summarize(outcomes, options.lighthouse !== 'off');
  mkdirSync(join(artifacts, 'check-themes'), { recursive: true });
  writeFileSync(join(artifacts, 'check-themes', 'summary.md'), `${text}\n`);
  writeFileSync(join(artifacts, 'check-themes', 'results.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
  console.log(`\n${text}`);
  console.log(`Theme checks took ${seconds(started)}; screenshots and reports are in artifacts/.`);
  process.exit(failed ? 1 : 0);
}

await main();
