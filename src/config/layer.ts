/**
 * One source's contribution to the settings: a list of (settings key, typed
 * value, where it came from). The configuration layer merges layers in
 * precedence order and keeps each winning entry's source for `vstrace config`.
 * Keys are dotted paths into Settings (`service`, `export.protocol`, …).
 */
export interface LayerEntry {
  key: string;
  value: unknown;
  /** `flag --service`, `env OTEL_SERVICE_NAME`, `/path/.vstracerc.yaml`, `default`. */
  source: string;
}

export interface Layer {
  entries: LayerEntry[];
  /** Values that could not be used, each a complete one-line message. */
  problems: string[];
  /** Values that were used, or read as a standard says, but not as one might expect: said, never an error. */
  notices: string[];
}

export const emptyLayer = (): Layer => ({ entries: [], problems: [], notices: [] });
