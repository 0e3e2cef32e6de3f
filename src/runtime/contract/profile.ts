// Where a worker job's time went, by phase. No tfjs here.

/** One phase's own time (nested phases excluded) and how many times it ran. */
export interface PhaseTime {
  ms: number;
  count: number;
}

/**
 * A queued job's profile: its wall time and its phases (training steps split into data, forward,
 * backward, optimizer, hooks and progress; evaluation passes; k-means; the teacher's logits…).
 * `other` is the wall time no phase claimed (loading, building, copying weights).
 */
export interface JobProfile {
  job: string;
  ms: number;
  phases: Record<string, PhaseTime>;
}

/** The User Timing entry a job's profile is published under in the worker (`performance.measure`). */
export const PROFILE_MEASURE_PREFIX = 'job ';
