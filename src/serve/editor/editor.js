// Shingle's editor: the page reads its address to know which screen to show (the list of the
// site's content, a file's form, a new file, the site's settings, the history), builds the form
// from the field declarations the server sends, and sends changes back as JSON with this run's
// key. No framework and no other host: everything here comes from the preview server.
'use strict';

const PREFIX = '/__shingle/edit/';
const KEY = document.querySelector('meta[name="shingle-key"]').content;

// ---------------------------------------------------------------------------------------------
// Small helpers: elements, requests, messages

/** An element with attributes (`on*` become listeners) and children (text or elements). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let uniqueCount = 0;
function unique(base) {
  uniqueCount += 1;
  return `${base.replace(/[^a-zA-Z0-9_-]/g, '-')}-${uniqueCount}`;
}

/** Asks the server: GET with `query`, or POST `body` (JSON, or bytes with `type`). */
async function api(name, { query, body, bytes, type } = {}) {
  const url = PREFIX + 'api/' + name + (query ? '?' + new URLSearchParams(query).toString().replace(/\+/g, '%20') : '');
  const options = { headers: { 'X-Shingle-Key': KEY }, credentials: 'same-origin', cache: 'no-store' };
  if (bytes !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = type || 'application/octet-stream';
    options.body = bytes;
  } else if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    return { ok: false, status: 0, data: { message: 'The preview server does not answer. Is shingle serve still running?' } };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { message: `The preview server answered ${response.status}.` };
  }
  return { ok: response.ok, status: response.status, data };
}

/** Says something in the status line (read out by screen readers), with optional buttons. */
function say(message, ...actions) {
  const status = document.getElementById('status');
  const close = h('button', { type: 'button', class: 'link dismiss', onclick: () => status.replaceChildren() }, 'Dismiss');
  status.replaceChildren(h('p', {}, message, ...actions.filter(Boolean).map((a) => [' ', a]), ' ', close));
}

function main() {
  return document.getElementById('main');
}

function setTitle(text) {
  document.title = `${text} — Shingle editor`;
}

const KIND_WORDS = {
  service: ['Services', 'service', 'New service'],
  testimonial: ['Testimonials', 'testimonial', 'New testimonial'],
  'case-study': ['Case studies', 'case study', 'New case study'],
  post: ['Blog posts', 'post', 'New blog post'],
  page: ['Pages', 'page', 'New page'],
  home: ['Pages', 'page', null],
  section: ['Pages', 'page', null],
  skills: ['Skills and FAQ', 'list', null],
  faq: ['Skills and FAQ', 'list', null],
};
const NEW_KINDS = ['service', 'testimonial', 'case-study', 'post', 'page'];

function fileUrl(rel) {
  return `${PREFIX}file?path=${encodeURIComponent(rel)}`;
}

function undoButton(entry, label = 'Undo') {
  return h('button', { type: 'button', class: 'link', onclick: () => undo(entry) }, label);
}

async function undo(entry, anyway = false) {
  const { ok, data, status } = await api('undo', { body: { id: entry, anyway } });
  if (ok) {
    say(`Done: ${data.what}.`);
    // what is on the screen may be what was just undone: show the files as they are now
    setTimeout(() => location.reload(), 600);
  } else if (status === 409 && !anyway) {
    say(`${data.message}. Undo anyway, losing the later change?`, h('button', { type: 'button', class: 'link', onclick: () => undo(entry, true) }, 'Undo anyway'));
  } else {
    say(data.message || 'Could not undo.');
  }
}

// ---------------------------------------------------------------------------------------------
// The list of the site's content

async function homeScreen() {
  setTitle('Your content');
  const { ok, data } = await api('list');
  const root = main();
  if (!ok) {
    root.replaceChildren(h('h1', {}, 'Your content'), h('p', { class: 'problem' }, data.message));
    return;
  }
  const groups = new Map();
  for (const file of data.files) {
    const group = (KIND_WORDS[file.kind] || ['Other'])[0];
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(file);
  }
  const order = ['Services', 'Testimonials', 'Case studies', 'Blog posts', 'Pages', 'Skills and FAQ', 'Other'];
  const sections = [];
  for (const name of order) {
    const files = groups.get(name) || [];
    const kind = Object.keys(KIND_WORDS).find((k) => KIND_WORDS[k][0] === name && KIND_WORDS[k][2]);
    if (!files.length && !kind) continue;
    const id = unique('group');
    sections.push(
      h('section', { class: 'group', 'aria-labelledby': id },
        h('div', { class: 'group-head' },
          h('h2', { id }, name),
          kind && h('a', { class: 'button', href: `${PREFIX}new?kind=${kind}` }, KIND_WORDS[kind][2])),
        files.length
          ? h('ul', { class: 'files' }, files.map((f) => h('li', {},
              h('a', { href: fileUrl(f.rel) }, f.title),
              h('span', { class: 'path' }, ` content/${f.rel}`),
              f.draft && h('span', { class: 'badge' }, 'draft'),
              f.broken && h('span', { class: 'badge bad' }, 'has a problem'))))
          : h('p', {}, `No ${KIND_WORDS[kind][1]} yet.`)));
  }
  root.replaceChildren(
    h('h1', {}, 'Your content'),
    h('p', { class: 'lead' }, 'Choose what to change. Each form saves to the same Markdown file you could open in a text editor; the preview reloads when you save.'),
    ...sections);
  const note = sessionStorage.getItem('shingle-note');
  if (note) {
    sessionStorage.removeItem('shingle-note');
    const { message, entry } = JSON.parse(note);
    say(message, entry && undoButton(entry));
  }
}

// ---------------------------------------------------------------------------------------------
// Controls: one per field, each with read() giving its JSON value

/**
 * Builds the control for `field` holding `value`; registers it in `form.controls` under `path`
 * (`pricing.from`) so problems can be shown beside it. Returns the element.
 */
