// The checks that need a real browser, run with Playwright in Debian's Chromium: axe-core in
// light and dark colour schemes, horizontal overflow and full-page screenshots at each width,
// requests to any other host, broken resources and script errors, and the home page's weight.

import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

export const widths = [360, 768, 1280];
export const schemes = ['light', 'dark'];
const viewportHeight = 800;

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** Starts headless Chromium with a fresh profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

/**
 * The six pages every theme is checked on. The case study and the blog post are the first ones
 * their list pages link to. Resolves to `{ pages, problems }`.
 */
export async function choosePages(browser, origin) {
  const pages = [
    { name: 'home', path: '/' },
    { name: 'service', path: '/services/inbox-management/' },
    { name: 'services', path: '/services/' },
    { name: 'case-study', path: '/work/lowe-and-loom-interiors/' },
    { name: 'faq', path: '/faq/' },
    { name: 'testimonials', path: '/testimonials/' },
  ];
  const problems = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  const caseStudy = await firstLink(page, origin, '/work/', /^\/work\/(?!page\/)[^/]+\/$/);
  if (caseStudy) pages[3].path = caseStudy;
  const post = await firstLink(page, origin, '/blog/', /^\/blog\/(?!page\/)[^/]+\/$/);
  if (post) {
    pages.push({ name: 'post', path: post });
  } else {
    problems.push('no link to a blog post found on /blog/');
  }
  await context.close();
  return { pages, problems };
}

async function firstLink(page, origin, listPath, pattern) {
  const response = await page.goto(origin + listPath, { waitUntil: 'load' }).catch(() => null);
  if (!response || response.status() !== 200) return null;
  const hrefs = await page.$$eval('main a[href], body a[href]', (links) => links.map((a) => a.href));
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin === origin && pattern.test(url.pathname)) return url.pathname;
  }
  return null;
}

/**
 * Checks one page at every width in both colour schemes and saves its screenshots to
 * `shotsDir/NAME-WIDTH-SCHEME.png`.
 */
export async function checkPage(browser, origin, target, shotsDir) {
  mkdirSync(shotsDir, { recursive: true });
  const result = { axe: {}, incomplete: {}, overflow: [], external: new Set(), errors: [] };
  for (const scheme of schemes) {
    const context = await browser.newContext({
      colorScheme: scheme,
      bypassCSP: true,
      viewport: { width: widths[0], height: viewportHeight },
    });
    watchTraffic(context, origin, result);
    // Recorded above, then stopped here: the checks never reach another host.
    const elsewhere = (url) => /^https?:$/.test(url.protocol) && url.host !== new URL(origin).host;
    await context.route(elsewhere, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => result.errors.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') result.errors.push(`console error: ${message.text()}`);
    });
    const violations = new Map();
    const incomplete = new Map();
    for (const width of widths) {
      await page.setViewportSize({ width, height: viewportHeight });
      const response = await page.goto(origin + target.path, { waitUntil: 'load' });
      if (!response || response.status() !== 200) {
        result.errors.push(`${target.path} answered ${response ? response.status() : 'nothing'}`);
      }
      const overflow = await measureOverflow(page);
      if (overflow) result.overflow.push({ scheme, width, ...overflow });
      await page.screenshot({
        path: join(shotsDir, `${target.name}-${width}-${scheme}.png`),
        fullPage: true,
      });
      const axe = await runAxe(page);
      for (const violation of axe.violations) {
        for (const node of violation.nodes) {
          const key = `${violation.id}\u0000${node.target}`;
          if (!violations.has(key)) {
            const { id, impact, help } = violation;
            violations.set(key, { id, impact, help, ...node, widths: [] });
          }
          violations.get(key).widths.push(width);
        }
      }
      for (const item of axe.incomplete) incomplete.set(`${item.id}\u0000${item.target}`, item);
    }
    result.axe[scheme] = [...violations.values()];
    result.incomplete[scheme] = [...incomplete.values()];
    await context.close();
  }
  result.external = [...result.external];
  result.errors = [...new Set(result.errors)];
  return result;
}

