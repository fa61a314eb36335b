// Summarizes Spectral's JSON output (spectral lint -f json) by severity and rule, with a few example
// paths per rule, for .ci/sdk-check. Usage: node summarize-spectral.mjs results.json [examples-per-rule]
// Prints the summary on stdout and a last line "COUNTS <errors> <warnings> <infos> <hints>".
import { readFileSync } from 'node:fs';

const [file, examplesArg] = process.argv.slice(2);
const examples = Number(examplesArg ?? 3);
const results = JSON.parse(readFileSync(file, 'utf8'));
const names = ['error', 'warn', 'info', 'hint'];
const counts = [0, 0, 0, 0];
const byRule = new Map();

for (const r of results) {
  counts[r.severity] += 1;
  const key = `${r.severity}\u0000${r.code}`;
  let entry = byRule.get(key);
  if (!entry) {
    entry = { severity: r.severity, code: String(r.code), count: 0, message: r.message, paths: [] };
    byRule.set(key, entry);
  }
  entry.count += 1;
  if (entry.paths.length < examples) {
    entry.paths.push((r.path ?? []).join('.'));
  }
}

const rows = [...byRule.values()].sort((a, b) => a.severity - b.severity || b.count - a.count || a.code.localeCompare(b.code));
for (const row of rows) {
  console.log(`  ${names[row.severity].padEnd(5)} ${String(row.count).padStart(5)}  ${row.code}: ${row.message}`);
  for (const p of row.paths) {
    console.log(`                e.g. ${p}`);
  }
}
console.log(`COUNTS ${counts.join(' ')}`);
