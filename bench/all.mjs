// `npm run bench`: every bench runs, in one go, even after one misses a target; the summary lists
// every bench that missed (or failed a run), and the exit status says whether all were met.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHES = ['run', 'shell', 'make', 'causality', 'store', 'config', 'export', 'serve', 'dora', 'xtrace', 'redact'];
const misses = [];
for (const name of BENCHES) {
  console.log(`\n== bench/${name}.mjs (load average ${loadavg()[0].toFixed(1)})`);
  const { status, signal } = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}.mjs`, import.meta.url))], { stdio: 'inherit' });
  if (status !== 0) misses.push(`${name}${signal ? ` (killed by ${signal})` : ''}`);
}
console.log(`\n== npm run bench: ${BENCHES.length - misses.length} of ${BENCHES.length} benches met every target${misses.length ? `; missed: ${misses.join(', ')} (✗ lines above)` : ''}`);
process.exitCode = misses.length ? 1 : 0;
