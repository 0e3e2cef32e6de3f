// Adam (Kingma & Ba 2015) as one pass over typed arrays, with tfjs's arithmetic: tf.train.adam
// runs about a dozen float32 tensor ops per variable, each rounding its result to float32, and
// keeps β₁ᵗ and β₂ᵗ as float32 products updated once per step. Doing each of those roundings here
// (Math.fround, or a store to a Float32Array) gives the same bits as tfjs, in one read of the
// gradient and one write of the weights.

export interface AdamSettings {
  learningRate: number;
  /** Decay of the first moment (default 0.9, as tf.train.adam). */
  beta1?: number;
  /** Decay of the second moment (default 0.999). */
  beta2?: number;
  /** Added to √v̂ (default 1e-7, tfjs's epsilon on float32 backends). */
  epsilon?: number;
}

/** Where Adam's bias correction is: the number of this update (from 1) and β₁ᵗ, β₂ᵗ for it. */
export interface AdamStep {
  step: number;
  beta1Power: number;
  beta2Power: number;
}

const f = Math.fround;

/** The settings with their defaults, or an error naming the first unusable one. */
export function checkAdamSettings({ learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 }: AdamSettings): Required<AdamSettings> {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`the learning rate must be a positive number (got ${learningRate})`);
  if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`β₁ must be at least 0 and below 1 (got ${beta1})`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`β₂ must be at least 0 and below 1 (got ${beta2})`);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new Error(`ε must be a positive number (got ${epsilon})`);
  return { learningRate, beta1, beta2, epsilon };
}

/**
 * The float32 constants of one update, as tfjs makes them (a JavaScript number becomes a float32
 * scalar; 1 − β is taken in float64 first): β₁, β₂, 1 − β₁, 1 − β₂, the bias corrections
 * k₁ = 1 − β₁ᵗ and k₂ = 1 − β₂ᵗ, ε and −lr. The WebAssembly kernel takes the same ones.
 */
export function adamConstants(settings: AdamSettings, at: AdamStep) {
  const { learningRate, beta1, beta2, epsilon } = checkAdamSettings(settings);
  if (!Number.isInteger(at.step) || at.step < 1) throw new Error(`the Adam step must be a whole number of at least 1 (got ${at.step})`);
  return {
    b1: f(beta1), b2: f(beta2), c1: f(1 - beta1), c2: f(1 - beta2),
    k1: f(1 - at.beta1Power), k2: f(1 - at.beta2Power), eps: f(epsilon), negLr: f(-learningRate),
  };
}

/**
 * The step after `previous` (the first step for null). The powers are float32 products, one factor
 * float32(β) per step, as tfjs accumulates them; they differ from float32(βᵗ) in the last bits after
 * a few steps, so a step is advanced rather than computed from its number.
 */
export function nextAdamStep(previous: AdamStep | null, settings: AdamSettings): AdamStep {
  const { beta1, beta2 } = checkAdamSettings(settings);
  if (!previous) return { step: 1, beta1Power: f(beta1), beta2Power: f(beta2) };
  return { step: previous.step + 1, beta1Power: f(previous.beta1Power * f(beta1)), beta2Power: f(previous.beta2Power * f(beta2)) };
}

/**
 * One Adam update of one variable. The moments `m` and `v` are updated in place; the new weights
 * go to `out` (by default `params` itself, which may also be passed as `out` to update in place):
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ),
 *   w ← w − lr · m̂ / (√v̂ + ε),
 *
 * every operation rounded to float32 in tfjs's order (the last one is (m̂ / (√v̂ + ε)) · (−lr) + w).
 */
export function adamUpdate(
  params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array,
  at: AdamStep, settings: AdamSettings, out: Float32Array = params,
): void {
  const n = params.length;
  if (grads.length !== n || m.length !== n || v.length !== n || out.length !== n) {
    throw new Error(`Adam needs weights, gradients, both moments and the output of one length (got ${n}, ${grads.length}, ${m.length}, ${v.length}, ${out.length})`);
  }
  const { b1, b2, c1, c2, k1, k2, eps, negLr } = adamConstants(settings, at);
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    const mi = f(f(m[i] * b1) + f(g * c1));
    const vi = f(f(v[i] * b2) + f(f(g * g) * c2));
    m[i] = mi;
    v[i] = vi;
    const step = f(f(mi / k1) / f(f(Math.sqrt(f(vi / k2))) + eps));
    out[i] = f(step * negLr) + params[i];
  }
}
