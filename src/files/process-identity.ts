import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as the kernel counts it (Linux: field 22 of /proc/<pid>/stat, in
 * clock ticks since boot); undefined where that cannot be read. A pid is reused after a process
 * ends, so a pid together with its start stamp names one process.
 */
export function processStartStamp(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
