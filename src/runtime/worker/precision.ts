// Mixed-precision training simulated on real gradients: tfjs computes in fp32, and these hooks of
// `trainModel` round what a mixed-precision run would hold in a narrow format (the weights the
// forward pass sees, the weight gradients) with the engine's casts, keep an fp32 master copy when
// asked, and scale the loss dynamically with the engine's nextLossScale. Activations and their
// gradients stay fp32: the simulation covers the weights and weight gradients only.
import * as tf from '@tensorflow/tfjs';
import { castTensor, nextLossScale, type CastFormat, type LossScaleState } from '../../engine';
import type { PrecisionRecipe } from '../contract/training';
import { tensorOf, valuesOf } from './tensorValues';
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

/** Makes a copy of `values` the value of `v`. */
function setValues(v: tf.Variable, values: Float32Array): void {
  const t = tensorOf(values, v.shape);
  v.assign(t);
  t.dispose();
}

/** One array per tensor name, made at its first use and reused at every step after. */
function arrays() {
  const byName = new Map<string, Float32Array>();
  return (name: string, size: number) => {
    let a = byName.get(name);
    if (!a) byName.set(name, (a = new Float32Array(size)));
    return a;
  };
}

/**
 * Hooks of `trainModel` that run `model` under `recipe`, and the statistics of the last step.
 * Without a master copy the weights are rounded to the format at the start and after every update,
 * so an update smaller than half the weight's spacing is lost. With one, the forward pass sees
 * the rounded weights and the update goes to the fp32 values. Call `finish()` after training:
 * it leaves the weights as the run stores them for inference (rounded to the format).
 * The hooks assume nothing else writes the weights during training. An fp32 recipe leaves the
 * gradients to the loop (no gradient hook).
 */
export function precisionHooks(model: tf.LayersModel, recipe: PrecisionRecipe, scaling: { initialScale: number; growthInterval: number }) {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let scaleState: LossScaleState = { scale: recipe.scaling ? scaling.initialScale : 1, goodSteps: 0 };
  const stats: PrecisionStats = { scale: scaleState.scale, skipped: false, flushed: 0, lost: 0 };
  let master: tf.Tensor[] = [];
  const weights = recipe.weights;
  const castGradients = arrays();
  // Rounded weights; without a master copy, `rounded` holds what the variables hold between steps.
  let rounded = arrays();
  let spare = arrays();

  /** Rounds `v` to the weights' format; the rounded values stay in `rounded`. */
  function assignCast(v: tf.Variable, format: CastFormat): void {
    setValues(v, castTensor(valuesOf(v), format, rounded(v.name, v.size)));
  }

  if (weights && !recipe.master) for (const v of variables) assignCast(v, weights);

  const gradients: TrainHooks['gradients'] = (grads) => {
    stats.scale = scaleState.scale;
    let nonZero = 0;
    let flushed = 0;
    let overflow = false;
    for (const [name, g] of Object.entries(grads)) {
      const values = valuesOf(g);
      const c = castGradients(name, g.size);
      if (recipe.gradients) castTensor(values, recipe.gradients, c);
      else c.set(values);
      for (let i = 0; i < c.length; i++) {
        if (values[i] !== 0) {
          nonZero++;
          if (c[i] === 0) flushed++;
        }
        if (!Number.isFinite(c[i])) overflow = true;
      }
    }
    stats.flushed = nonZero > 0 ? flushed / nonZero : 0;
    if (recipe.master && weights) {
      variables.forEach((v, i) => v.assign(master[i]));
      tf.dispose(master);
      master = [];
    }
    if (recipe.scaling) scaleState = nextLossScale(scaleState, overflow, { growthInterval: scaling.growthInterval });
    stats.skipped = recipe.scaling && overflow;
    if (stats.skipped) return null;
    // Unscaled here rather than by tf.div: the same float32 quotient (tfjs divides by the scale as a float32).
    const scale = Math.fround(stats.scale);
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) {
      const c = castGradients(name, g.size);
      if (scale !== 1) for (let i = 0; i < c.length; i++) c[i] /= scale;
      out[name] = tensorOf(c, g.shape);
    }
    tf.dispose(grads);
    return out;
  };

  const hooks: TrainHooks = {
    beforeStep() {
      if (!weights || !recipe.master) return;
      master = variables.map((v) => v.clone());
      for (const v of variables) assignCast(v, weights);
    },
    lossScale: () => scaleState.scale,
    afterStep() {
      if (!weights || recipe.master) return;
      let changed = 0;
      let lost = 0;
      [rounded, spare] = [spare, rounded];
      for (const v of variables) {
        const updated = valuesOf(v);
        const before = spare(v.name, v.size);
        const now = castTensor(updated, weights, rounded(v.name, v.size));
        for (let k = 0; k < now.length; k++) {
          if (updated[k] !== before[k]) {
            changed++;
            if (now[k] === before[k]) lost++;
          }
        }
        setValues(v, now);
      }
      stats.lost = changed > 0 ? lost / changed : 0;
    },
    ...(recipe.weights || recipe.gradients || recipe.scaling ? { gradients } : {}),
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
