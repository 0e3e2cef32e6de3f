// Mixed-precision training simulated on real gradients: tfjs computes in fp32, and these hooks of
// `trainModel` round what a mixed-precision run would hold in a narrow format (the weights the
// forward pass sees, the weight gradients) with the engine's casts, keep an fp32 master copy when
// asked, and scale the loss dynamically with the engine's nextLossScale. Activations and their
// gradients stay fp32: the simulation covers the weights and weight gradients only.
import * as tf from '@tensorflow/tfjs';
import { castTensor, nextLossScale, type CastFormat, type LossScaleState } from '../../engine';
import type { PrecisionRecipe } from '../contract/training';
import type { TrainHooks } from './train';

export interface PrecisionStats {
  /** Loss scale at the last step (1 without scaling). */
  scale: number;
  /** Whether the last step was skipped for an overflow. */
  skipped: boolean;
  /** Fraction of the last step's non-zero weight gradients that rounded to zero. */
  flushed: number;
  /** Fraction of the last step's non-zero updates that rounding the weights undid. */
  lost: number;
}

/** A copy of `t` rounded to `format` (the engine's cast), same shape. */
function castCopy(t: tf.Tensor, format: CastFormat): tf.Tensor {
  return tf.tensor(castTensor(t.dataSync(), format), t.shape);
}

/** Writes `t` rounded to `format` into variable `v`. */
function assignCast(v: tf.Variable, format: CastFormat): void {
  const c = castCopy(v, format);
  v.assign(c);
  c.dispose();
}

/**
 * Hooks of `trainModel` that run `model` under `recipe`, and the statistics of the last step.
 * Without a master copy the weights are rounded to the format at the start and after every update,
 * so an update smaller than half the weight's spacing is lost. With one, the forward pass sees
 * the rounded weights and the update goes to the fp32 values. Call `finish()` after training:
 * it leaves the weights as the run stores them for inference (rounded to the format).
 */
export function precisionHooks(model: tf.LayersModel, recipe: PrecisionRecipe, scaling: { initialScale: number; growthInterval: number }) {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let scaleState: LossScaleState = { scale: recipe.scaling ? scaling.initialScale : 1, goodSteps: 0 };
  const stats: PrecisionStats = { scale: scaleState.scale, skipped: false, flushed: 0, lost: 0 };
  let master: tf.Tensor[] = [];
  let before: Float32Array[] = [];
  const weights = recipe.weights;
  if (weights && !recipe.master) for (const v of variables) assignCast(v, weights);

  const hooks: TrainHooks = {
    beforeStep() {
      if (!weights) return;
      if (recipe.master) {
        master = variables.map((v) => v.clone());
        for (const v of variables) assignCast(v, weights);
      } else {
        before = variables.map((v) => v.dataSync().slice() as Float32Array);
      }
    },
    lossScale: () => scaleState.scale,
    gradients(grads) {
      stats.scale = scaleState.scale;
      let nonZero = 0;
      let flushed = 0;
      let overflow = false;
      const out: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        const values = g.dataSync();
        const cast = recipe.gradients ? castTensor(values, recipe.gradients) : (values as Float32Array);
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== 0) {
            nonZero++;
            if (cast[i] === 0) flushed++;
          }
          if (!Number.isFinite(cast[i])) overflow = true;
        }
        out[name] = tf.tidy(() => tf.div(tf.tensor(cast, g.shape), scaleState.scale));
      }
      stats.flushed = nonZero > 0 ? flushed / nonZero : 0;
      if (recipe.master && weights) {
        variables.forEach((v, i) => v.assign(master[i]));
        tf.dispose(master);
        master = [];
      }
      if (recipe.scaling) scaleState = nextLossScale(scaleState, overflow, { growthInterval: scaling.growthInterval });
      stats.skipped = recipe.scaling && overflow;
      tf.dispose(grads);
      if (stats.skipped) {
        tf.dispose(out);
        return null;
      }
      return out;
    },
    afterStep() {
      if (!weights || recipe.master) return;
      let changed = 0;
      let lost = 0;
      variables.forEach((v, i) => {
        const updated = v.dataSync();
        const rounded = castTensor(updated, weights);
        for (let k = 0; k < rounded.length; k++) {
          if (updated[k] !== before[i][k]) {
            changed++;
            if (rounded[k] === before[i][k]) lost++;
          }
        }
        const t = tf.tensor(rounded, v.shape);
        v.assign(t);
        t.dispose();
      });
      before = [];
      stats.lost = changed > 0 ? lost / changed : 0;
    },
  };

  return {
    hooks,
    stats,
    finish() {
      tf.dispose(master);
      master = [];
      if (weights) for (const v of variables) assignCast(v, weights);
    },
  };
}
