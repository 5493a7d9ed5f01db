// Shingle's editor: the page reads its address to know which screen to show (the list of the
// site's content, a file's form, a new file, the site's settings, the history), builds the form
// from the field declarations the server sends, and sends changes back as JSON with this run's
// key. No framework, no build step and no other host: every file here comes from the preview
// server, as plain modules.

import { KIND_WORDS, PREFIX, api, capital, fileUrl, h, main, say, setTitle, undoButton, unique } from './api.js';
import { control } from './controls.js';
import { fileScreen } from './file.js';
import { changedValues, newForm, showConflict, showProblems } from './form.js';

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
          entry.undone ? h('span', { class: 'badge' }, 'undone') : undoButton(entry.id, 'Undo', entry.what))))
      : h('p', {}, ok ? 'No changes yet.' : data.message));
}

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
