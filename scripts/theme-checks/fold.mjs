// What a visitor sees before scrolling: the booking action fully in view, a headline of at most
// twelve words, a header that leaves the phone's screen to the page, and a booking action still
// in reach half-way down the home page.

/** The limits the checks hold every theme to. */
export const foldLimits = { headlineWords: 12, headerShare: 0.15 };

/**
 * Measures the page in the current viewport (scrolled to the top first). Resolves to
 * `{ viewport, header, headerShare, h1, h1Words, booking, bookingInView, mainBookingInView, halfway }`:
 * `booking` lists the booking links fully in view, `mainBookingInView` says whether one of them is
 * in the page's own content (the hero) rather than the header.
 */
export async function measureFold(page) {
  return page.evaluate(async () => {
    const round = (n) => Math.round(n * 10) / 10;
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { top: round(r.top), bottom: round(r.bottom), left: round(r.left), right: round(r.right) };
    };
    const visible = (el) => {
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0;
    };
    const fullyInView = (el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    };
    // the booking actions: links to the booking address from site.toml, which every theme
    // puts in the header and the hero
    const bookingHref = document.querySelector('.button-book')?.getAttribute('href');
    const bookingLinks = () =>
      [...document.querySelectorAll('a[href]')].filter((a) => bookingHref && a.getAttribute('href') === bookingHref && visible(a));
    window.scrollTo(0, 0);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const header = document.querySelector('header.site-header, body > header');
    const h1 = document.querySelector('h1');
    const inView = bookingLinks().filter(fullyInView);
    const inMain = inView.filter((a) => a.closest('main'));
    const h1Text = h1 ? h1.textContent.trim().replace(/\s+/g, ' ') : '';
    const result = {
      viewport: { width: innerWidth, height: innerHeight },
      header: header ? round(header.getBoundingClientRect().height) : null,
      headerShare: header ? round((header.getBoundingClientRect().height / innerHeight) * 100) / 100 : null,
      h1: h1Text,
      h1Words: h1Text ? h1Text.split(' ').length : 0,
      booking: inView.map((a) => ({ text: a.textContent.trim(), ...box(a) })),
      bookingInView: inView.length > 0,
      mainBookingInView: inMain.length > 0,
    };
    const half = (document.documentElement.scrollHeight - innerHeight) / 2;
    window.scrollTo(0, half);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    result.halfway = { scrollY: round(scrollY), bookingInView: bookingLinks().some(fullyInView) };
    window.scrollTo(0, 0);
    return result;
  });
}

/** The sizes the fold is checked at: a laptop and a phone. */
export const foldViewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/**
 * Measures one page at each of `foldViewports` and says what fails. `home` adds the checks only
 * the home page has (the hero's button, the headline, the button half-way down).
 * Resolves to `{ rows, failures }`.
 */
export async function checkFold(browser, origin, target) {
  const rows = [];
  const failures = [];
  const home = target.name === 'home';
  for (const viewport of foldViewports) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(origin + target.path, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const fold = await measureFold(page);
    await context.close();
    const size = `${viewport.width}×${viewport.height}`;
    rows.push({ size, ...fold });
    if (!fold.bookingInView) failures.push(`${size}: no booking action fully visible without scrolling`);
    if (home && !fold.mainBookingInView) {
      failures.push(`${size}: the hero's booking button is not fully visible without scrolling`);
    }
    if (home && fold.h1Words > foldLimits.headlineWords) {
      failures.push(`${size}: the H1 has ${fold.h1Words} words (at most ${foldLimits.headlineWords}): "${fold.h1}"`);
    }
    if (viewport.width < 600 && fold.headerShare > foldLimits.headerShare) {
      failures.push(`${size}: the header takes ${Math.round(fold.headerShare * 100)}% of the screen (at most 15%)`);
    }
    if (home && !fold.halfway.bookingInView) failures.push(`${size}: no booking action in view half-way down`);
  }
  return { rows, failures };
}
