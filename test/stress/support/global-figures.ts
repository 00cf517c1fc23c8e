import { mergeFigures } from '../../../scripts/reliability.mjs';

/** Vitest global teardown: the per-suite figures of this and earlier runs become test-artifacts/reliability.json. */
export function teardown(): void {
  mergeFigures();
}
