// A content file's screen: its form (or, when its front matter cannot be read, its text), saving
// with the build's checks, a new address, and deleting it into the history.

import { PREFIX, api, capital, fileUrl, h, main, say, setTitle, undoButton, unique } from './api.js';
import { control } from './controls.js';
import { changedValues, newForm, sameJson, showConflict, showProblems } from './form.js';
import { bodyEditor, listsEditor } from './text.js';

export async function fileScreen() {
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
