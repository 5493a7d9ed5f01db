// Quick look while designing: builds nothing, serves a built folder and saves screenshots of
// a few pages at 390×844 and 1280×800 in both colour schemes, with the layout measurements the
// theme checks make (header height, where the booking button is).
// Usage: node scripts/theme-checks/shots.mjs BUILT_FOLDER OUT_FOLDER [PATH...]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { measureFold } from './fold.mjs';
import { serveFolder } from './server.mjs';

const [folder, out, ...paths] = process.argv.slice(2);
const pages = paths.length ? paths : ['/'];
mkdirSync(out, { recursive: true });
const server = await serveFolder(folder);
const origin = `http://127.0.0.1:${server.port}`;
const browser = await launchBrowser();
try {
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(origin + path, { waitUntil: 'load' });
        const name = path.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'home';
        await page.screenshot({ path: join(out, `${name}-${width}-${scheme}.png`), fullPage: false });
        // the whole page as a reader scrolling down would see it: lazy pictures loaded first
        await page.evaluate(() =>
          Promise.all(
            [...document.images].map((img) => {
              img.loading = 'eager';
              return img.decode().catch(() => {});
            }),
          ),
        );
        await page.screenshot({ path: join(out, `${name}-${width}-${scheme}-full.png`), fullPage: true });
        if (scheme === 'light') console.log(width, path, JSON.stringify(await measureFold(page)));
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
