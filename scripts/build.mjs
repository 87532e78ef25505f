#!/usr/bin/env node
// Builds the Apps Script project for its two targets, from one source:
//   dist/        the script bound to one Sheet (pushed by `npm run deploy` with ./.clasp.json)
//   dist-addon/  the Editor add-on for Sheets (pushed by `npm run deploy:addon` with
//                addon/.clasp.json; its manifest is addon/appsscript.json)
// Each holds:
//   Code.js        server bundle: webpack + esbuild-loader + gas-webpack-plugin, with
//                  __CCHC_TARGET__ defined as "bound" or "addon" (read only by src/server/target.ts)
//   <Page>.html    client pages: each src/client/pages/<Page>.ts bundled by esbuild and
//                  inlined with its <Page>.html template and the shared CSS (no CDN)
//   appsscript.json
//   ReportTemplate.html  the report template, a 1.5 KB .docx as base64 text whose header holds a
//                  centred PAGE field shown from page 2 on (reportTemplateDocx); read by
//                  src/server/driveFiles.ts with HtmlService only when it uploads the template,
//                  so Code.js, loaded at every execution, does not carry it
// `--if-stale` skips the build when dist/ is newer than every source file.
import { build as esbuild, transform } from 'esbuild';
import { minify } from 'terser';
import webpack from 'webpack';
import GasPlugin from 'gas-webpack-plugin';
import { strToU8, zipSync } from 'fflate';
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const distAddon = path.join(root, 'dist-addon');

/** The targets: where each is written, its manifest, and the value of __CCHC_TARGET__. */
export const TARGETS = [
  { name: 'bound', out: dist, manifest: path.join(root, 'appsscript.json') },
  { name: 'addon', out: distAddon, manifest: path.join(root, 'addon', 'appsscript.json') },
];
const pagesDir = path.join(root, 'src', 'client', 'pages');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function isStale() {
  const sources = Math.max(
    newestMtime(path.join(root, 'src')),
    ...TARGETS.map((t) => fs.statSync(t.manifest).mtimeMs),
    fs.statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  return TARGETS.some((t) => {
    const out = path.join(t.out, 'Code.js');
    return !fs.existsSync(out) || sources > fs.statSync(out).mtimeMs;
  });
}

/** Bundles each client page and inlines it into its HTML template. Returns the page names. */
async function buildPages(out) {
  if (!fs.existsSync(pagesDir)) return [];
  const css = fs.existsSync(path.join(root, 'src', 'client', 'styles.css'))
    ? fs.readFileSync(path.join(root, 'src', 'client', 'styles.css'), 'utf8')
    : '';
  const names = fs
    .readdirSync(pagesDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.slice(0, -5));
  for (const name of names) {
    const template = fs.readFileSync(path.join(pagesDir, `${name}.html`), 'utf8');
    let js = '';
    const entry = path.join(pagesDir, `${name}.ts`);
    if (fs.existsSync(entry)) {
      const result = await esbuild({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        target: 'es2019',
        minify: true,
        write: false,
        charset: 'utf8',
        legalComments: 'none',
      });
      js = result.outputFiles[0].text;
    }
    // A "</script" inside the bundle would end the inline script early.
    const safeJs = js.replace(/<\/script/gi, '<\\/script');
    const html = template
      .replace('<!-- inline:styles -->', () => `<style>${css}</style>`)
      .replace('<!-- inline:script -->', () => `<script>${safeJs}</script>`);
    fs.writeFileSync(path.join(out, `${name}.html`), html);
  }
  return names;
}

/**
 * The report template (src/server/driveFiles.ts uploads it once, converted to a Google Doc, and
 * copies it for each report): Nghị định 30/2020 wants the page number in Arabic numerals,
 * 13–14 pt, upright, centred in the top margin, not shown on the first page. Neither DocumentApp
 * nor the Docs API can insert a page-number field; a Word file can, and Drive's conversion keeps
 * it. So: one empty body paragraph (what a new Doc has, which layoutReport expects), a default
 * header with a centred PAGE field (Times New Roman 14 pt), a different first page (w:titlePg)
 * whose header is blank, A4 and the decree's margins (the same as PAGE in
 * src/server/docLayout.ts: top/bottom 20 mm, left 30 mm, right 15 mm; the header 10 mm from the
 * top edge). Five short XML parts (the XML declaration is optional), zipped with a fixed date so
 * that every build is the same.
 */
/** The project file holding the template (its name without .html, as HtmlService takes it). */
export const REPORT_TEMPLATE_FILE = 'ReportTemplate';

export function reportTemplateDocx() {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const ct = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  const rels = (r) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${r}</Relationships>`;
  const font = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr>';
  const field = (type) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
  const mm = (v) => Math.round((v * 1440) / 25.4);
  const parts = {
    '[Content_Types].xml': `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="${ct}.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="${ct}.header+xml"/></Types>`,
    '_rels/.rels': rels(`<Relationship Id="rId1" Type="${rel}/officeDocument" Target="word/document.xml"/>`),
    'word/_rels/document.xml.rels': rels(`<Relationship Id="rId1" Type="${rel}/header" Target="header1.xml"/>`),
    // No first-page header part: with w:titlePg and none given, the first page's header is blank
    // (ECMA-376 Part 1, 17.10.5 headerReference).
    'word/document.xml': `<w:document ${W} xmlns:r="${rel}"><w:body><w:p/><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="${mm(20)}" w:right="${mm(15)}" w:bottom="${mm(20)}" w:left="${mm(30)}" w:header="${mm(10)}" w:footer="${mm(10)}" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>`,
    'word/header1.xml': `<w:hdr ${W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>${font}<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>${field('separate')}<w:r>${font}<w:t>2</w:t></w:r>${field('end')}</w:p></w:hdr>`,
  };
  const mtime = new Date('2020-01-01T00:00:00Z');
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 9 }));
}

