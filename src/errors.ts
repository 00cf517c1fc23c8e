/**
 * One error class for everything vstrace reports to a user. The code is stable
 * (tests and scripts may match on it); the message says what is wrong and how to fix it.
 * Library code returns or throws these; only src/cli.ts turns them into an exit.
 */
export type ErrorCode = 'USAGE' | 'BAD_TAG' | 'BAD_PARENT' | 'BAD_CONFIG' | 'NOT_FOUND' | 'STORE' | 'SPAWN_NOT_FOUND' | 'SPAWN_NOT_EXECUTABLE';

export class VstraceError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'VstraceError';
    this.code = code;
  }
}

/**
 * True for a VstraceError from any bundle: the run path (dist/cli.js) and the
 * commander chunk (dist/program.js) each carry their own copy of the class,
 * so `instanceof` alone would miss errors thrown across the chunk boundary.
 */
export function isVstraceError(error: unknown): error is VstraceError {
  return error instanceof VstraceError || (error instanceof Error && error.name === 'VstraceError' && typeof (error as { code?: unknown }).code === 'string');
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: VstraceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: new VstraceError(code, message),
});

/** A result's value, or its error thrown: for commands, whose errors end them with their one-line message. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** A short, single-line description of anything thrown, for warnings. */
export function describe(error: unknown): string {
  if (isVstraceError(error)) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * An input as an error message shows it: quoted, control characters and line
 * breaks escaped (JSON style), cut at `max` characters — so a message about
 * any input, however odd, stays one readable line.
 */
export function quote(raw: string, max = 80): string {
  const chars = [...raw];
  const shown = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : raw;
  return JSON.stringify(shown).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
