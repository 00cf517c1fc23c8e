/** A count with its noun, in the singular for one: `1 span`, `3 spans`, `0 spans`; `many` for a noun not made plural with -s. */
export const plural = (count: number, noun: string, many = `${noun}s`): string => `${count} ${count === 1 ? noun : many}`;
