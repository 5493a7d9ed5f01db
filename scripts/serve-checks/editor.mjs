// Checks the editor of `shingle serve` in a real browser, on a fresh copy of the example site:
//
//   - every editor screen has no axe violations (WCAG 2.2 A and AA rules);
//   - a service opened from the Edit button of its page: its price and a package's price changed
//     and saved change exactly those two lines of the file, and the open preview page shows the
//     new price within a second of the save;
//   - a new testimonial with an uploaded photo and the client's consent appears on the home page;
//   - a date left incomplete shows a message beside the field and saves nothing;
//   - a question added to the FAQ with the keyboard alone (Tab, Enter, typing) is saved;
//   - a file changed on disk while its form is open is not overwritten: both versions are shown.
//
// With --screenshots DIR, saves the pictures docs/editing.md shows (editing-*.png). Exits 1 when
// anything fails. Usage: node scripts/serve-checks/editor.mjs [--screenshots docs/images]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { copySite, startPreview } from './preview.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shingle = process.env.SHINGLE_BIN || join(repo, 'target', 'release', 'shingle');
const axeSource = readFileSync(join(repo, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const shotsArg = process.argv.indexOf('--screenshots');
const shots = shotsArg > 0 ? resolve(process.argv[shotsArg + 1]) : null;
if (shots) mkdirSync(shots, { recursive: true });

const failures = [];
function check(ok, text, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}${!ok && detail ? `\n     ${detail}` : ''}`);
  if (!ok) failures.push(text);
}

/** Lines that differ between two texts of the same number of lines. */
function changedLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return null;
  return a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
}

/** A small PNG photo (a warm gradient), made here so the check needs no file of its own. */
function photo(width = 96, height = 96) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = 180 + Math.round((x / width) * 60);
      rows[at + 1] = 110 + Math.round((y / height) * 60);
      rows[at + 2] = 80;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function axe(page, name) {
  // evaluated through the browser's own protocol: the editor's policy allows no inline script
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const violations = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`);
  check(violations.length === 0, `axe: no violations on ${name}`, violations.join('\n     '));
}

/** A screenshot for the docs; the status message is cleared first unless `status` is kept. */
async function shot(page, name, { status = false } = {}) {
  if (!shots) return;
  if (!status) await page.evaluate(() => document.getElementById('status')?.replaceChildren());
  await page.screenshot({ path: join(shots, `editing-${name}.png`) });
}

/** Waits until the editor's screen has drawn (its heading replaced the "Loading…" one). */
async function ready(page) {
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: 10_000 });
}

