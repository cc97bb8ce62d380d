import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../errors.js';
import { writeFileAtomic } from '../files/index.js';
import { notWritable } from './deploy-files.js';
import { agentNameProblem } from './agent-name.js';

export interface ScaffoldOptions {
  readonly name: string;
  /** Directory to write into. */
  readonly dir: string;
  /** @default a placeholder that states what to write */
  readonly description?: string | undefined;
  /** @default 'sonnet' */
  readonly model?: string | undefined;
  /** Replace an existing file. @default false */
  readonly force?: boolean;
}

/** Writes a new agent definition that validates as it stands and says what to fill in. */
export function scaffoldAgent(options: ScaffoldOptions): string {
  const problem = agentNameProblem(options.name);
  if (problem !== undefined) {
    throw new AgentError('agents.bad_name', problem, {
      hint: 'use a kebab-case name such as "release-manager"',
      exitCode: 2,
    });
  }
  const file = join(options.dir, `${options.name}.md`);
  if (existsSync(file) && options.force !== true) {
    throw new AgentError('agents.exists', `${file} already exists`, {
      hint: 'choose another name, or pass --force to replace it',
      exitCode: 2,
    });
  }
  const title = options.name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  const description = (
    options.description ??
    `${title} specialist. Use when a task needs ${title.toLowerCase()} work (edit this line: it decides delegation).`
  ).replace(/\s+/g, ' ');
  const model = options.model ?? 'sonnet';
  const content = [
    '---',
    `name: ${options.name}`,
    `description: ${JSON.stringify(description)}`,
    'tools: Read, Grep, Glob, Edit, Write, Bash',
    `model: ${model}`,
    `keywords: [${options.name.split('-').join(', ')}]`,
    '---',
    '',
    `You are the ${title} agent.`,
    '',
    '## Role and boundaries',
    '- What you own, and what you hand back to the caller.',
    '',
    '## Working method',
    '1. Restate the task and its acceptance criteria.',
    '2. Gather the facts you need before changing anything.',
    '3. Do the work in small, verifiable steps.',
    '4. Verify the result against the criteria.',
    '',
    '## Output format',
    'A short summary, the files you changed, the evidence that it works, and open risks.',
    '',
  ].join('\n');
  try {
    mkdirSync(options.dir, { recursive: true });
    writeFileAtomic(file, content);
  } catch (error) {
    throw notWritable(options.dir, error);
  }
  return file;
}