function watchTraffic(context, origin, result) {
  const host = new URL(origin).host;
  context.on('request', (request) => {
    const url = new URL(request.url());
    const travels = ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol);
    if (travels && url.host !== host) result.external.add(request.url());
  });
  context.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'document' && response.status() >= 400) {
      result.errors.push(`${type} ${response.url()} answered ${response.status()}`);
    }
  });
  context.on('requestfailed', (request) => {
    const url = new URL(request.url());
    // a picture still loading lazily when the check moves on to the next width is cancelled,
    // not broken
    if (url.host === host && request.failure()?.errorText !== 'net::ERR_ABORTED') {
      result.errors.push(`${request.url()} failed: ${request.failure()?.errorText}`);
    }
  });
}

/** `null` when the page fits the window; else the widths and the elements that stick out. */
function measureOverflow(page) {
  return page.evaluate(() => {
    const scrollWidth = document.documentElement.scrollWidth;
    const innerWidth = window.innerWidth;
    if (scrollWidth <= innerWidth) return null;
    const sticksOut = (rect) => rect.right > innerWidth + 0.5 || rect.left < -0.5;
    const clipped = (element) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      }
      return false;
    };
    const describe = (element) => {
      let name = element.tagName.toLowerCase();
      if (element.id) name += `#${element.id}`;
      const classes = [...element.classList].slice(0, 3);
      if (classes.length) name += `.${classes.join('.')}`;
      return name;
    };
    const culprits = [];
    for (const element of document.body.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if ((rect.width === 0 && rect.height === 0) || !sticksOut(rect) || clipped(element)) continue;
      const parent = element.parentElement;
      if (parent && parent !== document.body && sticksOut(parent.getBoundingClientRect())) continue;
      culprits.push(`${describe(element)} (left ${Math.round(rect.left)}, right ${Math.round(rect.right)})`);
      if (culprits.length === 8) break;
    }
    return { scrollWidth, innerWidth, culprits };
  });
}

async function runAxe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const report = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: report.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
          target: node.target.join(' '),
          summary: (node.failureSummary || '').replace(/\s+/g, ' ').trim(),
        })),
      })),
      incomplete: report.incomplete.flatMap((item) =>
        item.nodes.map((node) => ({
          id: item.id,
          target: node.target.join(' '),
          reason: [...node.any, ...node.all, ...node.none].map((check) => check.message).join(' '),
        })),
      ),
    };
  }, axeTags);
}

/**
 * The home page's weight as a browser receives it, uncompressed: HTML, CSS and JavaScript bytes
 * (the limit applies to these), with fonts and images counted apart. Resolves to
 * `{ bytes, fonts, images, files: [{ url, type, bytes }] }`.
 */
export async function pageWeight(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: viewportHeight } });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (['document', 'stylesheet', 'script', 'font', 'image'].includes(type)) responses.push({ response, type });
  });
  await page.goto(url, { waitUntil: 'load' });
  // lazy images count too: scroll to the end so the browser asks for them
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  await page.waitForLoadState('networkidle').catch(() => {});
  const files = [];
  for (const { response, type } of responses) {
    const body = await response.body().catch(() => Buffer.alloc(0));
    files.push({ url: response.url(), type, bytes: body.length });
  }
  await context.close();
  const sum = (types) => files.filter((f) => types.includes(f.type)).reduce((total, f) => total + f.bytes, 0);
  return { bytes: sum(['document', 'stylesheet', 'script']), fonts: sum(['font']), images: sum(['image']), files };
}

/**
 * The font bytes each page makes a browser fetch (the themes keep it at 60 KB or less).
 * Resolves to `[{ path, bytes, files }]`.
 */
export async function fontWeights(browser, origin, paths) {
  const rows = [];
  for (const path of paths) {
    const context = await browser.newContext({ viewport: { width: 1280, height: viewportHeight } });
    const page = await context.newPage();
    const fonts = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'font') fonts.push(response);
    });
    await page.goto(origin + path, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    let bytes = 0;
    const files = [];
    for (const response of fonts) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      bytes += body.length;
      files.push(`${new URL(response.url()).pathname} ${body.length}`);
    }
    rows.push({ path, bytes, files });
    await context.close();
  }
  return rows;
}
