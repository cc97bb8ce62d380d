// Shared bench helpers: timing of whole processes, medians, and the results file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Wall time of one process run, in milliseconds; throws if it fails. */
export function timeProcess(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`,
    );
  }
  return elapsed;
}

/**
 * Runs the baseline and the subject alternately, `runs` times each after `warmup` rounds, so
 * that machine noise hits both alike; returns both medians, and `paired`: the median over rounds
 * of the subject's time ÷ the baseline's in the same round. A shared VM drifts between faster and
 * slower spells lasting seconds; a ratio of two medians taken across a drift moves with it (a
 * `--version` that loads nothing read 1.02–1.08), while each round's two runs share their spell.
 */
export function compareProcesses({ baseline, subject, runs = 31, warmup = 5 }) {
  const baselineTimes = [];
  const subjectTimes = [];
  for (let round = 0; round < warmup + runs; round += 1) {
    const b = timeProcess(...baseline);
    const s = timeProcess(...subject);
    if (round >= warmup) {
      baselineTimes.push(b);
      subjectTimes.push(s);
    }
  }
  return {
    baseline: median(baselineTimes),
    subject: median(subjectTimes),
    paired: pairedRatio(subjectTimes, baselineTimes),
    runs,
  };
}

/** The median over rounds of `subject[round] ÷ baseline[round]`: times measured in pairs. */
export function pairedRatio(subject, baseline) {
  return median(subject.map((time, round) => time / baseline[round]));
}

export function writeResults(results, file) {
  const document = {
    timestamp: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    results,
  };
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return document;
}

export function printTable(results) {
  const rows = results.map((result) => [
    result.name,
    `${result.value.toFixed(result.unit === 'ratio' ? 3 : 2)} ${result.unit}`,
    result.baseline
      ? `${result.baseline.name} = ${result.baseline.value.toFixed(2)} ${result.baseline.unit}`
      : '-',
    result.target ?? '-',
    result.pass === undefined ? '-' : result.pass ? 'ok' : 'MISS',
  ]);
  const headers = ['benchmark', 'value', 'baseline (same run)', 'target', ''];
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}

/**
 * A result for a process timing against `node -e 0` measured in the same run
 * (compareProcesses): the paired ratio, with a target when there is one.
 */
export function ratioToNode(name, { baseline, subject, paired, runs }, target) {
  const value = paired;
  return {
    name,
    value,
    unit: 'ratio',
    subjectMs: subject,
    runs,
    baseline: { name: 'node -e 0', value: baseline, unit: 'ms' },
    ...(target === undefined ? {} : { target: `<= ${target}x`, pass: value <= target }),
  };
}
