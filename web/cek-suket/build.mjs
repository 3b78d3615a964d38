// Builds the one self-contained Cek Suket page: the bundled script, the licences of every
// bundled package, and a placeholder for the data (messages and trust list) that
// loket fills in when it writes or serves the page. The output is committed, so that
// installing loket needs no Node.js; tests/test_verify_page_build.py checks that a
// rebuild reproduces it byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, '..', '..', 'loket', 'web', 'cek_suket.html');
const BUNDLED = ['@noble/ed25519', '@noble/hashes', 'jsqr'];

const built = await esbuild.build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  charset: 'utf8',
  write: false,
});
const script = built.outputFiles[0].text.trim().replace(/<\/(script)/gi, '<\\/$1');

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const licences = BUNDLED.map((name) => {
  const folder = join(here, 'node_modules', name);
  const meta = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const text = readFileSync(join(folder, 'LICENSE'), 'utf8').trim();
  return `${meta.name} ${meta.version} (${meta.license})\n\n${text}`;
}).join('\n\n----------------------------------------\n\n');

const page = readFileSync(join(here, 'src', 'page.html'), 'utf8')
  .replace('/*LICENSES*/', () => escape(licences))
  .replace('/*BUNDLE*/', () => script);
writeFileSync(out, page);
console.log(`${out}: ${page.length} characters`);