function control(form, field, value, path) {
  const id = unique(`f-${path}`);
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const help = field.help ? h('p', { class: 'help', id: helpId }, field.help) : null;
  const problem = h('p', { class: 'problem', id: problemId, hidden: true });
  const label = h('label', { for: id }, field.label, field.required ? h('span', { class: 'required' }, ' (needed)') : null);
  const described = [field.help ? helpId : null].filter(Boolean).join(' ') || null;
  let input;
  let read;
  let wrap = null;

  switch (field.control) {
    case 'group': {
      const inner = {};
      const legendId = unique('legend');
      const box = h('fieldset', { class: 'group-fields', id, 'aria-describedby': described },
        h('legend', { id: legendId }, field.label), help, problem);
      for (const sub of field.fields) {
        box.append(control(form, sub, (value || {})[sub.name], `${path}.${sub.name}`));
        inner[sub.name] = form.controls[`${path}.${sub.name}`];
      }
      form.controls[path] = { read: () => readGroup(inner), focus: () => box.querySelector('input, select, textarea')?.focus(), problem, input: null };
      return box;
    }
    case 'groups':
      return groupsControl(form, field, value, path, id, help, problem);
    case 'free':
      form.controls[path] = { read: () => undefined, problem, input: null, skip: true };
      return value && Object.keys(value).length
        ? h('p', { class: 'help' }, `${field.label}: kept as written in the file (${Object.keys(value).join(', ')}).`)
        : document.createDocumentFragment();
    case 'switch': {
      input = h('input', { type: 'checkbox', id, name: path, 'aria-describedby': described });
      const unset = value === undefined || value === null;
      input.checked = unset ? field.default === true : value === true;
      // not set and left at its default: stays not set
      read = () => (unset && input.checked === (field.default === true) ? undefined : input.checked);
      const row = h('div', { class: 'field switch' }, input, label, help, problem);
      form.controls[path] = { read, focus: () => input.focus(), problem, input };
      input.addEventListener('change', () => form.changed());
      return row;
    }
    case 'choice': {
      const choices = field.choices || [];
      input = h('select', { id, name: path, 'aria-describedby': described },
        h('option', { value: '' }, field.required ? 'Choose one' : '(not set)'),
        choices.map(([word, meaning]) => h('option', { value: word }, meaning && !meaning.startsWith(word) ? `${word} — ${meaning}` : meaning || word)));
      input.value = value === undefined || value === null ? '' : String(value);
      if (field.default !== undefined && field.default !== null && field.default !== '') {
        input.options[0].textContent = `(not set: ${field.default})`;
      }
      if (value && input.value !== String(value)) {
        input.append(h('option', { value: String(value) }, `${value} (not one Shingle knows)`));
        input.value = String(value);
      }
      read = () => input.value;
      break;
    }
    case 'whole':
    case 'number': {
      input = h('input', {
        type: 'number', id, name: path, 'aria-describedby': described,
        step: field.control === 'whole' ? 1 : 'any',
        min: field.min ?? null, max: field.max ?? null,
        inputmode: field.control === 'whole' ? 'numeric' : 'decimal',
      });
      input.value = typeof value === 'number' ? String(value) : '';
      if (field.default !== undefined && field.default !== null && field.default !== '') input.placeholder = String(field.default);
      read = () => (input.value === '' ? '' : Number(input.value));
      if (path.endsWith('.from') || path.endsWith('.price')) {
        const currency = h('span', { class: 'unit', 'aria-hidden': 'true' });
        form.currencies.push(currency);
        wrap = h('div', { class: 'with-unit' }, input, currency);
      }
      break;
    }
    case 'date': {
      const iso = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
      // a value the date picker cannot show (18/05/2024, a time) is shown as written, to fix
      input = h('input', {
        type: iso || !value ? 'date' : 'text', id, name: path, 'aria-describedby': described,
        placeholder: iso || !value ? null : '2024-05-18',
      });
      input.value = value ? String(value) : '';
      read = () => input.value;
      form.clientChecks.push(() => {
        if (input.validity && input.validity.badInput) {
          return { field: path, error: true, message: 'this date is not complete', help: 'fill in the day, the month and the year, or empty the field' };
        }
        return null;
      });
      break;
    }
    case 'list': {
      if (field.refers) return referenceList(form, field, value, path, id, label, help, problem, described);
      input = h('textarea', { id, name: path, rows: Math.min(8, Math.max(3, (value || []).length + 1)), 'aria-describedby': [helpId, `${id}-lines`].join(' ') });
      input.value = Array.isArray(value) ? value.join('\n') : value ? String(value) : '';
      read = () => input.value.split('\n').map((line) => line.trim()).filter(Boolean);
      const lines = h('p', { class: 'help', id: `${id}-lines` }, 'One per line.');
      wrap = h('div', {}, input, lines);
      break;
    }
    case 'colour':
      return colourControl(form, field, value, path, id, label, help, problem, described);
    default: {
      if (field.refers) return referenceChoice(form, field, value, path, id, label, help, problem, described);
      input = h('input', { type: 'text', id, name: path, 'aria-describedby': described, autocomplete: 'off', spellcheck: field.control === 'link' ? 'false' : null });
      input.value = value === undefined || value === null ? '' : String(value);
      if (typeof field.default === 'string' && field.default) input.placeholder = field.default;
      read = () => input.value;
      if (field.picture) return pictureControl(form, field, path, input, label, help, problem);
    }
  }
  input.addEventListener('change', () => form.changed());
  form.controls[path] = { read, focus: () => input.focus(), problem, input };
  return h('div', { class: 'field' }, label, help, wrap || input, problem);
}

