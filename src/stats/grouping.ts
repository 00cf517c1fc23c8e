/** How `stats --by` groups spans: by type, by name, or by the value of one tag. Pure. */
export type GroupBy = { kind: 'type' } | { kind: 'name' } | { kind: 'tag'; key: string };

export const NO_VALUE = '(none)';

export function parseGroupBy(text: string): GroupBy {
  if (text === 'type' || text === 'name') return { kind: text };
  if (text.startsWith('tag:') && text.length > 4) return { kind: 'tag', key: text.slice(4) };
  throw new Error(`"${text}" cannot group: use type, name or tag:KEY (e.g. --by tag:service)`);
}

export const describeGroupBy = (by: GroupBy): string => (by.kind === 'tag' ? `tag ${by.key}` : by.kind);
