// `npm test`: what CI runs, on a fresh machine too. The system packages the suites use for real
// parts (a browser, make, dash, pty tools, libfaketime) are installed first where this user may
// (root), or named with the one command to run; then the unit and functional tests, then the
// stress suite — which runs even when the first failed, so one failure never hides another.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = (label, command, args) => {
  console.log(`\n== ${label}`);
  const { status, signal } = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  return status === 0 ? 'passed' : `failed (${signal ?? `exit ${status}`})`;
};

const deps = run('system packages', 'bash', ['scripts/ci-system-deps.sh']);
if (deps !== 'passed') {
  console.error('\nnpm test: the suites need system packages that are missing (listed above): run `sudo bash scripts/ci-system-deps.sh`, then npm test again');
  process.exit(1);
}
const build = run('build', process.execPath, ['scripts/build.mjs']);
if (build !== 'passed') process.exit(1);
const results = {
  'unit and functional': run('unit and functional tests', 'npx', ['vitest', 'run', '--exclude', 'test/stress/**']),
  stress: run('stress tests', 'npx', ['vitest', 'run', 'test/stress']),
};
console.log('\n== npm test');
for (const [suite, result] of Object.entries(results)) console.log(`${suite}: ${result}`);
process.exit(Object.values(results).every((r) => r === 'passed') ? 0 : 1);
