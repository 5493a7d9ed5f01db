// Where Chromium lives and the flags every Chromium started by the theme checks gets.
// The flags keep a root-run, headless Chromium quiet on a machine with no outside network:
// no sandbox (root), no GPU, and none of the background traffic Chromium starts by itself.

export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];
