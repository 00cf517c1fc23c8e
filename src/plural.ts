/** A count with its noun, in the singular for one: `1 span`, `3 spans`, `0 spans`. */
export const plural = (count: number, noun: string): string => `${count} ${count === 1 ? noun : `${noun}s`}`;
