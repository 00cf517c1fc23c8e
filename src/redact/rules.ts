/** What a hidden secret is replaced with, everywhere. */
export const REDACTED = '[REDACTED]';
