// Pipeline parallelism as in GPipe (Huang et al. 2019): the layers are cut into `stages` on
// different devices and each batch into `microbatches`; every stage runs the forward passes of all
// micro-batches, then the backward passes, and waits while the pipeline fills and drains.

function checkPipeline(stages: number, microbatches: number): void {
  if (!Number.isInteger(stages) || stages < 1) throw new Error(`the number of stages must be a whole number of at least 1 (got ${stages})`);
  if (!Number.isInteger(microbatches) || microbatches < 1) throw new Error(`the number of micro-batches must be a whole number of at least 1 (got ${microbatches})`);
}

/** The fraction of time each stage idles: GPipe's bubble (p − 1) / (m + p − 1). */
export function pipelineBubbleFraction(stages: number, microbatches: number): number {
  checkPipeline(stages, microbatches);
  return (stages - 1) / (microbatches + stages - 1);
}

export interface PipelineSlot {
  stage: number;
  microbatch: number;
  pass: 'forward' | 'backward';
  /** Start time in slots; every pass takes one slot. */
  start: number;
}

/**
 * The GPipe schedule with one time slot per pass: micro-batch j's forward pass runs on stage s at
 * slot s + j; after the last forward, the backward passes run from the last stage back to the first.
 * The whole step takes 2(m + p − 1) slots, of which each stage is busy 2m.
 */
export function pipelineSchedule(stages: number, microbatches: number): { slots: PipelineSlot[]; length: number } {
  checkPipeline(stages, microbatches);
  const forwardEnd = microbatches + stages - 1;
  const slots: PipelineSlot[] = [];
  for (let s = 0; s < stages; s++) {
    for (let j = 0; j < microbatches; j++) {
      slots.push({ stage: s, microbatch: j, pass: 'forward', start: s + j });
      slots.push({ stage: s, microbatch: j, pass: 'backward', start: forwardEnd + (stages - 1 - s) + j });
    }
  }
  return { slots, length: 2 * forwardEnd };
}
