// Seeded sample data for the quant tests.
import { seededRandom as seededUniform } from '../random';

/** n standard normal samples (Box–Muller). */
export function gaussianSamples(n: number, seed: number): Float32Array {
  const u = seededUniform(seed);
  return Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

/** n Laplace(0, 1) samples (inverse CDF). */
export function laplaceSamples(n: number, seed: number): Float32Array {
  const u = seededUniform(seed);
  return Float32Array.from({ length: n }, () => {
    const v = u() - 0.5;
    return -Math.sign(v) * Math.log(1 - 2 * Math.abs(v));
  });
}
