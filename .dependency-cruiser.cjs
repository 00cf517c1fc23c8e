/**
 * The map in ARCHITECTURE.md, enforced (npm run check:architecture, and a test):
 * a pure core — no I/O, no clock — under thin adapters, imports flowing one way
 * (entries → commands → CLI plumbing and adapters → core), no cycles, type-only
 * imports included.
 * dependency-cruiser 17 is the release line that runs on Node 20; swc parses the
 * TypeScript (TS 7 has no compiler API for it to use).
 */
const CORE = '^src/(trace|redact|stats|ci|sh)/|^src/(errors|version|plural)\\.ts$';
const ADAPTERS = '^src/(system|platform|fs|process|store|context|config|export|view|doctor|report|receive)/|^src/(warn|chunks)\\.ts$';
const COMMANDS = '^src/commands/';
const ENTRIES = '^src/(boot|cli|program|program-entry|sh-main|vscli-main)\\.ts$|^src/action/';
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'the core reads nothing: no file system, network, process or OS modules (node:path is string work)',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?path$' },
    },
    {
      name: 'core-imports-core',
      comment: 'facts, ids and times are passed in from the adapters',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^src/', pathNot: CORE },
    },
    {
      name: 'adapters-below-commands',
      comment: 'adapters serve commands, never the other way',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: `${COMMANDS}|^src/cli/|${ENTRIES}` },
    },
    {
      name: 'plumbing-below-commands',
      comment: 'cli/ is what command definitions share (I/O, parsers, the result sink); it knows no command',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: `${COMMANDS}|${ENTRIES}` },
    },
    {
      name: 'commands-below-entries',
      comment: 'the entries assemble the commands; a command never reaches back',
      severity: 'error',
      from: { path: COMMANDS },
      to: { path: ENTRIES },
    },
    {
      name: 'one-home-per-command',
      comment: "a command's files import another command's action, never its definition",
      severity: 'error',
      from: { path: '^src/commands/([^/]+)/' },
      to: { path: '^src/commands/([^/]+)/definition\\.ts$', pathNot: '^src/commands/$1/' },
    },
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
