// What a form knows of itself: the values that changed since it opened, the problems shown
// beside fields and in the summary at the top, and a file changed on disk shown as two versions.

import { api, capital, fileUrl, h, say, setTitle } from './api.js';

export function showProblems(form, problems, focus) {
  for (const c of Object.values(form.controls)) {
    if (!c.problem) continue;
    c.problem.hidden = true;
    c.problem.textContent = '';
    if (c.input) c.input.removeAttribute('aria-invalid');
  }
  const listed = [];
  for (const p of problems) {
    const c = p.field && (form.controls[p.field] || form.controls[p.field.split('.').slice(0, -1).join('.')] || form.controls[p.field.split('.')[0]]);
    const text = p.help ? `${capital(p.message)}. ${capital(p.help.replace(/\n/g, ' '))}` : `${capital(p.message)}.`;
    if (c && c.problem) {
      c.problem.hidden = false;
      c.problem.classList.toggle('warning', !p.error);
      c.problem.textContent = (c.problem.textContent ? c.problem.textContent + ' ' : '') + (p.error ? '' : 'Note: ') + text;
      if (c.input && p.error) {
        c.input.setAttribute('aria-invalid', 'true');
        const ids = new Set((c.input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
        ids.add(c.problem.id);
        c.input.setAttribute('aria-describedby', [...ids].join(' '));
      }
    }
    listed.push({ p, c, text });
  }
  const errors = listed.filter(({ p }) => p.error);
  const warnings = listed.filter(({ p }) => !p.error);
  const summary = form.summary;
  summary.replaceChildren();
  summary.hidden = !listed.length;
  if (!listed.length) return;
  const item = ({ p, c, text }) => h('li', {}, c && c.focus
    ? h('a', { href: '#', onclick: (event) => { event.preventDefault(); c.focus(); } }, `${fieldLabel(form, p.field)}: ${text}`)
    : `${p.line ? `Line ${p.line}: ` : ''}${text}`);
  if (errors.length) {
    summary.append(h('h2', {}, errors.length === 1 ? 'There is a problem to fix before this can be saved' : `There are ${errors.length} problems to fix before this can be saved`),
      h('ul', {}, errors.map(item)));
  }
  if (warnings.length) {
    summary.append(h('h2', {}, 'Worth a look (saving still works)'), h('ul', {}, warnings.map(item)));
  }
  summary.classList.toggle('has-errors', errors.length > 0);
  if (focus && errors.length) summary.focus();
}

function fieldLabel(form, path) {
  const names = path.split('.');
  let fields = form.fields;
  const words = [];
  for (const name of names) {
    if (/^\d+$/.test(name)) { words.push(`number ${Number(name) + 1}`); continue; }
    const f = (fields || []).find((x) => x.name === name);
    if (!f) { words.push(name); continue; }
    words.push(f.label);
    fields = f.fields;
  }
  return words.join(', ');
}

export function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function newForm(fields, values, extra) {
  const form = {
    fields, controls: {}, currencies: [], clientChecks: [], choices: {}, pictures: [],
    baseline: values, summary: h('div', { class: 'summary', tabindex: '-1', hidden: true, role: 'region', 'aria-label': 'Problems' }),
    dirty: false, changed: () => {}, ...extra,
  };
  return form;
}

/** The fields whose value differs from what the file had when the form opened. */
export function changedValues(form) {
  const out = {};
  for (const field of form.fields) {
    const c = form.controls[field.name];
    if (!c || c.skip) continue;
    const now = c.read();
    const was = form.baseline[field.name];
    const empty = (v) => v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && !v.length)
      || (typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, x]) => k === '_origin' || empty(x)));
    if (empty(now) && empty(was)) continue;
    if (!sameJson(normalise(now), normalise(was))) out[field.name] = now;
  }
  return out;
}

/** A value with the empty parts a form adds left out, for comparing with the file's. */
function normalise(v) {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const out = {};
    for (const key of Object.keys(v).sort()) {
      const x = normalise(v[key]);
      if (x === '' || x === false || x === undefined || x === null || (Array.isArray(x) && !x.length)) continue;
      out[key] = x;
    }
    return out;
  }
  return v;
}

/** Both versions of a file changed on disk since the form opened, and the choice. */
export function showConflict(root, conflict, change, rel) {
  setTitle('Changed on disk');
  const diff = lineDiff(conflict.theirs, conflict.mine || '');
  const column = (title, lines, side) => h('div', { class: 'version' }, h('h3', {}, title),
    h('pre', { tabindex: '0', 'aria-label': title }, lines.map(([kind, text]) => kind === 'same' ? text + '\n'
      : kind === side ? h('mark', {}, text + '\n') : null)));
  const section = h('section', { class: 'conflict', 'aria-labelledby': 'conflict-title' },
    h('h2', { id: 'conflict-title', tabindex: '-1' }, 'This file changed on disk while you were editing'),
    h('p', {}, conflict.message),
    h('p', {}, 'Marked lines differ. "With your changes" is the version on disk with the fields you changed put in.'),
    h('div', { class: 'versions' }, column('On disk now', diff, 'theirs'), conflict.mine ? column('With your changes', diff, 'mine') : null),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => { location.reload(); } }, 'Keep the version on disk'),
      conflict.mine ? h('button', { type: 'button', class: 'primary', onclick: async () => {
        const { ok, data } = await api('save', { body: { ...change, version: conflict.version } });
        if (ok) {
          sessionStorage.setItem('shingle-saved', JSON.stringify({ message: 'Saved your changes.', entry: data.entry }));
          location.href = fileUrl(data.path || rel);
        } else say(data.message || 'Nothing was saved.');
      } }, 'Save my changes over it') : null));
  root.replaceChildren(section);
  section.querySelector('h2').focus();
}

/** The lines of two texts, each marked same, theirs (only in a) or mine (only in b). */
function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  if (n * m > 4_000_000) return x.map((t) => ['theirs', t]).concat(y.map((t) => ['mine', t]));
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push(['same', x[i]]); i += 1; j += 1; }
    else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) { out.push(['mine', y[j]]); j += 1; }
    else { out.push(['theirs', x[i]]); i += 1; }
  }
  return out;
}
