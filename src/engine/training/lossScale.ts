// Dynamic loss scaling (Micikevicius et al. 2018 name it as future work; today's frameworks all do
// it): multiply the loss by a scale so that small gradients survive the cast to fp16, lower the
// scale when the scaled gradients overflow, raise it again after a run of good steps.

export interface LossScaleState {
  /** The factor the loss (and so every gradient) is multiplied by before the cast. */
  scale: number;
  /** Consecutive steps without an overflow since the scale last changed. */
  goodSteps: number;
}

export interface LossScaleOptions {
  /** Good steps in a row after which the scale grows (default 2000). */
  growthInterval?: number;
  /** What the scale is multiplied or divided by (default 2). */
  factor?: number;
  /** The scale never drops below this (default 1). */
  minScale?: number;
}

/**
 * The loss-scale state after a step. On an overflow (an infinite or NaN gradient; the step is
 * skipped) the scale is divided by `factor`, not below `minScale`, and the count of good steps
 * restarts; after `growthInterval` good steps in a row the scale is multiplied by `factor` and the
 * count restarts.
 */
export function nextLossScale(state: LossScaleState, overflow: boolean, options: LossScaleOptions = {}): LossScaleState {
  const { growthInterval = 2000, factor = 2, minScale = 1 } = options;
  if (!(state.scale > 0) || !Number.isFinite(state.scale)) throw new Error(`the loss scale must be a positive number (got ${state.scale})`);
  if (!Number.isInteger(growthInterval) || growthInterval < 1) throw new Error(`the growth interval must be a whole number of at least 1 step (got ${growthInterval})`);
  if (!(factor > 1) || !Number.isFinite(factor)) throw new Error(`the loss-scale factor must be a number above 1 (got ${factor})`);
  if (!(minScale > 0) || !Number.isFinite(minScale)) throw new Error(`the smallest loss scale must be a positive number (got ${minScale})`);
  if (overflow) return { scale: Math.max(minScale, state.scale / factor), goodSteps: 0 };
  const goodSteps = state.goodSteps + 1;
  if (goodSteps >= growthInterval) return { scale: state.scale * factor, goodSteps: 0 };
  return { scale: state.scale, goodSteps };
}

/** Whether any value is infinite or NaN: the overflow test of dynamic loss scaling. */
export function hasOverflow(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return true;
  return false;
}
