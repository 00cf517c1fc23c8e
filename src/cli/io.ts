/** What the edge hands every command: the process's environment and terminal, read once. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  columns: () => number | undefined;
}
