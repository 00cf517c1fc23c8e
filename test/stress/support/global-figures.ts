/** Vitest global teardown: the per-suite figures of this and earlier runs become test-artifacts/reliability.json. */
export async function teardown(): Promise<void> {
  const script: string = '../../../scripts/reliability.mjs';
  const { mergeFigures } = (await import(script)) as { mergeFigures: () => unknown };
  mergeFigures();
}
