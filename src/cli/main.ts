#!/usr/bin/env node
/**
 * The binary's entry. Deliberately tiny: `--version` is answered before anything is imported,
 * and everything else is loaded on demand (startup benchmark: bench/cli-startup).
 */
import { VERSION } from '../version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  void import('./run-cli.js').then(async ({ runCli, processIO }) => {
    process.exitCode = await runCli(argv, processIO());
  });
}
