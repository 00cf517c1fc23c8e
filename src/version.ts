/** Replaced at bundle time with package.json's version (see scripts/build.mjs). */
declare const __VSTRACE_VERSION__: string | undefined;
export const VERSION: string = typeof __VSTRACE_VERSION__ === 'string' ? __VSTRACE_VERSION__ : '0.0.0-dev';
