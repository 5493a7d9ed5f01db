// The example site, built once per built-in theme: asks `shingle themes` which themes exist,
// copies example-site/ to a temporary folder with `theme = "NAME"` in its site.toml, and builds
// it for the address the checks serve it on. It never writes inside the repository.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** The built-in theme names: the first column of `shingle themes`, up to its first blank line. */
export function listThemes(shingle) {
  const listing = execFileSync(shingle, ['themes'], { encoding: 'utf8' });
  return listing
    .split('\n\n')[0]
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean);
}

/** Copies the example site into a fresh temporary folder with `theme` chosen in site.toml. */
export function exampleSiteWithTheme(exampleSite, theme) {
  const work = mkdtempSync(join(tmpdir(), `shingle-theme-${theme}-`));
  const root = join(work, 'site');
  cpSync(exampleSite, root, {
    recursive: true,
    filter: (source) => !relative(exampleSite, source).split(/[\\/]/).includes('public'),
  });
  const settingsPath = join(root, 'site.toml');
  const settings = readFileSync(settingsPath, 'utf8');
  const line = `theme = ${JSON.stringify(theme)}`;
  const chosen = /^theme\s*=.*$/m.test(settings)
    ? settings.replace(/^theme\s*=.*$/m, line)
    : `${line}\n${settings}`;
  writeFileSync(settingsPath, chosen);
  return { work, root, output: join(work, 'public') };
}

/** Builds the site; returns `{ ok, log }` with everything Shingle printed. */
export function buildSite(shingle, site, baseUrl) {
  const run = spawnSync(
    shingle,
    ['build', '--root', site.root, '--output', site.output, '--base-url', baseUrl],
    { encoding: 'utf8' },
  );
  const log = `${run.stdout || ''}${run.stderr || ''}${run.error ? run.error.message : ''}`.trim();
  return { ok: run.status === 0, log };
}

/** Every `.html` file under `dir`, as absolute paths, sorted. */
export function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}