function readGroup(inner) {
  const out = {};
  for (const [name, c] of Object.entries(inner)) {
    if (!c || c.skip) continue;
    const value = c.read();
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A list of groups ([[packages]]): each entry its own fieldset, moved, removed, added. */
function groupsControl(form, field, value, path, id, help, problem) {
  const entries = Array.isArray(value) ? value.map((v) => ({ ...v })) : [];
  const list = h('div', { class: 'entries' });
  const box = h('fieldset', { class: 'group-fields', id }, h('legend', {}, field.label), help, problem, list);
  const singular = field.label.replace(/s$/, '').toLowerCase();
  let inner = [];
  const readAll = () => inner.map((fields, i) => {
    const out = readGroup(fields);
    if (entries[i] && entries[i]._origin !== undefined) out._origin = entries[i]._origin;
    return out;
  });
  const render = (focusIndex, focusWhat) => {
    for (const key of Object.keys(form.controls)) {
      if (key.startsWith(`${path}.`)) delete form.controls[key];
    }
    inner = [];
    list.replaceChildren();
    entries.forEach((entry, i) => {
      const fields = {};
      const title = `${field.label.replace(/s$/, '')} ${i + 1}${entry.name ? `: ${entry.name}` : ''}`;
      const set = h('fieldset', { class: 'entry' }, h('legend', {}, title));
      for (const sub of field.fields) {
        set.append(control(form, sub, entry[sub.name], `${path}.${i}.${sub.name}`));
        fields[sub.name] = form.controls[`${path}.${i}.${sub.name}`];
      }
      const move = (to) => () => {
        const values = readAll();
        const [moved] = values.splice(i, 1);
        values.splice(to, 0, moved);
        entries.splice(0, entries.length, ...values);
        render(to, to < i ? 'up' : 'down');
        form.changed();
      };
      set.append(h('div', { class: 'entry-actions' },
        h('button', { type: 'button', 'data-act': 'up', disabled: i === 0, onclick: move(i - 1) }, `Move ${singular} ${i + 1} up`),
        h('button', { type: 'button', 'data-act': 'down', disabled: i === entries.length - 1, onclick: move(i + 1) }, `Move ${singular} ${i + 1} down`),
        h('button', { type: 'button', class: 'danger', 'data-act': 'remove', onclick: () => {
          const values = readAll();
          values.splice(i, 1);
          entries.splice(0, entries.length, ...values);
          render(Math.min(i, entries.length - 1), 'first');
          say(`${title} removed. It is gone from the file when you save.`);
          form.changed();
        } }, `Remove ${singular} ${i + 1}`)));
      inner.push(fields);
      list.append(set);
    });
    if (focusIndex !== undefined && focusIndex >= 0) {
      const set = list.children[focusIndex];
      const target = set && (set.querySelector(`[data-act="${focusWhat}"]:not([disabled])`) || set.querySelector('input, select, textarea'));
      if (target) target.focus();
    }
  };
  render();
  box.append(h('button', { type: 'button', class: 'add', onclick: () => {
    entries.splice(0, entries.length, ...readAll(), {});
    render(entries.length - 1, 'first');
    form.changed();
  } }, `Add a ${singular}`));
  form.controls[path] = { read: readAll, focus: () => box.querySelector('input, select, textarea, button')?.focus(), problem, input: null };
  return box;
}

/** Services a testimonial or case study is about: a checkbox for each service of the site. */
function referenceList(form, field, value, path, id, label, help, problem, described) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  const options = (form.choices[field.refers] || []).slice();
  for (const name of chosen) {
    if (!options.some(([n]) => n === name)) options.push([name, `${name} (there is no such file)`]);
  }
  const boxes = options.map(([name, title]) => {
    const boxId = unique(`${id}-${name}`);
    const input = h('input', { type: 'checkbox', id: boxId, value: name });
    input.checked = chosen.has(name);
    input.addEventListener('change', () => form.changed());
    return h('div', { class: 'check' }, input, h('label', { for: boxId }, title));
  });
  const set = h('fieldset', { class: 'choices', id, 'aria-describedby': described }, h('legend', {}, field.label), help, problem,
    boxes.length ? boxes : h('p', {}, 'There is nothing to choose yet.'));
  form.controls[path] = {
    read: () => [...set.querySelectorAll('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value),
    focus: () => set.querySelector('input')?.focus(),
    problem,
    input: null,
  };
  return set;
}

/** One other file by its name (a testimonial's case study): a list of those that exist. */
function referenceChoice(form, field, value, path, id, label, help, problem, described) {
  const options = (form.choices[field.refers] || []).slice();
  if (value && !options.some(([n]) => n === value)) options.push([value, `${value} (there is no such file)`]);
  const input = h('select', { id, name: path, 'aria-describedby': described },
    h('option', { value: '' }, '(none)'), options.map(([name, title]) => h('option', { value: name }, title)));
  input.value = value || '';
  input.addEventListener('change', () => form.changed());
  form.controls[path] = { read: () => input.value, focus: () => input.focus(), problem, input };
  return h('div', { class: 'field' }, label, help, input, problem);
}

/** A picture: its path in static/, the pictures there to choose from, and an upload. */
function pictureControl(form, field, path, input, label, help, problem) {
  const listId = unique('pictures');
  input.setAttribute('list', listId);
  const datalist = h('datalist', { id: listId }, form.pictures.map((name) => h('option', { value: `images/${name}` })));
  const thumb = h('img', { class: 'thumb', alt: '', hidden: true });
  let tries = 0;
  const showThumb = () => {
    const v = input.value.trim();
    tries = 0;
    thumb.hidden = !v || /^[a-z]+:/i.test(v);
    if (!thumb.hidden) thumb.src = '/' + v.replace(/^\/+/, '');
  };
  thumb.addEventListener('load', () => { thumb.hidden = false; });
  thumb.addEventListener('error', () => {
    thumb.hidden = true;
    // a picture just uploaded is served once the preview has seen it: ask again shortly
    if (tries < 6 && input.value.trim()) {
      tries += 1;
      const src = thumb.src.split('?')[0];
      setTimeout(() => { thumb.src = `${src}?try=${tries}`; }, 500);
    }
  });
  input.addEventListener('change', () => { showThumb(); form.changed(); });
  const fileId = unique('upload');
  const file = h('input', { type: 'file', id: fileId, accept: 'image/jpeg,image/png,image/webp', class: 'file' });
  const note = h('p', { class: 'help', 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    note.textContent = `Uploading ${chosen.name}…`;
    let answer = await api('upload', { query: { name: chosen.name }, bytes: chosen });
    if (answer.status === 409 && answer.data.free) {
      // never over another picture: the next free name
      answer = await api('upload', { query: { name: answer.data.free }, bytes: chosen });
    }
    if (!answer.ok) {
      note.textContent = answer.data.message;
      note.classList.add('problem');
      return;
    }
    note.classList.remove('problem');
    input.value = answer.data.path;
    note.textContent = `Saved as static/${answer.data.path}. Describe it in the field below.`;
    showThumb();
    form.changed();
  });
  showThumb();
  form.controls[path] = { read: () => input.value, focus: () => input.focus(), problem, input };
  return h('div', { class: 'field picture' }, label, help,
    h('div', { class: 'picture-row' }, thumb, h('div', {}, input, datalist,
      h('div', { class: 'upload' }, h('label', { for: fileId, class: 'button secondary' }, 'Upload a photo'), file), note)),
    problem);
}

/** A colour, with the contrast of what the theme makes of it worked out as it changes. */
function colourControl(form, field, value, path, id, label, help, problem, described) {
  const input = h('input', { type: 'text', id, name: path, 'aria-describedby': [described, `${id}-contrast`].filter(Boolean).join(' '), autocomplete: 'off', spellcheck: 'false', class: 'colour-text' });
  input.value = value || '';
  const pickerId = unique('picker');
  const picker = h('input', { type: 'color', id: pickerId });
  const swatch = /^#[0-9a-f]{6}$/i;
  if (typeof field.default === 'string' && field.default) input.placeholder = field.default;
  if (swatch.test(input.value)) picker.value = input.value;
  else if (swatch.test(field.default || '')) picker.value = field.default;
  const report = h('div', { class: 'contrast', id: `${id}-contrast`, 'aria-live': 'polite' });
  let timer;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const colour = input.value.trim() || (field.default || '');
      if (!colour) return report.replaceChildren();
      const { ok, data } = await api('contrast', { query: { theme: form.theme, colour } });
      if (!ok) return report.replaceChildren(h('p', {}, data.message));
      report.replaceChildren(contrastReport(data));
    }, 150);
  };
  input.addEventListener('input', () => { if (swatch.test(input.value.trim())) picker.value = input.value.trim(); update(); });
  input.addEventListener('change', () => form.changed());
  picker.addEventListener('input', () => { input.value = picker.value; update(); });
  picker.addEventListener('change', () => { input.value = picker.value; form.changed(); });
  update();
  form.controls[path] = { read: () => input.value.trim(), focus: () => input.focus(), problem, input };
  return h('div', { class: 'field' }, label, help,
    h('div', { class: 'colour-row' }, input, h('label', { for: pickerId, class: 'picker-label' }, 'Pick'), picker), report, problem);
}

