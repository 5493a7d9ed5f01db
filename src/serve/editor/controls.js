// The controls of a form, one per field of a kind's declaration: text, links, dates, numbers
// (with the currency beside a price), choices, lists, references to other content, pictures with
// an upload, colours with their contrast, and groups and lists of groups (packages). Each
// registers read() and where its problems go.

import { api, h, say, unique } from './api.js';

/**
 * Builds the control for `field` holding `value`; registers it in `form.controls` under `path`
 * (`pricing.from`) so problems can be shown beside it. Returns the element.
 */
export function control(form, field, value, path) {
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
      // a browser that lets letters into a number box reads them as nothing: say so, never
      // save the field as empty
      form.clientChecks.push(() => (input.validity && input.validity.badInput
        ? { field: path, error: true, message: 'this is not a number', help: 'write only the number, such as 45 or 37.50, without a currency sign or unit' }
        : null));
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
  const picker = h('input', { type: 'color', id: pickerId, 'aria-label': `Pick the colour: ${field.label}` });
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
