/**
 * Node's internal bindings, for the run path's two uses of the public modules
 * that wrap them — child_process and net cost milliseconds of start-up each,
 * for streams and sockets the run path never uses. An internal interface: read
 * only on the Node majors whose shape is known and tested (a wrong call aborts
 * the process rather than throwing); elsewhere undefined, and the caller takes
 * the public module. Read without the deprecation warning that
 * `--pending-deprecation` would print into the command's stderr.
 */
export function internalBinding<T>(name: 'process_wrap' | 'tcp_wrap', knownMajors: ReadonlySet<string>): T | undefined {
  if (!knownMajors.has(process.versions.node.split('.')[0] ?? '')) return undefined;
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return (process as unknown as { binding(name: string): T }).binding(name);
  } catch {
    return undefined;
  } finally {
    process.noDeprecation = quiet;
  }
}