function buildServer(out, target) {
  const compiler = webpack({
    mode: 'production',
    context: root,
    entry: './src/server/main.ts',
    // ES2020 for the server: Apps Script's V8 runtime takes modern ECMAScript syntax
    // (developers.google.com/apps-script/guides/v8-runtime), so `??` and `?.` stay as written
    // instead of being lowered to temporaries (about 6 KB of Code.js).
    target: ['web', 'es2020'],
    devtool: false,
    output: { path: out, filename: 'Code.js', clean: false },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { loader: 'ts', target: 'es2020', charset: 'utf8' } }],
    },
    // Apps Script calls the top-level function stubs that gas-webpack-plugin writes; they call
    // into the bundle, so nothing may be tree-shaken, renamed or minified away. The modules are
    // concatenated into one scope (no per-module wrapper, no namespace look-up at every call:
    // about 70 KB less); a function whose name collides with another module's is prefixed with
    // its module's name (`importer_cellText`), which a stack trace still points to.
    optimization: { minimize: false, usedExports: false, concatenateModules: true },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({ __CCHC_TARGET__: JSON.stringify(target) }),
      // The add-on carries no Gmail code: email replies need a restricted scope (src/server/target.ts).
      ...(target === 'addon' ? [new webpack.NormalModuleReplacementPlugin(/^\.\/replies$/, './repliesAddon')] : []),
      new GasPlugin({ include: [path.join(root, 'src/server/**/*.ts')] }),
    ],
  });
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/**
 * Apps Script loads the whole project at every execution, so Code.js is kept small: white
 * space and syntax are compacted (esbuild), then local variables and parameters get short names
 * (terser). Function and class names are NOT renamed, nor variables holding a function
 * (`keep_fnames`): the execution log's stack traces name the source's functions
 * ("at recordProgress (Code:…)"), and the top-level stubs stay as written.
 * test/server/bundle.test.ts calls every entry point through its stub to prove it.
 */
async function compactServer(file) {
  const source = fs.readFileSync(file, 'utf8');
  const out = await transform(source, {
    loader: 'js',
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    charset: 'utf8',
    legalComments: 'none',
    target: 'es2020',
  });
  // Only what is inside the bundle's scope is renamed (not `toplevel`): the stubs and Apps
  // Script's globals keep their names. Property names are never touched.
  const short = await minify(out.code, {
    compress: false,
    mangle: { keep_fnames: true, keep_classnames: true },
    format: { ascii_only: false, comments: false },
  });
  fs.writeFileSync(file, short.code);
}

async function buildTarget(target) {
  // Build beside the output folder and swap it in, so that a reader never sees a half-written one.
  const final = target.out;
  const out = `${final}.tmp-${process.pid}`;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  try {
    const pages = await buildPages(out);
    await buildServer(out, target.name);
    await compactServer(path.join(out, 'Code.js'));
    fs.copyFileSync(target.manifest, path.join(out, 'appsscript.json'));
    fs.writeFileSync(path.join(out, `${REPORT_TEMPLATE_FILE}.html`), reportTemplateDocx().toString('base64'));
    const old = `${final}.old-${process.pid}`;
    if (fs.existsSync(final)) fs.renameSync(final, old);
    fs.renameSync(out, final);
    fs.rmSync(old, { recursive: true, force: true });
    return pages;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export async function build() {
  let pages = [];
  for (const target of TARGETS) pages = await buildTarget(target);
  return { pages };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  build()
    .then(({ pages }) => {
      const sizes = TARGETS.map((t) => `${path.basename(t.out)}/Code.js (${(fs.statSync(path.join(t.out, 'Code.js')).size / 1024).toFixed(1)} KB)`);
      process.stderr.write(`built ${sizes.join(', ')}${pages.length ? `, pages: ${pages.join(', ')}` : ''}\n`);
    })
    .catch((e) => {
      process.stderr.write(`build failed: ${e.message}\n`);
      process.exit(1);
    });
}
