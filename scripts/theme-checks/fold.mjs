// What a visitor sees before scrolling: the booking action fully in view, a headline of at most
// twelve words, a header that leaves the phone's screen to the page, and a booking action still
// in reach half-way down the home page.

/** The limits the checks hold every theme to. */
export const foldLimits = { headlineWords: 12, headerShare: 0.15 };

/**
 * Measures the page in the current viewport (scrolled to the top first). Resolves to
 * `{ viewport, header, headerShare, h1, h1Words, booking, bookingInView, halfway }`.
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
    const h1Text = h1 ? h1.textContent.trim().replace(/\s+/g, ' ') : '';
    const result = {
      viewport: { width: innerWidth, height: innerHeight },
      header: header ? round(header.getBoundingClientRect().height) : null,
      headerShare: header ? round((header.getBoundingClientRect().height / innerHeight) * 100) / 100 : null,
      h1: h1Text,
      h1Words: h1Text ? h1Text.split(' ').length : 0,
      booking: inView.map((a) => ({ text: a.textContent.trim(), ...box(a) })),
      bookingInView: inView.length > 0,
    };
    const half = (document.documentElement.scrollHeight - innerHeight) / 2;
    window.scrollTo(0, half);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    result.halfway = { scrollY: round(scrollY), bookingInView: bookingLinks().some(fullyInView) };
    window.scrollTo(0, 0);
    return result;
  });
}
