import type { AgentFileProblem, AgentFileWarning, AgentScope } from '../agents/index.js';

/** Where a skill was found; the agents' tiers, with the same precedence. */
export type SkillScope = AgentScope;

/** The file every skill folder holds. */
export const SKILL_FILE = 'SKILL.md';

/** A parsed `SKILL.md`. Field names follow Claude Code's frontmatter. */
export interface SkillDefinition {
  readonly name: string;
  /** What the skill does and when to use it: what Claude Code lists to the model. */
  readonly description: string;
  /** `allowed-tools`: the tools the skill may use without asking; undefined when not set. */
  readonly allowedTools: readonly string[] | undefined;
  /** `model`, when the skill sets one. */
  readonly model: string | undefined;
  /** `disable-model-invocation`: only the user can start it (as `/name`). */
  readonly disableModelInvocation: boolean;
  /** `user-invocable` (default true): false hides the `/name` command. */
  readonly userInvocable: boolean;
  /** The frontmatter as parsed, keys in file order. */
  readonly frontmatter: Readonly<Record<string, unknown>>;
  /** Frontmatter keys Claude Code does not know, in file order. */
  readonly unknownFields: readonly string[];
  /** The markdown instructions after the frontmatter. */
  readonly body: string;
}

/** A skill found on disk, with where it came from. */
export interface SkillEntry {
  readonly definition: SkillDefinition;
  readonly scope: SkillScope;
  /** Absolute path of the skill folder. */
  readonly dir: string;
  /** Absolute path of its SKILL.md. */
  readonly file: string;
  /** The folder is a copy `skills deploy` wrote and still owns. */
  readonly managed: boolean;
  /** The other files of the folder, relative to it, sorted (`scripts/x.sh`). */
  readonly extraFiles: readonly string[];
}

export type SkillFileProblem = AgentFileProblem;
export type SkillFileWarning = AgentFileWarning;
