// Builds the dashboard page (src/dashboard/ui/) into one folder the daemon serves:
//   index.html     the shell (header, nav, a loading skeleton) that paints before any script
//   app.js         the page: one minified browser bundle (uPlot included), loaded with `defer`
//   app.css        the styles, uPlot's included
//   manifest.json  the served files with their sizes, content types and SHA-256, so the server
//                  can whitelist exactly these
// Run by scripts/build.mjs into dist/dashboard/, and by the page's browser tests into a temp
// folder: `node scripts/build-dashboard.mjs <outdir>`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What each served file is, as the server's Content-Type. */
const CONTENT_TYPES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export async function buildDashboard(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/dashboard/ui/main.ts'],
    outfile: join(outdir, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    // uPlot's MIT notice stays at the end of app.js.
    legalComments: 'eof',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src/dashboard/ui/index.html'), join(outdir, 'index.html'));
  const files = Object.entries(CONTENT_TYPES).map(([name, contentType]) => {
    const bytes = readFileSync(join(outdir, name));
    return {
      name,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
  writeFileSync(
    join(outdir, 'manifest.json'),
    `${JSON.stringify({ version: 1, files }, null, 2)}\n`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await buildDashboard(resolve(process.argv[2] ?? join(root, 'dist/dashboard')));
