import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { enabledPlugin, pluginAgentNames } from './enabled-plugin.js';
import { agentNameOfType } from './plugin-agent-name.js';

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
});
afterEach(() => {
  cleanup();
});

const env = (): NodeJS.ProcessEnv => ({ HOME: join(root, 'home') });
const project = (): string => join(root, 'project');
const lookup = () => ({ projectRoot: project(), env: env() });

function settings(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
}
const userFile = (): string => join(root, 'home', '.claude', 'settings.json');
const projectFile = (): string => join(project(), '.claude', 'settings.json');
const localFile = (): string => join(project(), '.claude', 'settings.local.json');

describe('enabledPlugin', () => {
  it('finds none without settings, or with other plugins only', () => {
    expect(enabledPlugin(lookup())).toBeUndefined();
    settings(userFile(), { enabledPlugins: { 'claude-hybrid-extras@x': true, 'other@y': true } });
    expect(enabledPlugin(lookup())).toBeUndefined();
  });

  it('finds one enabled in user settings, from any marketplace', () => {
    settings(userFile(), { enabledPlugins: { 'claude-hybrid@acme': true } });
    expect(enabledPlugin(lookup())).toEqual({
      id: 'claude-hybrid@acme',
      scope: 'user',
      file: userFile(),
    });
  });

  it('lets the more specific settings decide: project false over user true, local true over both', () => {
    settings(userFile(), { enabledPlugins: { 'claude-hybrid@claude-hybrid': true } });
    settings(projectFile(), { enabledPlugins: { 'claude-hybrid@claude-hybrid': false } });
    expect(enabledPlugin(lookup())).toBeUndefined();
    settings(localFile(), { enabledPlugins: { 'claude-hybrid@claude-hybrid': true } });
    expect(enabledPlugin(lookup())).toMatchObject({ scope: 'local', file: localFile() });
  });

  it('counts unreadable settings as enabling nothing', () => {
    settings(userFile(), '{ not json');
    settings(projectFile(), { enabledPlugins: ['claude-hybrid@x'] });
    expect(enabledPlugin(lookup())).toBeUndefined();
  });
});

describe('pluginAgentNames', () => {
  it("lists the agents of the installed copy from Claude Code's installed_plugins.json", () => {
    const install = join(root, 'cache', 'claude-hybrid');
    mkdirSync(join(install, 'agents'), { recursive: true });
    for (const name of ['qa.md', 'engineer.md', 'notes.txt'])
      writeFileSync(join(install, 'agents', name), 'x');
    settings(join(root, 'home', '.claude', 'plugins', 'installed_plugins.json'), {
      version: 2,
      plugins: { 'claude-hybrid@m': [{ scope: 'user', installPath: install }] },
    });
    expect(pluginAgentNames('claude-hybrid@m', env())).toEqual(['engineer', 'qa']);
    expect(pluginAgentNames('claude-hybrid@other', env())).toBeUndefined();
  });
});

describe('agentNameOfType', () => {
  it("keeps our plugin's agents under their plain name, and other plugins' under theirs", () => {
    expect(agentNameOfType('claude-hybrid:qa')).toBe('qa');
    expect(agentNameOfType('qa')).toBe('qa');
    expect(agentNameOfType('other:qa')).toBe('other:qa');
  });
});