function contrastReport(data) {
  if (!data.ok) return h('p', { class: 'problem' }, data.message);
  const need = data.needed;
  const line = (what, ratio, note) => h('li', { class: ratio >= need ? 'pass' : 'fail' },
    `${what}: ${ratio.toFixed(1)} to 1 `, h('strong', {}, ratio >= need ? 'reads well' : `too faint (needs ${need} to 1)`), note ? ` ${note}` : '');
  const items = [line(`Buttons: ${data.button.text} text on ${data.colour}`, data.button.ratio)];
  for (const [name, words] of [['light', 'Links on light pages'], ['dark', 'Links on dark pages']]) {
    const side = data[name];
    if (side.shade && !side.shade.same) {
      items.push(line(words, side.shade.ratio, `(the theme uses the shade ${side.shade.colour} there; the colour as it is gives ${side.as_is.toFixed(1)} to 1)`));
    } else {
      items.push(line(words, side.shade ? side.shade.ratio : side.as_is));
    }
  }
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  // a property, not a style attribute: the page's policy allows no inline style
  swatch.style.backgroundColor = data.colour;
  return h('div', { class: 'contrast-result' }, swatch, h('ul', {}, items));
}

// ---------------------------------------------------------------------------------------------
// The Markdown body: a text box with a few buttons and a preview

function bodyEditor(form, labelText, value) {
  const id = unique('body');
  const area = h('textarea', { id, name: 'body', rows: 14, class: 'body', 'aria-describedby': `${id}-help` });
  area.value = value;
  area.addEventListener('change', () => form.changed());
  const wrapSelection = (before, after, placeholder) => {
    const { selectionStart: s, selectionEnd: e, value: v } = area;
    const chosen = v.slice(s, e) || placeholder;
    area.setRangeText(before + chosen + after, s, e, 'end');
    area.setSelectionRange(s + before.length, s + before.length + chosen.length);
    area.focus();
    form.changed();
  };
  const prefixLines = (prefix) => {
    const { selectionStart: s, selectionEnd: e, value: v } = area;
    const start = v.lastIndexOf('\n', s - 1) + 1;
    const lines = v.slice(start, e).split('\n').map((line) => (line.startsWith(prefix) ? line : prefix + line)).join('\n');
    area.setRangeText(lines, start, e, 'select');
    area.focus();
    form.changed();
  };
  const tool = (text, act) => h('button', { type: 'button', onclick: act }, text);
  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Formatting' },
    tool('Heading', () => prefixLines('## ')),
    tool('Bold', () => wrapSelection('**', '**', 'bold text')),
    tool('Italic', () => wrapSelection('_', '_', 'italic text')),
    tool('Link', () => {
      const { selectionStart: s, selectionEnd: e, value: v } = area;
      const text = v.slice(s, e) || 'link text';
      area.setRangeText(`[${text}](https://)`, s, e, 'end');
      const at = s + text.length + 3;
      area.setSelectionRange(at, at + 8);
      area.focus();
      form.changed();
    }),
    tool('List', () => prefixLines('- ')),
    tool('Image', () => {
      const picture = form.pictures[0] ? `images/${form.pictures[0]}` : 'images/photo.jpg';
      wrapSelection('![', `](${picture})`, 'Describe the picture');
    }));
  const preview = h('div', { class: 'preview', hidden: true, tabindex: '-1', 'aria-label': 'Preview of the text' });
  const previewButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: async () => {
    if (!preview.hidden) {
      preview.hidden = true;
      previewButton.setAttribute('aria-expanded', 'false');
      previewButton.textContent = 'Show the preview';
      return;
    }
    const { ok, data } = await api('preview', { body: { body: area.value } });
    preview.replaceChildren(ok ? safeHtml(data.html) : h('p', { class: 'problem' }, data.message));
    preview.hidden = false;
    previewButton.setAttribute('aria-expanded', 'true');
    previewButton.textContent = 'Hide the preview';
  } }, 'Show the preview');
  form.body = area;
  return h('div', { class: 'field' },
    h('label', { for: id }, labelText),
    h('p', { class: 'help', id: `${id}-help` }, 'Markdown: a blank line between paragraphs, ## before a heading, - before each item of a list. The buttons write it for you.'),
    toolbar, area, h('div', { class: 'row' }, previewButton), preview);
}

