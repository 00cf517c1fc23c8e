/**
 * The options of `vstrace run`, as data: commander builds its definitions
 * from this table, and the fast path below parses the common case without
 * loading commander at all — it runs before every command of a deploy, and
 * commander costs ~4 ms a start. Anything the fast path does not fully
 * understand (help, an unknown or malformed option) goes to commander, so
 * errors and help text come from one place.
 */
export interface RunOptionSpec {
  key: 'name' | 'type' | 'tag' | 'env' | 'reason' | 'parent' | 'service' | 'config' | 'exporter' | 'shell' | 'collect' | 'xtrace' | 'quiet' | 'verbose';
  long: string;
  short?: string;
  /** value: takes one argument; list: repeatable; flag: boolean. */
  kind: 'value' | 'list' | 'flag';
  placeholder?: string;
  help: string;
}

export const RUN_OPTIONS: readonly RunOptionSpec[] = [
  { key: 'name', long: '--name', kind: 'value', placeholder: '<name>', help: 'span name (default: type and command, e.g. "build: docker build")' },
  { key: 'type', long: '--type', kind: 'value', placeholder: '<type>', help: 'kind of work: pipeline, build, push, deploy, test, … (free text)' },
  { key: 'tag', long: '--tag', kind: 'list', placeholder: '<key=value>', help: 'a tag on the span; repeatable; key|value also accepted' },
  { key: 'env', long: '--env', kind: 'value', placeholder: '<name>', help: 'deployment.environment.name: production, staging, … (default: an env or environment tag, the setting, else none)' },
  { key: 'reason', long: '--reason', kind: 'value', placeholder: '<text>', help: 'why this runs (a deploy\'s audit trail): "hotfix for INC-42"; default none' },
  { key: 'parent', long: '--parent', kind: 'value', placeholder: '<ref>', help: 'parent: a traceparent, a Jaeger uber-trace-id or a vstrace span id (default: $TRACEPARENT)' },
  { key: 'service', long: '--service', kind: 'value', placeholder: '<name>', help: 'service.name of the span (default: $OTEL_SERVICE_NAME or "vstrace")' },
  { key: 'config', long: '--config', kind: 'value', placeholder: '<path>', help: 'config file to use instead of the search (none: no config files)' },
  { key: 'exporter', long: '--exporter', kind: 'value', placeholder: '<name>', help: 'where spans go besides the local store: otlp, jaeger, lightstep, honeycomb, tempo, console, file, none' },
  { key: 'shell', long: '--shell', kind: 'flag', help: 'run the one string through /bin/sh -c (for pipes and redirections)' },
  {
    key: 'collect',
    long: '--collect',
    kind: 'flag',
    help: "store the command's own OpenTelemetry spans under this span (an OTLP receiver on a free localhost port, given to it as OTEL_EXPORTER_OTLP_ENDPOINT)",
  },
  { key: 'xtrace', long: '--xtrace', short: '-x', kind: 'flag', help: 'a bash script: every command it runs a span of its own, the script unedited (docs/xtrace.md)' },
  { key: 'quiet', long: '--quiet', short: '-q', kind: 'flag', help: 'no warnings from vstrace' },
  { key: 'verbose', long: '--verbose', short: '-v', kind: 'flag', help: 'say where the span went' },
];

/** commander's flag syntax for a spec: `-q, --quiet`, `--name <name>`. */
export const commanderFlags = (spec: RunOptionSpec): string => [spec.short ? `${spec.short}, ${spec.long}` : spec.long, spec.placeholder].filter(Boolean).join(' ');

export interface ParsedRun {
  options: {
    tag: string[];
    shell: boolean;
    collect?: boolean;
    xtrace?: boolean;
    quiet?: boolean;
    verbose?: boolean;
    name?: string;
    type?: string;
    env?: string;
    reason?: string;
    parent?: string;
    service?: string;
    config?: string;
    exporter?: string;
  };
  command: string[];
}

/**
 * `run`'s arguments → options and command, or undefined to let commander
 * handle (and explain) them. Options end at `--` or at the first word that is
 * not an option, as with commander's passThroughOptions.
 */
export function parseRunArgs(args: readonly string[]): ParsedRun | undefined {
  const options: ParsedRun['options'] = { tag: [], shell: false };
  const values = options as Record<string, unknown>;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = RUN_OPTIONS.find((s) => s.long === flag || s.short === flag);
    if (!spec) return undefined;
    if (spec.kind === 'flag') {
      if (flag !== arg) return undefined;
      values[spec.key] = true;
      continue;
    }
    const value = flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '--') return undefined; // commander says which value is missing
    if (spec.kind === 'list') options.tag.push(value);
    else values[spec.key] = value;
  }
  const command = args.slice(i);
  if (command.length === 0 || (options.quiet && options.verbose)) return undefined;
  return { options, command };
}
