/**
 * The line (1-based) where a dotted key is set in a YAML or JSON config
 * file, found in the text: each segment is looked for as a key (`name:`,
 * `"name":`) after the line of its parent, deeper-indented in YAML. The
 * loaders give no positions; this is good enough to point at the line.
 */
export function keyLine(text: string, path: readonly string[]): number | undefined {
  const lines = text.split('\n');
  let from = 0;
  let parentIndent = -1;
  let found: number | undefined;
  for (const segment of path) {
    const key = new RegExp(`^(\\s*)(?:-\\s+)?(?:"${escapeRegExp(segment)}"|'${escapeRegExp(segment)}'|${escapeRegExp(segment)})\\s*:`);
    const inline = new RegExp(`[{,]\\s*(?:"${escapeRegExp(segment)}"|'${escapeRegExp(segment)}'|${escapeRegExp(segment)})\\s*:`);
    found = undefined;
    for (let i = from; i < lines.length; i++) {
      const line = lines[i]!;
      const match = key.exec(line);
      if (match && match[1]!.length > parentIndent) {
        found = i;
        parentIndent = match[1]!.length;
        break;
      }
      if (inline.test(line)) {
        found = i;
        break;
      }
    }
    if (found === undefined) return undefined;
    from = found;
  }
  return found === undefined ? undefined : found + 1;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
