// Turns the results of the theme checks into what a person reads: one table row per theme and
// page, one row per theme for the site-wide checks, and the details of every failure.

import { thresholds } from './lighthouse.mjs';

const scoreOrder = ['performance', 'accessibility', 'best-practices', 'seo'];

/** A markdown table: `header` is a list of column names, `rows` a list of lists of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One cell for a count of problems: `ok` or `FAIL n`. */
export function countCell(count) {
  return count === 0 ? 'ok' : `FAIL ${count}`;
}

/** One cell for a Lighthouse run: `P/A/BP/SEO` scores, marked when a score falls short. */
export function lighthouseCell(summary) {
  if (!summary) return '–';
  const scores = scoreOrder.map((id) => summary.scores[id] ?? 0).join('/');
  const passed = scoreOrder.every((id) => (summary.scores[id] ?? 0) >= thresholds[id]);
  const retried = summary.runs > 1 ? ' (2 runs)' : '';
  return passed && summary.failing.length === 0 ? `${scores}${retried}` : `FAIL ${scores}${retried}`;
}

/** The failure details for one page's browser checks, as lines of text. */
export function pageFailures(result) {
  const lines = [];
  for (const [scheme, violations] of Object.entries(result.axe)) {
    for (const v of violations) {
      lines.push(
        `axe ${scheme}: ${v.id} (${v.impact}) at ${v.target} [widths ${v.widths.join(', ')}]: ${v.help}`,
        `    ${v.summary}`,
      );
    }
  }
  for (const o of result.overflow) {
    lines.push(
      `overflow ${o.scheme} at ${o.width} px: scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}`,
      ...o.culprits.map((culprit) => `    ${culprit}`),
    );
  }
  for (const url of result.external) lines.push(`request to another host: ${url}`);
  for (const error of result.errors) lines.push(error);
  return lines;
}

/** What axe could not decide on one page (a person should look), as lines of text. */
export function pageReviews(result) {
  const lines = [];
  for (const [scheme, items] of Object.entries(result.incomplete)) {
    for (const item of items) lines.push(`axe ${scheme}: ${item.id} at ${item.target}: ${item.reason}`);
  }
  return lines;
}

/** The count of failing browser checks on one page, by kind. */
export function pageCounts(result) {
  return {
    light: result.axe.light?.length ?? 0,
    dark: result.axe.dark?.length ?? 0,
    overflow: result.overflow.length,
    external: result.external.length,
    errors: result.errors.length,
  };
}
