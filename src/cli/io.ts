/** What the edge hands every command: the process's environment and working directory, read once, and its terminal, when asked. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY(): boolean;
  columns: () => number | undefined;
  /** Text onto stdout (cli/stdout.ts), in order with the edge's own output: commander's help and version go through it. */
  out(text: string): void;
}