/** The site's own rendering of a body, without anything that could run or fetch elsewhere. */
function safeHtml(html) {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  for (const el of doc.querySelectorAll('script, iframe, object, embed, form, link, meta, base, style')) {
    el.replaceWith(doc.createTextNode(el.tagName === 'IFRAME' ? '[an embedded frame: shown on your site]' : ''));
  }
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) el.removeAttribute(attr.name);
    }
  }
  const fragment = document.createDocumentFragment();
  for (const node of [...doc.body.firstChild.childNodes]) fragment.append(document.importNode(node, true));
  return fragment;
}

// ---------------------------------------------------------------------------------------------
// Skills and FAQ, as lists

function listsEditor(form, kind, model, levels) {
  const skills = kind === 'skills';
  const entries = model.entries.map((e) => JSON.parse(JSON.stringify(e)));
  const introId = unique('intro');
  const intro = h('textarea', { id: introId, rows: 4 });
  intro.value = model.intro;
  intro.addEventListener('change', () => form.changed());
  const list = h('div', { class: 'entries' });
  const what = skills ? 'category' : 'question';
  const readEntries = () => [...list.children].map((set, i) => {
    const out = { title: set.querySelector('.entry-title').value };
    if (skills) {
      out.items = [...set.querySelectorAll('.skill')].map((row) => ({
        name: row.querySelector('input').value,
        level: row.querySelector('select').value,
      }));
    } else {
      out.answer = set.querySelector('textarea').value;
    }
    if (entries[i] && entries[i]._origin !== undefined) out._origin = entries[i]._origin;
    return out;
  });
  const render = (focusIndex) => {
    list.replaceChildren();
    entries.forEach((entry, i) => {
      const titleId = unique('title');
      const set = h('fieldset', { class: 'entry' }, h('legend', {}, `${skills ? 'Category' : 'Question'} ${i + 1}`));
      const title = h('input', { type: 'text', id: titleId, class: 'entry-title', value: entry.title || '' });
      title.addEventListener('change', () => form.changed());
      set.append(h('div', { class: 'field' }, h('label', { for: titleId }, skills ? 'Category' : 'Question'), title));
      if (skills) {
        const rows = h('ul', { class: 'skills' });
        const addRow = (item) => {
          const nameId = unique('skill');
          const levelId = unique('level');
          const name = h('input', { type: 'text', id: nameId, value: item.name || '' });
          const level = h('select', { id: levelId }, h('option', { value: '' }, '(no level)'), levels.map((l) => h('option', { value: l }, l)));
          level.value = item.level || '';
          const row = h('li', { class: 'skill' },
            h('label', { for: nameId }, 'Skill'), name, h('label', { for: levelId }, 'Level'), level,
            h('button', { type: 'button', class: 'danger', onclick: () => { const next = row.nextElementSibling || row.previousElementSibling; row.remove(); form.changed(); (next ? next.querySelector('input') : title).focus(); } }, 'Remove this skill'));
          name.addEventListener('change', () => form.changed());
          level.addEventListener('change', () => form.changed());
          rows.append(row);
          return name;
        };
        for (const item of entry.items || []) addRow(item);
        set.append(rows, h('button', { type: 'button', class: 'add', onclick: () => { addRow({}).focus(); form.changed(); } }, 'Add a skill'));
      } else {
        const answerId = unique('answer');
        const answer = h('textarea', { id: answerId, rows: 4 });
        answer.value = entry.answer || '';
        answer.addEventListener('change', () => form.changed());
        set.append(h('div', { class: 'field' }, h('label', { for: answerId }, 'Answer'), answer));
      }
      const move = (to) => () => {
        const values = readEntries();
        const [moved] = values.splice(i, 1);
        values.splice(to, 0, moved);
        entries.splice(0, entries.length, ...values);
        render(to);
        form.changed();
      };
      set.append(h('div', { class: 'entry-actions' },
        h('button', { type: 'button', disabled: i === 0, onclick: move(i - 1) }, `Move ${what} ${i + 1} up`),
        h('button', { type: 'button', disabled: i === entries.length - 1, onclick: move(i + 1) }, `Move ${what} ${i + 1} down`),
        h('button', { type: 'button', class: 'danger', onclick: () => {
          const values = readEntries();
          values.splice(i, 1);
          entries.splice(0, entries.length, ...values);
          render(Math.min(i, entries.length - 1));
          form.changed();
        } }, `Remove ${what} ${i + 1}`)));
      list.append(set);
    });
    if (focusIndex !== undefined && list.children[focusIndex]) list.children[focusIndex].querySelector('input').focus();
  };
  render();
  form.lists = () => ({ intro: intro.value, entries: readEntries() });
  return h('section', { class: 'lists' },
    h('div', { class: 'field' }, h('label', { for: introId }, 'Text at the top of the page'), intro),
    h('h2', {}, skills ? 'Skill categories' : 'Questions and answers'),
    list,
    h('button', { type: 'button', class: 'add', onclick: () => {
      entries.splice(0, entries.length, ...readEntries(), skills ? { title: '', items: [] } : { title: '', answer: '' });
      render(entries.length - 1);
      form.changed();
    } }, `Add a ${what}`));
}

