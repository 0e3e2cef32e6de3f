/**
 * Pruning schedules: target sparsity as a function of the training step t.
 * Every schedule starts at `initialSparsity` s_i before `startStep` t0 and reaches
 * `finalSparsity` s_f after its last pruning event; sparsity changes only at pruning events,
 * every `frequency` (Δt) steps, and holds in between.
 */
import { checkSparsity } from './sparsity';

export type ScheduleName = 'oneShot' | 'iterative' | 'polynomial';

export interface PruningSchedule {
  kind: ScheduleName;
  /** s_i, the sparsity before pruning starts (usually 0). */
  initialSparsity: number;
  /** s_f, the sparsity at the end. */
  finalSparsity: number;
  /** t0, the step of the first pruning event. */
  startStep: number;
  /** n, the number of pruning steps (ignored by oneShot). */
  pruningSteps: number;
  /** Δt, training steps between pruning events. */
  frequency: number;
}

/** Number of whole Δt periods since t0, clamped to [0, limit]. */
function eventsSince(s: PruningSchedule, step: number, limit: number): number {
  return Math.min(limit, Math.floor((step - s.startStep) / s.frequency));
}

/** Each schedule maps (schedule, step ≥ t0) to a sparsity. */
export const SCHEDULES: Record<ScheduleName, (s: PruningSchedule, step: number) => number> = {
  /** Prune to s_f at t0 in one go. */
  oneShot: (s) => s.finalSparsity,
  /**
   * Han et al. 2015 iterative pruning: n equal increments at t0, t0 + Δt, …, t0 + (n−1)Δt,
   * with retraining in between: s = s_i + (s_f − s_i)(j + 1)/n after event j.
   */
  iterative: (s, step) => s.initialSparsity + ((s.finalSparsity - s.initialSparsity) * (eventsSince(s, step, s.pruningSteps - 1) + 1)) / s.pruningSteps,
  /**
   * Zhu & Gupta 2017 gradual pruning: s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³ for
   * t ∈ {t0, t0 + Δt, …, t0 + nΔt}; fast at first, slowing down as the network has fewer
   * redundant weights left.
   */
  polynomial: (s, step) => {
    const t = s.startStep + eventsSince(s, step, s.pruningSteps) * s.frequency;
    const progress = (t - s.startStep) / (s.pruningSteps * s.frequency);
    return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * (1 - progress) ** 3;
  },
};

function checkSchedule(s: PruningSchedule): void {
  if (!(s.kind in SCHEDULES)) throw new Error(`unknown schedule: ${s.kind}`);
  checkSparsity(s.initialSparsity);
  checkSparsity(s.finalSparsity);
  if (!Number.isInteger(s.pruningSteps) || s.pruningSteps < 1) throw new Error(`pruningSteps must be a whole number ≥ 1, got ${s.pruningSteps}`);
  if (!(s.frequency > 0)) throw new Error(`frequency (steps between pruning events) must be > 0, got ${s.frequency}`);
  if (!Number.isFinite(s.startStep)) throw new Error(`startStep must be a number, got ${s.startStep}`);
}

/** Target sparsity at training step `step` (s_i before t0). */
export function sparsityAt(schedule: PruningSchedule, step: number): number {
  checkSchedule(schedule);
  if (Number.isNaN(step)) throw new Error('step must be a number, got NaN');
  if (step < schedule.startStep) return schedule.initialSparsity;
  return SCHEDULES[schedule.kind](schedule, step);
}
