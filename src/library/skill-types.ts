/** The library's skill types: what `hybrid.skills` lists, deploys and undeploys. */

/** A skill as `hybrid.skills.list()` returns it. */
export interface SkillSummary {
  readonly name: string;
  /** What it does and when to use it: what Claude Code lists to the model. */
  readonly description: string;
  readonly scope: 'project' | 'custom' | 'user' | 'bundled';
  /** Its SKILL.md. */
  readonly file: string;
  /** `allowed-tools`, or null when not set. */
  readonly allowedTools: readonly string[] | null;
  /** The folder's other files, relative to it. */
  readonly files: readonly string[];
  /** A copy `skills deploy` wrote and still owns. */
  readonly managed: boolean;
}

/** Where and what `hybrid.skills.deploy()` and `undeploy()` act on. */
export interface SkillDeployOptions {
  /** Only these skills. @default every effective skill (deploy), every one of ours (undeploy) */
  readonly names?: readonly string[];
  /** Target directory, relative to `cwd`. @default `<project>/.claude/skills` */
  readonly target?: string;
  /** Claude Code's user skills (`~/.claude/skills`) as the target. @default false */
  readonly user?: boolean;
  /** Report and write nothing. @default false */
  readonly dryRun?: boolean;
  /** Deploy: overwrite folders not ours or edited; undeploy: remove ours edited since. */
  readonly force?: boolean;
}

export interface SkillDeployResult {
  readonly target: string;
  readonly dryRun: boolean;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly skipped: readonly {
    readonly name: string;
    readonly file: string;
    readonly reason: string;
  }[];
}

export interface SkillUndeployResult {
  readonly target: string;
  readonly dryRun: boolean;
  readonly removed: readonly string[];
  readonly kept: readonly {
    readonly name: string;
    readonly file: string;
    readonly reason: string;
  }[];
  /** Named skills not deployed in the target. */
  readonly absent: readonly string[];
}
