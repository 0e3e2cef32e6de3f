// Test accuracy of an MLP with one Dense layer replaced by its rank-k approximation, for any k,
// from the layer's cached SVD W ≈ U·S·Vᵀ: x·W_k = (x·U_k)·(S_k·V_kᵀ). The inputs the layer sees
// on the test images, projected on all K left singular vectors (P = X·U, N×K), are computed once;
// each rank then costs P[:, :k]·(S_k·V_kᵀ) and the layers after it, not a reconstruction of W_k
// and a pass through the whole network (for the teacher's 1200×1200 layer, about 14.4 G of its
// 24 G multiply-accumulates per evaluation).
import * as tf from '@tensorflow/tfjs';
import type { Svd } from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { inputShapeOf, scorePredictions, type EvaluateProgress, type LabelledImages } from './evaluate';
import { batchToTensor } from './mnist';

export interface RankEvaluator {
  /** The layer's kernel name, e.g. "dense1/kernel". */
  weight: string;
  /** Test accuracy with the layer's kernel replaced by its rank-`rank` approximation. */
  accuracy(rank: number, options?: { signal?: AbortSignal; onProgress?: (p: EvaluateProgress) => void }): Promise<number>;
}

const BATCH = 1000;

/** The model's layers split around the Dense layer `target`; only Dense and Activation layers are handled. */
function layersAround(model: tf.LayersModel, target: string) {
  const layers = model.layers;
  const other = layers.find((l) => l.getClassName() !== 'Dense' && l.getClassName() !== 'Activation');
  if (other) throw new Error(`rank evaluation here handles models of Dense layers; ${other.name} is a ${other.getClassName()}`);
  const at = layers.findIndex((l) => l.name === target);
  if (at < 0) throw new Error(`the model has no layer ${target}`);
  return { before: layers.slice(0, at), layer: layers[at], after: layers.slice(at + 1) };
}

const applyAll = (layers: tf.layers.Layer[], x: tf.Tensor) => layers.reduce((h, l) => l.apply(h) as tf.Tensor, x);

/**
 * Projects the test images' inputs to the layer whose kernel is `weight` on the singular vectors
 * in `svd` (its u, rows×K), in batches, checking `signal` between them. The evaluator holds no
 * tensors: P lives in a Float32Array, and each rank builds and frees its own.
 */
export async function rankEvaluator(model: tf.LayersModel, weight: string, svd: Svd, data: LabelledImages, options: { signal?: AbortSignal; onProgress?: (p: EvaluateProgress) => void } = {}): Promise<RankEvaluator> {
  const { before, layer, after } = layersAround(model, weight.replace(/\/kernel$/, ''));
  const shape = inputShapeOf(model);
  const K = svd.rank;
  const projected = new Float32Array(data.count * K);
  const u = tf.tensor2d(new Float32Array(svd.u), [svd.rows, K]);
  try {
    for (let first = 0; first < data.count; first += BATCH) {
      await yieldToEventLoop();
      if (options.signal?.aborted) throw abortError();
      const n = Math.min(BATCH, data.count - first);
      const p = tf.tidy(() => tf.matMul(applyAll(before, batchToTensor(data.images, first, n, shape)), u));
      projected.set(p.dataSync(), first * K);
      p.dispose();
      options.onProgress?.({ done: first + n, total: data.count });
    }
  } finally {
    u.dispose();
  }
  // Copied out, so the evaluator does not hold the model's tensors.
  const bias = layer.getWeights()[1]?.dataSync().slice() as Float32Array | undefined;
  const activation = tf.layers.activation({ activation: ((layer.getConfig() as { activation?: string }).activation ?? 'linear') as 'relu' });
  return {
    weight,
    async accuracy(rank, { signal, onProgress } = {}) {
      if (!Number.isInteger(rank) || rank < 1 || rank > K) throw new Error(`the rank must be a whole number from 1 to ${K}, got ${rank}`);
      // S_k·V_kᵀ: the first k rows of Vᵀ, each scaled by its singular value.
      const right = new Float32Array(rank * svd.cols);
      for (let j = 0; j < rank; j++) for (let c = 0; c < svd.cols; c++) right[j * svd.cols + c] = svd.s[j] * svd.vt[j * svd.cols + c];
      const r = tf.tensor2d(right, [rank, svd.cols]);
      const b = bias && tf.tensor1d(bias);
      const predictions = new Uint8Array(data.count);
      try {
        for (let first = 0; first < data.count; first += BATCH) {
          await yieldToEventLoop();
          if (signal?.aborted) throw abortError();
          const n = Math.min(BATCH, data.count - first);
          const classes = tf.tidy(() => {
            const p = tf.tensor2d(projected.subarray(first * K, (first + n) * K), [n, K]);
            const z = tf.matMul(rank < K ? p.slice([0, 0], [n, rank]) : p, r);
            return applyAll(after, activation.apply(b ? z.add(b) : z) as tf.Tensor).argMax(-1);
          });
          predictions.set(classes.dataSync(), first);
          classes.dispose();
          onProgress?.({ done: first + n, total: data.count });
        }
      } finally {
        r.dispose();
        b?.dispose();
      }
      return scorePredictions(predictions, data.labels.subarray(0, data.count)).accuracy;
    },
  };
}
