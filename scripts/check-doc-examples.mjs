// Type-checks the TypeScript examples in the docs against the library's sources, as a user's
// code would see them: each ```ts block of docs/library.md and README.md becomes a module that
// imports 'claude-hybrid', resolved to src/index.ts. Part of `npm run typecheck` (and so CI).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.ci', 'out', 'doc-examples');
const DOCS = ['docs/library.md', 'README.md'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [];
for (const doc of DOCS) {
  const text = readFileSync(join(root, doc), 'utf8');
  let index = 0;
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    index += 1;
    const name = `${doc.replace(/[/.]/g, '-')}-${index}.ts`;
    // Each block is a module of its own (top-level await, its own imports); `export {}` makes it
    // one even when it has no import.
    writeFileSync(join(out, name), `${match[1]}\nexport {};\n`);
    files.push(name);
  }
}
if (files.length === 0) throw new Error(`no \`\`\`ts examples found in ${DOCS.join(', ')}`);
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../../tsconfig.json',
    compilerOptions: {
      noEmit: true,
      baseUrl: '.',
      paths: { 'claude-hybrid': ['../../../src/index.ts'] },
    },
    include: [],
    files,
  }),
);
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')],
    { stdio: 'inherit' },
  );
} catch {
  process.stderr.write(`doc examples: type errors above (the blocks are in ${out})\n`);
  process.exit(1);
}
process.stdout.write(`doc examples: ${files.length} blocks type-check\n`);
