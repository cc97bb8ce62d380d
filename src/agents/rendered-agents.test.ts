import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { AgentRegistry } from './registry.js';
import { deployedAgentText } from './rendered-agents.js';

const agent = (name: string, line: string): string =>
  `---\nname: ${name}\ndescription: "The ${name} agent: ${line}"\ntools: [Read, Bash]\n---\nYou are ${name}.\n`;

describe('RenderedAgents', () => {
  let root: string;
  let cleanup: () => void;
  let agents: string;
  let cacheDir: string;
  const registry = (): AgentRegistry =>
    new AgentRegistry({ projectRoot: join(root, 'project'), hybridHome: root, cacheDir });
  const texts = (reg: AgentRegistry): string[] =>
    reg.load().agents.map((entry) => reg.rendered.text(entry));

  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    agents = join(root, 'project', '.claude-hybrid', 'agents');
    cacheDir = join(root, 'cache');
    mkdirSync(agents, { recursive: true });
    writeFileSync(join(agents, 'alpha.md'), agent('alpha', 'first'));
    writeFileSync(join(agents, 'beta.md'), agent('beta', 'second'));
  });
  afterEach(() => {
    cleanup();
  });

  it('gives the same text as rendering, from its owner-only file on the next run', () => {
    const first = registry();
    const rendered = texts(first);
    expect(rendered).toEqual(
      first.load().agents.map((entry) => deployedAgentText(entry.definition)),
    );
    first.rendered.save();
    const file = join(cacheDir, 'rendered.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The next process reads the text back: marked with what is on disk now, not rendered again.
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { body: Record<string, string> };
    const key = Object.keys(stored.body)[0] ?? '';
    writeFileSync(
      file,
      JSON.stringify({ ...stored, body: { ...stored.body, [key]: 'FROM THE CACHE' } }),
    );
    expect(texts(registry())).toContain('FROM THE CACHE');
  });

  it('renders again a file that changed', () => {
    const first = registry();
    texts(first);
    first.rendered.save();
    writeFileSync(join(agents, 'alpha.md'), agent('alpha', 'changed, same length'));
    utimesSync(join(agents, 'alpha.md'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(texts(registry())[0]).toContain('The alpha agent: changed, same length');
  });

  it('treats a bad or hostile cache file as empty', () => {
    mkdirSync(cacheDir, { recursive: true });
    const file = join(cacheDir, 'rendered.json');
    for (const bad of [
      'not json',
      '[]',
      '{"format":1,"version":"0.0.0","body":{}}',
      '{"__proto__":{"polluted":true},"body":{"__proto__":"x"}}',
    ]) {
      writeFileSync(file, bad);
      const reg = registry();
      expect(texts(reg)[0]).toContain('The alpha agent: first');
      reg.rendered.save();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 1 });
    }
  });
});
