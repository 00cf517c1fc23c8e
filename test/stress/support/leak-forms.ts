/** The ways a secret can show up in text: as is, JSON-escaped, and its distinctive middle (a partial leak). */
export function leakForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const middle = secret.length >= 16 ? [secret.slice(4, -4)] : [];
  return [...new Set([secret, escaped, ...middle])];
}