// ---------------------------------------------------------------------------------------------
// Problems: beside each field, and in a summary at the top with links to them

function showProblems(form, problems, focus) {
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

function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

// ---------------------------------------------------------------------------------------------
// A content file's form

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function newForm(fields, values, extra) {
  const form = {
    fields, controls: {}, currencies: [], clientChecks: [], choices: {}, pictures: [],
    baseline: values, summary: h('div', { class: 'summary', tabindex: '-1', hidden: true, role: 'region', 'aria-label': 'Problems' }),
    dirty: false, changed: () => {}, ...extra,
  };
  return form;
}

/** The fields whose value differs from what the file had when the form opened. */
function changedValues(form) {
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

async function fileScreen() {
  const rel = new URLSearchParams(location.search).get('path') || '';
  const { ok, data, status } = await api('file', { query: { path: rel } });
  const root = main();
  if (!ok) {
    setTitle('Cannot open');
    root.replaceChildren(h('h1', {}, status === 404 ? 'There is no such file' : 'This file cannot be opened'),
      h('p', { class: 'problem' }, data.message), h('p', {}, h('a', { href: PREFIX }, 'Back to your content')));
    return;
  }
  const title = (data.values && (data.values.title || data.values.author)) || rel;
  setTitle(`Edit ${title}`);
  let version = data.version;
  const form = newForm(data.fields, data.values || {}, { choices: data.choices, pictures: data.pictures });
  const heading = h('h1', {}, h('span', { class: 'kind' }, capital(data.kind_label.replace(/^(a|an|the) /, '')), ': '), title);
  const where = h('p', { class: 'where' }, `content/${rel}`, data.url ? [' · ', h('a', { href: data.url }, 'View the page')] : '');
  const back = h('p', { class: 'back' }, h('a', { href: PREFIX }, '← Your content'));

  if (!data.values) {
    root.replaceChildren(back, heading, where, textView(data, rel, version, data.unreadable));
    return;
  }

  const formEl = h('form', { class: 'edit', novalidate: true, 'aria-labelledby': 'form-title' });
  heading.id = 'form-title';
  const visible = data.fields.filter((f) => f.name !== 'slug');
  for (const field of visible) formEl.append(control(form, field, data.values[field.name], field.name));
  if (data.lists) {
    formEl.append(listsEditor(form, data.kind, data.lists, data.levels));
  } else {
    const label = data.kind === 'testimonial' ? 'The quote, in their words' : 'The text of the page';
    formEl.append(bodyEditor(form, label, data.body));
  }
  const currency = () => {
    const c = form.controls['pricing.currency'];
    const code = c ? c.read() : '';
    for (const el of form.currencies) el.textContent = code || '';
  };
  currency();

  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save');
  formEl.append(h('div', { class: 'actions' }, saveButton));
  const baselineBody = data.body;
  const baselineLists = data.lists;

  const collect = () => {
    const change = { path: rel, version, values: changedValues(form) };
    if (form.body && form.body.value !== baselineBody) change.body = form.body.value;
    if (form.lists) {
      const lists = form.lists();
      if (!sameJson(lists, baselineLists)) change.lists = lists;
    }
    return change;
  };
  const clientProblems = () => form.clientChecks.map((check) => check()).filter(Boolean);
  let checking = 0;
  form.changed = () => {
    form.dirty = true;
    currency();
    const mine = ++checking;
    clearTimeout(form.timer);
    form.timer = setTimeout(async () => {
      const own = clientProblems();
      const { ok, data: checked } = await api('check', { body: collect() });
      if (mine !== checking) return;
      showProblems(form, own.concat(ok ? checked.problems : []), false);
    }, 250);
  };
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(form.timer);
    checking += 1;
    const own = clientProblems();
    if (own.length) {
      showProblems(form, own, true);
      say('Nothing was saved: fix the problems marked on the form first.');
      return;
    }
    saveButton.disabled = true;
    const change = collect();
    const { ok, status: code, data: saved } = await api('save', { body: change });
    saveButton.disabled = false;
    if (ok) {
      form.dirty = false;
      if (saved.path && saved.path !== rel) { location.href = fileUrl(saved.path); return; }
      if (!saved.entry) {
        say('Nothing had changed, so nothing was saved.');
        showProblems(form, saved.problems, false);
        return;
      }
      sessionStorage.setItem('shingle-saved', JSON.stringify({ message: 'Saved. The preview shows the change.', entry: saved.entry }));
      location.reload();
      return;
    }
    if (code === 409 && saved.conflict) {
      showConflict(root, saved, change, rel);
      return;
    }
    if (saved.problems) {
      showProblems(form, saved.problems, true);
      say('Nothing was saved: fix the problems marked on the form first.');
      return;
    }
    say(saved.message || 'Nothing was saved.');
  });
  window.addEventListener('beforeunload', (event) => {
    if (form.dirty) { event.preventDefault(); event.returnValue = ''; }
  });

  root.replaceChildren(back, heading, where, form.summary, formEl,
    addressSection(data, rel, () => version), deleteSection(data, rel, () => version),
    h('details', { class: 'text-view' }, h('summary', {}, 'Edit the whole file as text'), textView(data, rel, version, null)));
  showProblems(form, data.problems, false);
  const note = sessionStorage.getItem('shingle-saved');
  if (note) {
    sessionStorage.removeItem('shingle-saved');
    const { message, entry, undoLabel } = JSON.parse(note);
    say(message, entry && undoButton(entry, undoLabel || 'Undo this save'), data.url && h('a', { href: data.url }, 'View the page'));
  }
}

