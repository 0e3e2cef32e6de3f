// Winograd's minimal filtering F(m×m, 3×3) as used for convnets by Lavin & Gray (2016):
// Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A computes an m×m output tile from an (m+2)×(m+2) input tile d and
// a 3×3 filter g with (m+2)² multiplications instead of 9m².

export interface WinogradMatrices {
  /** m×(m+2): the inverse (output) transform. */
  AT: number[][];
  /** (m+2)×3: the filter transform. */
  G: number[][];
  /** (m+2)×(m+2): the data transform. */
  BT: number[][];
}

export type WinogradTile = 2 | 4;

const MATRICES: Record<WinogradTile, WinogradMatrices> = {
  // F(2, 3) with interpolation points 0, 1, −1 and ∞: Lavin & Gray's equation (7).
  2: {
    AT: [[1, 1, 1, 0], [0, 1, -1, -1]],
    G: [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]],
    BT: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]],
  },
  // F(4, 3) with points 0, 1, −1, 2, −2 and ∞ (Lavin & Gray §4.2).
  4: {
    AT: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]],
    G: [[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6], [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]],
    BT: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]],
  },
};

/** The transforms of F(m×m, 3×3) for m = 2 or 4 (copies; the caller may change them). */
export function winogradMatrices(m: WinogradTile): WinogradMatrices {
  const found = MATRICES[m];
  if (!found) throw new Error(`winograd: tile size must be 2 or 4, got ${m}`);
  return { AT: found.AT.map((r) => [...r]), G: found.G.map((r) => [...r]), BT: found.BT.map((r) => [...r]) };
}

/** Rounds every intermediate value (e.g. to fp16); identity by default. */
export type Rounder = (x: number) => number;

const same: Rounder = (x) => x;

/** P·X·Qᵀ for small dense matrices, each result rounded by `round`. */
function sandwich(p: number[][], x: number[][], q: number[][], round: Rounder): number[][] {
  const px = p.map((row) => x[0].map((_, j) => round(row.reduce((t, v, k) => t + v * x[k][j], 0))));
  return px.map((row) => q.map((qr) => round(row.reduce((t, v, k) => t + v * qr[k], 0))));
}

export interface WinogradSteps {
  /** V = Bᵀ d B, (m+2)×(m+2). */
  V: number[][];
  /** U = G g Gᵀ, (m+2)×(m+2). */
  U: number[][];
  /** M = U ⊙ V: the only multiplications that involve both data and filter, (m+2)² of them. */
  M: number[][];
  /** Y = Aᵀ M A, the m×m output tile. */
  Y: number[][];
}

/** Every step of one tile: `d` is (m+2)×(m+2) input, `g` the 3×3 filter; `round` is applied after each operation. */
export function winogradTile(d: number[][], g: number[][], m: WinogradTile, round: Rounder = same): WinogradSteps {
  const { AT, G, BT } = winogradMatrices(m);
  const t = m + 2;
  if (d.length !== t || d.some((r) => r.length !== t)) throw new Error(`winograd: F(${m}×${m}, 3×3) needs a ${t}×${t} input tile`);
  if (g.length !== 3 || g.some((r) => r.length !== 3)) throw new Error('winograd: the filter must be 3×3');
  const V = sandwich(BT, d.map((r) => r.map(round)), BT, round);
  const U = sandwich(G, g.map((r) => r.map(round)), G, round);
  const M = U.map((row, i) => row.map((u, j) => round(u * V[i][j])));
  return { V, U, M, Y: sandwich(AT, M, AT, round) };
}

export interface WinogradResult {
  /** (h−2)×(w−2) valid cross-correlation, row-major. */
  output: Float64Array;
  /** Element-wise products used: (m+2)² per tile. */
  multiplications: number;
  /** The direct loop's count for the same output: 9 per output pixel. */
  directMultiplications: number;
}

/**
 * The valid 3×3 cross-correlation of `image` (h×w row-major) with `kernel` (3×3 row-major, as
 * conv2d in tfjs), computed tile by tile with F(m×m, 3×3). Tiles past the edge read zeros and
 * their extra outputs are dropped (they still count as multiplications).
 */
export function winogradConv2d(image: ArrayLike<number>, h: number, w: number, kernel: ArrayLike<number>, m: WinogradTile, round: Rounder = same): WinogradResult {
  if (image.length !== h * w) throw new Error(`winograd: ${image.length} values for a ${h}×${w} image`);
  if (kernel.length !== 9) throw new Error('winograd: the kernel must have 9 values (3×3)');
  if (h < 3 || w < 3) throw new Error('winograd: the image must be at least 3×3');
  const outH = h - 2;
  const outW = w - 2;
  const g = [0, 1, 2].map((r) => [0, 1, 2].map((c) => kernel[r * 3 + c]));
  const output = new Float64Array(outH * outW);
  let multiplications = 0;
  for (let ty = 0; ty < outH; ty += m) for (let tx = 0; tx < outW; tx += m) {
    const d = Array.from({ length: m + 2 }, (_, r) => Array.from({ length: m + 2 }, (_, c) => {
      const y = ty + r;
      const x = tx + c;
      return y < h && x < w ? image[y * w + x] : 0;
    }));
    const { Y } = winogradTile(d, g, m, round);
    multiplications += (m + 2) ** 2;
    for (let r = 0; r < m && ty + r < outH; r++) for (let c = 0; c < m && tx + c < outW; c++) output[(ty + r) * outW + tx + c] = Y[r][c];
  }
  return { output, multiplications, directMultiplications: 9 * outH * outW };
}

/** The direct valid 3×3 cross-correlation, 9 multiplications per output: the reference Winograd must equal. */
export function directConv3x3(image: ArrayLike<number>, h: number, w: number, kernel: ArrayLike<number>, round: Rounder = same): Float64Array {
  const out = new Float64Array((h - 2) * (w - 2));
  for (let y = 0; y < h - 2; y++) for (let x = 0; x < w - 2; x++) {
    let sum = 0;
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) sum = round(sum + round(round(image[(y + ky) * w + x + kx]) * round(kernel[ky * 3 + kx])));
    out[y * (w - 2) + x] = sum;
  }
  return out;
}
