// Adam for trainModel without tfjs's dozen tensor ops per variable and step: on the wasm and cpu
// backends each update reads the gradient and the weights once, runs the engine's Adam kernel
// (WebAssembly SIMD, the moments in its memory), and writes the weights once. Same bits as
// tf.train.adam (fusedAdam.test.ts). On webgl the weights live on the GPU and tfjs's Adam stays.
import * as tf from '@tensorflow/tfjs';
import { adamKernel, nextAdamStep, type AdamKernel, type AdamSettings, type AdamStep } from '../../engine';
import { tensorOf, tensorsInCpuMemory, valuesOf } from './tensorValues';

/** What trainModel asks of an optimizer. */
export type StepOptimizer = Pick<tf.Optimizer, 'applyGradients' | 'dispose'>;

/** Adam with learning rate `lr` and tfjs's other defaults: fused on wasm and cpu, tfjs's elsewhere. */
export function adam(lr: number): StepOptimizer {
  return tensorsInCpuMemory() ? new FusedAdam({ learningRate: lr }) : tf.train.adam(lr);
}

/**
 * Moments start at zero for each variable on its first update, as tf.train.adam's do, and live
 * in the engine's kernel (WebAssembly memory) until the optimizer is dropped.
 */
export class FusedAdam implements StepOptimizer {
  private readonly kernel: AdamKernel;
  private readonly slots = new Map<string, number>();
  private at: AdamStep | null = null;

  /** `simd: false` runs the engine's TypeScript loop instead of its WebAssembly kernel (for benches and tests). */
  constructor(private readonly settings: AdamSettings, options: { simd?: boolean } = {}) {
    this.kernel = adamKernel(settings, options);
  }

  /** Updates the registered variable of each gradient's name; one step of Adam's bias correction per call. */
  applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    this.at = nextAdamStep(this.at, this.settings);
    for (const [name, grad] of Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor] as const) : Object.entries(grads)) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`Adam got a gradient for ${name}, which is not a variable`);
      if (variable.dtype !== 'float32' || grad.dtype !== 'float32') throw new Error(`Adam updates float32 weights only (${name} is ${variable.dtype}, its gradient ${grad.dtype})`);
      let slot = this.slots.get(name);
      if (slot === undefined) this.slots.set(name, (slot = this.kernel.add(variable.size)));
      const weights = this.kernel.update(slot, valuesOf(variable), valuesOf(grad), this.at);
      // The kernel overwrites `weights` at the next update: tensorOf copies it.
      const next = tensorOf(weights, variable.shape);
      variable.assign(next);
      next.dispose();
    }
  }

  /** Nothing to free: no tensors are kept, and the kernel's WebAssembly memory goes with the optimizer. */
  dispose(): void {}
}