/** The whole file in a text box: for a file whose front matter cannot be read as a form. */
function textView(data, rel, version, why) {
  const id = unique('text');
  const area = h('textarea', { id, rows: 20, class: 'body whole', spellcheck: 'false' });
  area.value = data.text;
  const problems = h('div', { class: 'summary', tabindex: '-1', hidden: true });
  const save = async (event) => {
    event.preventDefault();
    const { ok, status, data: saved } = await api('save', { body: { path: rel, version, text: area.value } });
    if (ok) {
      sessionStorage.setItem('shingle-saved', JSON.stringify({ message: 'Saved.', entry: saved.entry }));
      location.reload();
      return;
    }
    if (status === 409 && saved.conflict) {
      showConflict(main(), saved, { path: rel, text: area.value }, rel);
      return;
    }
    problems.hidden = false;
    problems.replaceChildren(h('p', {}, saved.message || 'Nothing was saved.'),
      h('ul', {}, (saved.problems || []).map((p) => h('li', {}, `${p.line ? `Line ${p.line}: ` : ''}${p.message}${p.help ? `. ${p.help}` : ''}`))));
    problems.focus();
  };
  return h('form', { class: 'edit', onsubmit: save },
    why ? h('p', { class: 'problem' }, `The form cannot show this file: ${why}. Fix it here, or in your text editor.`) : null,
    problems,
    h('label', { for: id }, 'The whole file'),
    area,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save the text')));
}

/** Both versions of a file changed on disk since the form opened, and the choice. */
function showConflict(root, conflict, change, rel) {
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

/** A new address for the page (or the name other files use, for a testimonial). */
function addressSection(data, rel, version) {
  if (!['service', 'testimonial', 'case-study', 'post', 'page'].includes(data.kind)) return null;
  const hasPage = data.kind !== 'testimonial';
  const current = (data.values && data.values.slug) || rel.split('/').pop().replace(/\.md$/, '');
  const id = unique('address');
  const keepId = unique('keep');
  const input = h('input', { type: 'text', id, value: current, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-help` });
  const keep = h('input', { type: 'checkbox', id: keepId, checked: true });
  const result = h('p', { class: 'problem', hidden: true, id: `${id}-problem` });
  return h('details', { class: 'address' },
    h('summary', {}, hasPage ? 'Change the address of this page' : 'Change the name other files use for it'),
    h('form', { onsubmit: async (event) => {
      event.preventDefault();
      const { ok, data: saved } = await api('rename', { body: { path: rel, version: version(), name: input.value, keep_old: hasPage && keep.checked } });
      if (ok) {
        sessionStorage.setItem('shingle-saved', JSON.stringify({ message: saved.entry ? `Done: ${saved.what}.` : 'The address is the same: nothing changed.', entry: saved.entry }));
        location.href = fileUrl(saved.path);
        return;
      }
      result.hidden = false;
      result.textContent = saved.problems ? saved.problems.map((p) => `${capital(p.message)}${p.help ? `. ${capital(p.help)}` : ''}.`).join(' ') : saved.message;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${id}-help ${id}-problem`);
      input.focus();
    } },
      h('div', { class: 'field' },
        h('label', { for: id }, hasPage ? 'The last part of the address' : 'Name'),
        h('p', { class: 'help', id: `${id}-help` }, hasPage
          ? `Now ${data.url || ''}. Lower-case words joined by hyphens, such as inbox-management.`
          : 'Testimonials and case studies that name it are changed to the new name too.'),
        input, result),
      hasPage ? h('div', { class: 'field switch' }, keep, h('label', { for: keepId }, 'Keep the old address working (it is added to aliases, so links and bookmarks still lead here)')) : null,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Change the address'))));
}

function deleteSection(data, rel, version) {
  if (['home', 'skills', 'faq'].includes(data.kind)) return null;
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete this file?'),
    h('p', {}, `content/${rel} moves to the history, so you can bring it back from there at any time.`),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'keep', class: 'primary' }, 'Keep it'),
      h('button', { value: 'delete', class: 'danger' }, 'Delete')));
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'delete') return;
    const { ok, data: done } = await api('delete', { body: { path: rel, version: version() } });
    if (ok) {
      sessionStorage.setItem('shingle-note', JSON.stringify({ message: `Deleted content/${rel}.`, entry: done.entry }));
      location.href = PREFIX;
    } else say(done.message || 'Nothing was deleted.');
  });
  return h('section', { class: 'delete' }, dialog,
    h('button', { type: 'button', class: 'danger', onclick: () => dialog.showModal() }, 'Delete this file…'));
}

// ---------------------------------------------------------------------------------------------
// A new file

