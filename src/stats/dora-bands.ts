/**
 * DORA's performance bands for the four keys, with the thresholds of the
 * 2023 Accelerate State of DevOps Report's clusters (dora.dev/research/2023):
 *
 *   key                          elite          high              medium             low
 *   deployment frequency         on demand      daily–weekly      weekly–monthly     less often
 *   lead time for changes        < 1 day        1 day – 1 week    1 week – 1 month   longer
 *   change failure rate          ≤ 5 %          ≤ 10 %            ≤ 15 %             more
 *   failed deployment recovery   < 1 hour       < 1 day           1 day – 1 week     longer
 *
 * The report's ranges leave gaps and its low cluster overlaps medium on
 * throughput; each band here starts where the better one ends, so every
 * value has exactly one band. "On demand" is read as at least one successful
 * deployment a day on average. Pure.
 */
export type Band = 'elite' | 'high' | 'medium' | 'low';

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

export function frequencyBand(perDay: number): Band {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

export function leadTimeBand(seconds: number): Band {
  if (seconds < DAY) return 'elite';
  if (seconds <= WEEK) return 'high';
  if (seconds <= MONTH) return 'medium';
  return 'low';
}

export function failureRateBand(rate: number): Band {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function recoveryBand(seconds: number): Band {
  if (seconds < HOUR) return 'elite';
  if (seconds < DAY) return 'high';
  if (seconds <= WEEK) return 'medium';
  return 'low';
}
