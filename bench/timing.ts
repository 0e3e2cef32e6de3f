// Timing helpers shared by the benches: report ratios against a baseline measured in the same run.

/** Best (smallest) wall time of `repeats` calls of fn after one warm-up call, in ms, and fn's result. */
export function bestTime<T>(fn: () => T, repeats = 3): { ms: number; result: T } {
  let result = fn();
  let ms = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms: +ms.toFixed(2), result };
}

/** The middle value of xs (the upper one of the two middles for an even count). */
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** count / seconds, rounded. */
export const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));

/** a / b to three decimals. */
export const ratio = (a: number, b: number) => +(a / b).toFixed(3);
