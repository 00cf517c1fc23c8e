import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { delimiter } from 'node:path';
import { spawnCollect } from './export.ts';
import type { CliResult } from './cli.ts';

/**
 * A GitHub Actions job as the runner executes it, for the action's tests:
 * each step gets fresh GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files, and what a step wrote there is applied
 * before the next one, in the runner's formats (`NAME=value`, and the
 * multi-line `NAME<<DELIMITER` form @actions/core writes): environment
 * variables and PATH entries for later steps, the action's saved state as
 * STATE_* variables of its post step, outputs, and the summary appended to
 * the job's. Inputs reach an action as INPUT_<NAME> (upper case, spaces as _).
 */
export class SimulatedJob {
  readonly env: Record<string, string>;
  readonly paths: string[] = [];
  readonly state: Record<string, string> = {};
  readonly outputs: Record<string, string> = {};
  summary = '';
  private readonly dir: string;
  private step = 0;

  constructor(base: Record<string, string>, dir: string) {
    this.env = { ...base };
    this.dir = mkdtempSync(join(dir, 'runner-'));
  }

  /** `uses:` the action's main (`node action/main.js`). */
  runMain(entry: string, inputs: Record<string, string>): Promise<CliResult> {
    return this.run(process.execPath, [entry], inputEnv(inputs));
  }

  /** The action's post step, with the state its main saved. */
  runPost(entry: string, inputs: Record<string, string>): Promise<CliResult> {
    const state = Object.fromEntries(Object.entries(this.state).map(([k, v]) => [`STATE_${k}`, v]));
    return this.run(process.execPath, [entry], { ...inputEnv(inputs), ...state });
  }

  /** A `run:` step in bash. */
  runScript(script: string): Promise<CliResult> {
    return this.run('bash', ['-e', '-c', script], {});
  }

  private async run(file: string, args: string[], extra: Record<string, string>): Promise<CliResult> {
    const n = ++this.step;
    const files = Object.fromEntries(['ENV', 'PATH', 'STATE', 'OUTPUT', 'STEP_SUMMARY'].map((kind) => [kind, join(this.dir, `${kind.toLowerCase()}-${n}`)]));
    for (const path of Object.values(files)) writeFileSync(path, '');
    const path = [...this.paths, this.env.PATH ?? ''].join(delimiter);
    const env = { ...this.env, ...extra, PATH: path, ...Object.fromEntries(Object.entries(files).map(([kind, p]) => [`GITHUB_${kind}`, p])) };
    const result = await spawnCollect(file, args, env);
    Object.assign(this.env, parseKeyValues(readFileSync(files.ENV!, 'utf8')));
    this.paths.unshift(...readFileSync(files.PATH!, 'utf8').split('\n').filter(Boolean).reverse());
    Object.assign(this.state, parseKeyValues(readFileSync(files.STATE!, 'utf8')));
    Object.assign(this.outputs, parseKeyValues(readFileSync(files.OUTPUT!, 'utf8')));
    this.summary += readFileSync(files.STEP_SUMMARY!, 'utf8');
    return result;
  }
}

const inputEnv = (inputs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]));

/** The runner's file-command format: `NAME=value` lines, or `NAME<<DELIMITER`, the value's lines, `DELIMITER`. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]} in a file command`);
      out[heredoc[1]!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a file command line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
