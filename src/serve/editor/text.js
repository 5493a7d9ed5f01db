// The Markdown of a page: a text box with buttons that write Markdown and a preview made by the
// site's own pipeline; and skills and FAQ edited as lists of entries.

import { api, h, unique } from './api.js';

export function bodyEditor(form, labelText, value) {
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

export function listsEditor(form, kind, model, levels) {
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
          const remove = h('button', { type: 'button', class: 'danger', onclick: () => {
            const next = row.nextElementSibling || row.previousElementSibling;
            row.remove();
            form.changed();
            (next ? next.querySelector('input') : title).focus();
          } }, 'Remove this skill');
          // each button says which skill it removes, to someone who hears the page
          const named = () => remove.setAttribute('aria-label', `Remove this skill: ${name.value.trim() || 'new skill'}`);
          named();
          name.addEventListener('input', named);
          const row = h('li', { class: 'skill' },
            h('label', { for: nameId }, 'Skill'), name, h('label', { for: levelId }, 'Level'), level, remove);
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
