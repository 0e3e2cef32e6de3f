// Channel decomposition of a convolution (Jaderberg et al. 2014's second scheme, Denton et al.
// 2014's "monochromatic"/bi-clustering relatives): a kh×kw convolution from C_in to C_out channels
// becomes a kh×kw convolution to r channels followed by a 1×1 convolution to C_out, from the SVD
// of the kernel unfolded to (kh·kw·C_in)×C_out.
import { layerCost } from '../cost';
import { factorsFromSvd, truncatedSvd, truncationError, type SvdOptions } from './svd';

/** A conv kernel's shape in tfjs order: [kh, kw, C_in, C_out]. */
export type KernelShape = [number, number, number, number];

export interface ChannelDecomposition {
  rank: number;
  /** The kh×kw kernel to r channels, [kh, kw, C_in, r] row-major (U_r·diag(√s)). */
  first: Float64Array;
  /** The 1×1 kernel from r channels, [1, 1, r, C_out] row-major (diag(√s)·V_rᵀ). */
  second: Float64Array;
  /** Every singular value of the unfolded kernel, descending (min(kh·kw·C_in, C_out) of them). */
  s: Float64Array;
  /** Eckart–Young: ‖K − first·second‖_F = √(Σ of the dropped s²). */
  error: number;
  /** error / ‖K‖_F. */
  relativeError: number;
}

/**
 * The best rank-r channel decomposition of `kernel` ([kh, kw, C_in, C_out] row-major, tfjs's
 * layout, so it is already the (kh·kw·C_in)×C_out unfolding). Convolving with `first` and then
 * with `second` equals convolving with their product, which is the rank-r approximation of K.
 */
export function channelDecomposition(kernel: ArrayLike<number>, shape: KernelShape, rank: number, options?: SvdOptions): ChannelDecomposition {
  const [kh, kw, cin, cout] = shape;
  const rows = kh * kw * cin;
  if (kernel.length !== rows * cout) throw new Error(`channelDecomposition: ${kernel.length} values for a [${shape.join(', ')}] kernel`);
  const full = Math.min(rows, cout);
  if (!Number.isInteger(rank) || rank < 1 || rank > full) throw new Error(`the rank must be a whole number from 1 to ${full}, got ${rank}`);
  const svd = truncatedSvd(kernel, rows, cout, full, { ...options, method: 'exact' });
  const { left, right } = factorsFromSvd(svd, rank);
  const error = truncationError(svd.s, rank);
  return { rank, first: left, second: right, s: svd.s, error, relativeError: error / truncationError(svd.s, 0) };
}

export interface ConvPairCost {
  /** Weights and biases of the convolution as it is, and of the rank-r pair (bias on the 1×1 only). */
  params: number;
  factoredParams: number;
  /** Multiply-accumulates per image, before and after. */
  macs: number;
  factoredMacs: number;
}

/** Parameters and MACs of a convolution on an [H, W, C_in] input against its rank-r channel decomposition. */
export function channelDecompositionCost(inputShape: [number, number, number], shape: KernelShape, rank: number, padding: 'same' | 'valid' = 'valid'): ConvPairCost {
  const [kh, kw, , cout] = shape;
  const whole = layerCost({ kind: 'conv2d', inputShape, filters: cout, kernelSize: [kh, kw], padding });
  const first = layerCost({ kind: 'conv2d', inputShape, filters: rank, kernelSize: [kh, kw], padding, useBias: false });
  const [h, w] = first.outputShape;
  const second = layerCost({ kind: 'conv2d', inputShape: [h, w, rank], filters: cout, kernelSize: [1, 1] });
  return { params: whole.params, factoredParams: first.params + second.params, macs: whole.macs, factoredMacs: first.macs + second.macs };
}