async function newScreen() {
  const kind = new URLSearchParams(location.search).get('kind') || 'page';
  const words = KIND_WORDS[kind] || KIND_WORDS.page;
  setTitle(words[2] || 'New page');
  const titleId = unique('title');
  const nameId = unique('name');
  const testimonial = kind === 'testimonial';
  const title = h('input', { type: 'text', id: titleId, required: true, autocomplete: 'off', 'aria-describedby': `${titleId}-help` });
  const name = h('input', { type: 'text', id: nameId, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${nameId}-help` });
  const titleProblem = h('p', { class: 'problem', id: `${titleId}-problem`, hidden: true });
  const nameProblem = h('p', { class: 'problem', id: `${nameId}-problem`, hidden: true });
  const folder = { service: 'services', testimonial: 'testimonials', 'case-study': 'work', post: 'blog', page: '' }[kind];
  const shown = h('span', {});
  const slug = (text) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const update = () => {
    const s = slug(name.value || title.value) || '…';
    shown.textContent = `content/${folder ? folder + '/' : ''}${s}.md`;
  };
  title.addEventListener('input', update);
  name.addEventListener('input', update);
  update();
  const mark = (input, problem, text) => {
    problem.hidden = !text;
    problem.textContent = text || '';
    if (text) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${input.id}-help ${problem.id}`);
    } else input.removeAttribute('aria-invalid');
  };
  const form = h('form', { class: 'edit', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    mark(title, titleProblem, null);
    mark(name, nameProblem, null);
    const { ok, status, data } = await api('new', { body: { kind, title: title.value, name: name.value } });
    if (ok) {
      sessionStorage.setItem('shingle-saved', JSON.stringify({ message: `Created content/${data.path}. Fill in the form and save.`, entry: data.entry, undoLabel: 'Undo: remove the new file' }));
      location.href = fileUrl(data.path);
      return;
    }
    if (status === 409) {
      mark(name, nameProblem, `${capital(data.message)}.${data.free ? ` Try ${data.free}.` : ''}`);
      name.focus();
      return;
    }
    for (const p of data.problems || []) {
      const [input, problem] = p.field === 'name' ? [name, nameProblem] : [title, titleProblem];
      mark(input, problem, `${capital(p.message)}.${p.help ? ` ${capital(p.help)}.` : ''}`);
      input.focus();
    }
    if (!data.problems) say(data.message || 'Nothing was created.');
  } },
    h('div', { class: 'field' }, h('label', { for: titleId }, testimonial ? "The client's name" : 'Title', h('span', { class: 'required' }, ' (needed)')),
      h('p', { class: 'help', id: `${titleId}-help` }, testimonial ? 'As they are happy for it to appear, such as Jane S.' : 'You can change it later.'),
      title, titleProblem),
    h('div', { class: 'field' }, h('label', { for: nameId }, 'File name'),
      h('p', { class: 'help', id: `${nameId}-help` }, 'Leave it empty to make it from the title. It becomes the page\'s address. The file will be ', shown, '.'),
      name, nameProblem),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Create the ${words[1]}`)));
  main().replaceChildren(h('p', { class: 'back' }, h('a', { href: PREFIX }, '← Your content')), h('h1', {}, words[2] || 'New page'),
    h('p', { class: 'lead' }, 'Shingle writes the file as shingle new does, with every field explained, then opens its form.'), form);
  title.focus();
}

// ---------------------------------------------------------------------------------------------
// Site settings

async function settingsScreen() {
  setTitle('Site settings');
  const { ok, data } = await api('settings');
  const root = main();
  if (!ok) {
    root.replaceChildren(h('h1', {}, 'Site settings'), h('p', { class: 'problem' }, data.message));
    return;
  }
  let version = data.version;
  const form = newForm(data.fields, data.values, { pictures: data.pictures, theme: data.theme });
  const formEl = h('form', { class: 'edit', novalidate: true, 'aria-labelledby': 'settings-title' });
  for (const field of data.fields) formEl.append(control(form, field, data.values[field.name], field.name));
  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save the settings');
  formEl.append(h('div', { class: 'actions' }, saveButton));
  const themeControl = form.controls.theme;
  if (themeControl && themeControl.input) {
    const note = h('p', { class: 'help', 'aria-live': 'polite' });
    themeControl.input.after(note);
    themeControl.input.addEventListener('change', () => {
      form.theme = themeControl.read();
      note.textContent = form.theme !== data.theme ? 'Save to see the options of this theme.' : '';
    });
  }
  let checking = 0;
  form.changed = () => {
    form.dirty = true;
    const mine = ++checking;
    clearTimeout(form.timer);
    form.timer = setTimeout(async () => {
      const { ok: fine, data: checked } = await api('settings-check', { body: { version, values: changedValues(form) } });
      if (mine === checking && fine) showProblems(form, checked.problems, false);
    }, 250);
  };
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(form.timer);
    checking += 1;
    saveButton.disabled = true;
    const change = { version, values: changedValues(form) };
    const { ok: saved, status, data: answer } = await api('settings-save', { body: change });
    saveButton.disabled = false;
    if (saved) {
      form.dirty = false;
      sessionStorage.setItem('shingle-saved', JSON.stringify({ message: answer.entry ? 'Saved. The preview shows the change.' : 'Nothing had changed, so nothing was saved.', entry: answer.entry }));
      location.reload();
      return;
    }
    if (status === 409 && answer.conflict) {
      showConflict(root, answer, change, 'site.toml');
      return;
    }
    if (answer.problems) {
      showProblems(form, answer.problems, true);
      say('Nothing was saved: fix the problems marked on the form first.');
    } else say(answer.message || 'Nothing was saved.');
  });
  window.addEventListener('beforeunload', (event) => {
    if (form.dirty) { event.preventDefault(); event.returnValue = ''; }
  });
  root.replaceChildren(h('h1', { id: 'settings-title' }, 'Site settings'),
    h('p', { class: 'where' }, 'site.toml'), form.summary, formEl);
  showProblems(form, data.problems || [], false);
  const note = sessionStorage.getItem('shingle-saved');
  if (note) {
    sessionStorage.removeItem('shingle-saved');
    const { message, entry } = JSON.parse(note);
    say(message, entry && undoButton(entry, 'Undo this save'));
  }
}

// ---------------------------------------------------------------------------------------------
// History

async function historyScreen() {
  setTitle('History and undo');
  const { ok, data } = await api('history');
  const root = main();
  const rows = ok ? data.entries : [];
  const when = (seconds) => new Date(seconds * 1000).toLocaleString();
  root.replaceChildren(h('h1', {}, 'History and undo'),
    h('p', { class: 'lead' }, 'Every change made here is kept, with the file as it was before, so you can undo it. Deleted files wait here too. The oldest changes are forgotten after 50.'),
    rows.length
      ? h('ol', { class: 'history' }, rows.map((entry) => h('li', {},
          h('span', { class: 'what' }, entry.what), ' ', h('span', { class: 'when' }, when(entry.time)), ' ',
          entry.undone ? h('span', { class: 'badge' }, 'undone') : undoButton(entry.id, `Undo: ${entry.what}`))))
      : h('p', {}, ok ? 'No changes yet.' : data.message));
}

// ---------------------------------------------------------------------------------------------

function start() {
  const screen = location.pathname.slice(PREFIX.length).replace(/\/$/, '');
  for (const link of document.querySelectorAll('nav a[data-screen]')) {
    if (link.dataset.screen === screen) link.setAttribute('aria-current', 'page');
  }
  const screens = { '': homeScreen, file: fileScreen, new: newScreen, settings: settingsScreen, history: historyScreen };
  (screens[screen] || homeScreen)().catch((err) => {
    main().replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'problem' }, String(err)));
  });
}

start();
