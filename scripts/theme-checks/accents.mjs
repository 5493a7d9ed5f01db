// Brand colours a site owner might choose, tried on each theme: a pale one, a near-black, two
// saturated ones and one written without its `#`. Each either builds into pages on which axe
// finds no colour-contrast problem in light and dark mode (the home page and a service page,
// one window width), or is refused by the build with a message that names the option and shows
// it written right. Screenshots of each home page go to artifacts/screenshots/THEME/accents/.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser } from './browser.mjs';
import { serveFolder } from './server.mjs';
import { buildSite, exampleSiteWithTheme } from './site.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

/**
 * Each accent and what must happen: `pages` (it builds; axe finds no contrast problem) or the
 * exact lines the refused build must print.
 */
export const accents = [
  { accent: '#ffd1dc', expect: 'pages' },
  { accent: '#111111', expect: 'pages' },
  { accent: '#ff0000', expect: 'pages' },
  { accent: '#00ff00', expect: 'pages' },
  {
    accent: '6b2d5c',
    expect: ['accent = "6b2d5c" is not a colour: a colour starts with #', '  write accent = "#6b2d5c"'],
  },
];

const pages = [
  { name: 'home', path: '/' },
  { name: 'service', path: '/services/inbox-management/' },
];
const width = 1280;

/** The example site with `accent` set in its [theme_options]. */
function siteWithAccent(exampleSite, theme, accent) {
  const site = exampleSiteWithTheme(exampleSite, theme);
  const settingsPath = join(site.root, 'site.toml');
  const settings = readFileSync(settingsPath, 'utf8');
  const line = `accent = ${JSON.stringify(accent)}`;
  if (!/^accent\s*=.*$/m.test(settings)) throw new Error('the example site sets no accent in [theme_options]');
  writeFileSync(settingsPath, settings.replace(/^accent\s*=.*$/m, line));
  return site;
}

/** Runs only axe's colour-contrast rule; resolves to its violations, one per element. */
async function contrastViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const report = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
    return report.violations.flatMap((violation) =>
      violation.nodes.map((node) => ({
        target: node.target.join(' '),
        summary: (node.failureSummary || '').replace(/\s+/g, ' ').trim(),
      })),
    );
  });
}

/**
 * Tries every accent on `theme`. Resolves to `{ rows, failures }`: one row per accent for the
 * summary table, and the details of everything that did not happen as expected.
 */
export async function checkAccents({ shingle, exampleSite, theme, artifacts, say }) {
  const rows = [];
  const failures = [];
  const shots = join(artifacts, 'screenshots', theme, 'accents');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const browser = await launchBrowser();
  try {
    for (const { accent, expect } of accents) {
      const site = siteWithAccent(exampleSite, theme, accent);
      const server = await serveFolder(site.output);
      const origin = `http://127.0.0.1:${server.port}`;
      try {
        const build = buildSite(shingle, site, `${origin}/`);
        if (expect !== 'pages') {
          const told = expect.every((line) => build.log.includes(line)) && /site\.toml:\d+:\d+: error: /.test(build.log);
          if (build.ok || !told) {
            failures.push(
              `accent ${accent}: expected the build to refuse it with:\n    ${expect.join('\n    ')}\n  but it ${build.ok ? 'built' : `said:\n${build.log}`}`,
            );
          }
          rows.push([theme, `\`${accent}\``, build.ok ? 'FAIL built' : told ? 'refused, option named' : 'FAIL unclear', '–', '–']);
          continue;
        }
        if (!build.ok) {
          failures.push(`accent ${accent}: the example site does not build:\n${build.log}`);
          rows.push([theme, `\`${accent}\``, 'FAIL build', '–', '–']);
          continue;
        }
        const counts = { light: 0, dark: 0 };
        for (const scheme of ['light', 'dark']) {
          const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
          const page = await context.newPage();
          for (const target of pages) {
            await page.goto(origin + target.path, { waitUntil: 'load' });
            if (target.name === 'home') {
              const name = `${accent.replace('#', '')}-home-${scheme}.png`;
              await page.screenshot({ path: join(shots, name), fullPage: true });
            }
            for (const violation of await contrastViolations(page)) {
              counts[scheme] += 1;
              failures.push(`accent ${accent}, ${scheme}, ${target.path}: ${violation.target}: ${violation.summary}`);
            }
          }
          await context.close();
        }
        const cell = (n) => (n === 0 ? 'ok' : `FAIL ${n}`);
        rows.push([theme, `\`${accent}\``, 'built', cell(counts.light), cell(counts.dark)]);
      } finally {
        await server.close();
        rmSync(site.work, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  say(`accents: ${rows.map((row) => `${row[1]} ${row.slice(2).join('/')}`).join(', ')}`);
  return { rows, failures };
}