const site = copySite(join(repo, 'example-site'));
const preview = await startPreview(shingle, site.root);
const base = preview.url.replace(/\/$/, '');
const edit = `${base}/__shingle/edit/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
const errors = [];
context.on('page', (page) => {
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (message) => {
    // answers such as 404 and 409 are the editor's to give; the checks look at what it shows
    if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) {
      errors.push(`${page.url()}: ${message.text()}`);
    }
  });
});
const foreign = [];
context.on('request', (request) => {
  if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) {
    foreign.push(request.url());
  }
});

try {
  const page = await context.newPage();

  // ----- the editor's screens, with axe
  const screens = [
    ['the list of content', '', 'home'],
    ['a service', 'file?path=services%2Finbox-management.md', null],
    ['a testimonial', 'file?path=testimonials%2Fhannah-lowe.md', null],
    ['a case study', 'file?path=work%2Fmorgan-joinery.md', null],
    ['a post', 'file?path=blog%2Fwhat-to-hand-over-first.md', null],
    ['a page', 'file?path=about.md', null],
    ['the home page', 'file?path=_index.md', null],
    ['the skills', 'file?path=skills.md', 'skills'],
    ['the FAQ', 'file?path=faq.md', null],
    ['a new service', 'new?kind=service', 'new'],
    ['the site settings', 'settings', null],
    ['the history', 'history', null],
    ['a file that does not exist', 'file?path=nothing.md', null],
  ];
  for (const [name, path, picture] of screens) {
    await page.goto(edit + path);
    await ready(page);
    await axe(page, name);
    if (picture === 'skills') {
      await page.evaluate(() => document.querySelector('.lists h2').scrollIntoView({ block: 'start' }));
    }
    if (picture) await shot(page, picture);
  }
  await page.goto(`${edit}file?path=about.md`);
  await ready(page);
  await page.getByRole('button', { name: 'Show the preview' }).click();
  await page.locator('.preview:not([hidden])').waitFor();
  await axe(page, 'a page with its preview shown');

  // ----- a service: from its page's Edit button, a price and a package changed
  const servicePath = join(site.root, 'content', 'services', 'inbox-management.md');
  const serviceBefore = readFileSync(servicePath, 'utf8');
  const editor = await context.newPage();
  await editor.goto(`${base}/services/inbox-management/`);
  const button = editor.locator('#shingle-edit');
  check(await button.isVisible(), 'the preview page shows an Edit button');
  await axe(editor, 'a preview page with its Edit button');
  await button.click();
  await editor.waitForURL(/__shingle\/edit\/file/);
  await ready(editor);
  check(editor.url().includes('file?path=services%2Finbox-management.md'), "the Edit button opens the form of the page's file", editor.url());
  // the page as a visitor sees it, open in another tab while she edits
  const live = await context.newPage();
  await live.goto(`${base}/services/inbox-management/`);
  await editor.bringToFront();
  await shot(editor, 'service-form');
  await editor.getByLabel('Price from').fill('395');
  const core = editor.locator('fieldset.entry').nth(1);
  await core.getByLabel('Price').fill('720');
  await core.scrollIntoViewIfNeeded();
  await shot(editor, 'service-packages');
  const saved = editor.waitForResponse((r) => r.url().includes('/api/save'));
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  const savedAt = Date.now();
  check((await saved).status() === 200, 'the service saves');
  const lines = changedLines(serviceBefore, readFileSync(servicePath, 'utf8'));
  check(
    lines && lines.length === 2 && lines[0][1] === 'from = 395' && lines[1][1] === 'price = 720',
    'the file shows exactly the two lines changed',
    JSON.stringify(lines));
  await live.waitForFunction(() => document.body.innerText.includes('395'), null, { timeout: 10_000 }).catch(() => {});
  const shown = Date.now() - savedAt;
  check(shown <= 1000, `the preview shows the new price within a second (${shown} ms)`);
  await editor.waitForLoadState();
  await ready(editor);
  await editor.locator('#status').getByRole('button', { name: 'Undo this save' }).waitFor();
  await shot(editor, 'saved', { status: true });

  // ----- a new testimonial with a photo and consent, then the home page
  await editor.goto(edit);
  await ready(editor);
  await editor.getByRole('link', { name: 'New testimonial' }).click();
  await ready(editor);
  await editor.getByLabel("The client's name").fill('Priya Shah');
  await editor.getByRole('button', { name: 'Create the testimonial' }).click();
  await editor.waitForURL(/file\?path=testimonials%2Fpriya-shah\.md/);
  await ready(editor);
  await axe(editor, 'a new testimonial\'s form');
  const photoPath = join(site.root, 'priya.png');
  writeFileSync(photoPath, photo());
  // the first picture of a testimonial is the client's face (the company logo follows)
  await editor.locator('input[type=file]').first().setInputFiles(photoPath);
  await editor.getByText('Saved as static/images/priya.png').waitFor();
  await editor.getByLabel('Photo description').fill('Priya smiling in her studio');
  await editor.getByLabel('Role').fill('Founder');
  await editor.getByLabel('Company', { exact: true }).fill('Shah Studio');
  await editor.getByLabel('Inbox & Calendar Management').check();
  await editor.getByLabel('The client agreed to be quoted on my site').check();
  await editor.getByLabel('Draft').uncheck();
  await editor.getByLabel('Position in lists').fill('0');
  await editor.getByLabel('The quote, in their words').fill('Bronwen gave me my Mondays back. Everything just happens now.');
  await editor.locator('.picture img.thumb').first().waitFor();
  await editor.locator('.picture').first().scrollIntoViewIfNeeded();
  await editor.evaluate(() => document.querySelector('.picture').scrollIntoView({ block: 'start' }));
  await editor.evaluate(() => window.scrollBy(0, -20));
  await shot(editor, 'testimonial');
  // an incomplete date: a message beside the field, and nothing saved
  const testimonialPath = join(site.root, 'content', 'testimonials', 'priya-shah.md');
  const testimonialBefore = readFileSync(testimonialPath, 'utf8');
  const date = editor.getByLabel('Date', { exact: true });
  // the day typed, the month and year not
  await date.focus();
  await editor.keyboard.type('15');
  const bad = await date.evaluate((input) => input.validity.badInput);
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  const message = editor.locator('.field:has(input[type=date]) .problem:not([hidden])');
  await message.waitFor({ timeout: 5000 }).catch(() => {});
  check(bad && (await message.count()) === 1, 'an incomplete date shows a message beside the field', await message.allInnerTexts().then((t) => t.join(' ')));
  check(await date.getAttribute('aria-invalid') === 'true', 'the date field is marked invalid for screen readers');
  check(readFileSync(testimonialPath, 'utf8') === testimonialBefore, 'nothing is saved while the date is incomplete');
  await axe(editor, 'a form showing a problem');
  await shot(editor, 'problem-summary');
  await date.evaluate((input) => input.scrollIntoView({ block: 'center' }));
  await shot(editor, 'problem');
  await date.fill(new Date().toISOString().slice(0, 10));
  const testimonialSaved = editor.waitForResponse((r) => r.url().includes('/api/save'));
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  const answer = await testimonialSaved;
  check(answer.status() === 200, 'the testimonial saves', await answer.text().catch(() => ''));
  const home = await context.newPage();
  // the preview rebuilds after the save: the home page shows the quote once it has
  let onHome = '';
  for (let tries = 0; tries < 40 && !onHome.includes('Bronwen gave me my Mondays back'); tries += 1) {
    if (tries) await home.waitForTimeout(250);
    await home.goto(`${base}/`);
    onHome = await home.locator('body').innerText();
  }
  check(onHome.includes('Bronwen gave me my Mondays back') && onHome.includes('Priya Shah'), 'the new testimonial is on the home page');
  check(await home.locator('img[src*="priya"]').count() > 0, 'with her photo');
  await home.close();

  // ----- the FAQ with the keyboard alone
  const faqPath = join(site.root, 'content', 'faq.md');
  await editor.goto(`${edit}file?path=faq.md`);
  await ready(editor);
  const focusOn = async (wanted) => {
    for (let i = 0; i < 400; i += 1) {
      await editor.keyboard.press('Tab');
      const text = await editor.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
      if (text === wanted) return true;
    }
    return false;
  };
  const reached = await focusOn('Add a question');
  check(reached, 'Tab reaches "Add a question"');
  const outline = await editor.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== 'none', 'the focused button shows where the focus is', outline);
  await editor.keyboard.press('Enter');
  await editor.keyboard.type('Do you work weekends?');
  await editor.keyboard.press('Tab');
  await editor.keyboard.type('No: my hours are Monday to Friday.');
  check(await focusOn('Save'), 'Tab reaches Save');
  const faqSaved = editor.waitForResponse((r) => r.url().includes('/api/save'));
  await editor.keyboard.press('Enter');
  check((await faqSaved).status() === 200, 'the FAQ saves from the keyboard');
  // the form opens again with what was saved, and says so
  await editor.locator('#status').getByRole('button', { name: 'Undo this save' }).waitFor();
  const faq = readFileSync(faqPath, 'utf8');
  check(faq.endsWith('## Do you work weekends?\n\nNo: my hours are Monday to Friday.\n'), 'the question is at the end of faq.md', faq.slice(-200));

  // ----- a file changed on disk while its form is open
  await editor.goto(`${edit}file?path=about.md`);
  await ready(editor);
  const aboutPath = join(site.root, 'content', 'about.md');
  const theirs = readFileSync(aboutPath, 'utf8').replace(/^title = .*$/m, 'title = "About me (from my text editor)"');
  writeFileSync(aboutPath, theirs);
  await editor.getByLabel('Description').fill('Changed in the browser');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await editor.getByRole('heading', { name: 'This file changed on disk while you were editing' }).waitFor();
  check(readFileSync(aboutPath, 'utf8') === theirs, 'a file changed on disk is not overwritten');
  check(await editor.locator('.version').count() === 2, 'both versions are shown');
  await axe(editor, 'the two versions of a file changed on disk');
  await shot(editor, 'conflict');

  // ----- undo, delete and restore, a new address
  const termsPath = join(site.root, 'content', 'terms.md');
  const termsBefore = readFileSync(termsPath, 'utf8');
  await editor.goto(`${edit}file?path=terms.md`);
  await ready(editor);
  await editor.getByLabel('Title', { exact: true }).fill('Terms');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  const undoSave = editor.locator('#status').getByRole('button', { name: 'Undo this save' });
  await undoSave.waitFor();
  check(readFileSync(termsPath, 'utf8') !== termsBefore, 'a save changes the file');
  await undoSave.click();
  await editor.waitForTimeout(1500);
  check(readFileSync(termsPath, 'utf8') === termsBefore, 'Undo this save brings the file back byte for byte');
  await ready(editor);
  await editor.getByRole('button', { name: 'Delete this file…' }).click();
  await editor.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await editor.waitForURL(edit);
  await ready(editor);
  check(!existsSync(termsPath), 'Delete removes the file from content/');
  await editor.goto(`${edit}history`);
  await ready(editor);
  await editor.getByRole('button', { name: 'Undo: Deleted content/terms.md' }).click();
  await editor.waitForTimeout(1500);
  check(existsSync(termsPath) && readFileSync(termsPath, 'utf8') === termsBefore, 'the deleted file comes back from the history');
  await ready(editor);
  await editor.goto(`${edit}file?path=terms.md`);
  await ready(editor);
  await editor.getByText('Change the address of this page').click();
  await editor.getByLabel('The last part of the address').fill('terms-of-business');
  await editor.getByRole('button', { name: 'Change the address' }).click();
  await editor.waitForURL(/terms-of-business\.md/);
  await ready(editor);
  const renamed = readFileSync(join(site.root, 'content', 'terms-of-business.md'), 'utf8');
  check(renamed.includes('aliases = ["/terms/"]') && !existsSync(termsPath), 'a new address keeps the old one in aliases', renamed.slice(0, 300));

  // ----- settings: the accent colour's contrast, live
  await editor.goto(`${edit}settings`);
  await ready(editor);
  const accent = editor.getByLabel('Accent', { exact: true });
  await accent.fill('#f5d90a');
  await editor.locator('.contrast .fail, .contrast .pass').first().waitFor();
  const report = await editor.locator('.contrast').first().innerText();
  check(/to 1/.test(report), 'the accent colour\'s contrast is shown as it is typed', report);
  await accent.evaluate((input) => input.closest('fieldset').scrollIntoView({ block: 'start' }));
  await shot(editor, 'settings');
  const settingsPath = join(site.root, 'site.toml');
  const settingsBefore = readFileSync(settingsPath, 'utf8');
  await editor.getByRole('button', { name: 'Save the settings' }).click();
  await editor.locator('#status').getByRole('button', { name: 'Undo this save' }).waitFor();
  const settingsLines = changedLines(settingsBefore, readFileSync(settingsPath, 'utf8'));
  check(settingsLines && settingsLines.length === 1 && settingsLines[0][1] === 'accent = "#f5d90a"', 'the settings save exactly the accent line', JSON.stringify(settingsLines));
  await editor.goto(`${edit}history`);
  await ready(editor);
  await shot(editor, 'history');

  check(errors.length === 0, 'no script errors', errors.join('\n     '));
  check(foreign.length === 0, 'no request to any other host', foreign.join('\n     '));
} catch (err) {
  check(false, `the check ran to its end: ${err.stack || err}`);
} finally {
  await browser.close();
  await preview.stop();
  site.remove();
}

if (failures.length) {
  console.log(`\n${failures.length} failed`);
  process.exit(1);
}
console.log('\nThe editor works in Chromium.');
