import { useEffect, useSyncExternalStore } from 'react';

/**
 * Numbers widgets measure on the page (an accuracy, a compression ratio), posted under a name so
 * that "predict, then measure" exercises can compare them with the reader's prediction. Kept in
 * memory for the page's lifetime; the last measurement of each name wins.
 */
export interface Measurement {
  value: number;
  /** The widget settings it was measured with, compared with an exercise's `where`. */
  settings: Record<string, string>;
}

const latest = new Map<string, Measurement>();
const listeners = new Set<() => void>();

/** Records a measurement and tells the exercises that read it. */
export function postMeasurement(key: string, value: number, settings: Record<string, string> = {}): void {
  if (!Number.isFinite(value)) return;
  latest.set(key, { value, settings });
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The latest measurement posted under `key`, re-rendering when a new one arrives. */
export function useMeasurement(key: string): Measurement | undefined {
  return useSyncExternalStore(subscribe, () => latest.get(key));
}

/** Posts `value` (when defined) under `key` each time it or its settings change: one line in a widget. */
export function usePostMeasurement(key: string, value: number | undefined, settings: Record<string, string> = {}): void {
  const settingsKey = JSON.stringify(settings);
  useEffect(() => {
    if (value !== undefined) postMeasurement(key, value, JSON.parse(settingsKey) as Record<string, string>);
  }, [key, value, settingsKey]);
}
