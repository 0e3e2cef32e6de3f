/**
 * An output-stationary systolic array (Kung & Leiserson 1978; the TPU's array is weight-stationary,
 * Jouppi et al. 2017) of rows × cols processing elements (PEs), simulated cycle by cycle.
 *
 * PE (i, j) owns one output c[i][j] and keeps its sum in place. Row i of A enters from the left
 * edge, delayed by i cycles; column j of B enters from the top, delayed by j cycles; every cycle
 * each PE multiplies the a and b it holds, adds the product to its sum, and passes a to the right
 * and b down. So PE (i, j) sees a[i][s] and b[s][j] together at cycle s + i + j, and a tile of
 * r × c outputs over an inner dimension k is finished after
 *
 *   cycles per tile = k + r + c − 2
 *
 * (k cycles of streaming, r − 1 + c − 1 of skew). Tiles run one after another; reading the sums
 * out is not counted (real arrays overlap it with the next tile).
 */

export interface ArrayShape {
  /** PE rows: output rows (rows of A) handled at once. */
  rows: number;
  /** PE columns: output columns (columns of B) handled at once. */
  cols: number;
}

function requireCount(value: number, what: string, min = 1): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
}

/** One tile on the array, advanced one cycle at a time; its state is public for drawing. */
export class SystolicTile {
  /** Cycles run so far. */
  cycle = 0;
  /** The a value each PE holds this cycle (row-major, rows × cols), NaN when it holds none. */
  readonly a: Float64Array;
  /** The b value each PE holds this cycle, NaN when none. */
  readonly b: Float64Array;
  /** Each PE's running sum. */
  readonly acc: Float64Array;
  /** Multiply-accumulates each PE has done. */
  readonly macs: Int32Array;

  /**
   * `aRows(i, s)` is A's element (row i, column s) of the tile and `bCols(s, j)` B's element
   * (row s, column j); the tile has `r` ≤ rows × `c` ≤ cols outputs and inner dimension `k`.
   */
  constructor(
    readonly shape: ArrayShape,
    readonly r: number,
    readonly c: number,
    readonly k: number,
    private readonly aAt: (i: number, s: number) => number,
    private readonly bAt: (s: number, j: number) => number,
  ) {
    const size = shape.rows * shape.cols;
    this.a = new Float64Array(size).fill(NaN);
    this.b = new Float64Array(size).fill(NaN);
    this.acc = new Float64Array(size);
    this.macs = new Int32Array(size);
  }

  /** True once every PE of the tile has done its k multiply-accumulates. */
  get done(): boolean {
    for (let i = 0; i < this.r; i++) for (let j = 0; j < this.c; j++) if (this.macs[i * this.shape.cols + j] < this.k) return false;
    return true;
  }

  /** Runs one cycle: inject at the edges, shift a right and b down, multiply-accumulate where both are present. */
  step(): void {
    const { rows, cols } = this.shape;
    const t = this.cycle;
    // Walk from the bottom-right so each PE reads its neighbour's value from the previous cycle.
    for (let i = rows - 1; i >= 0; i--) {
      for (let j = cols - 1; j >= 0; j--) {
        const p = i * cols + j;
        const sA = t - i;
        const a = j > 0 ? this.a[p - 1] : i < this.r && sA >= 0 && sA < this.k ? this.aAt(i, sA) : NaN;
        const sB = t - j;
        const b = i > 0 ? this.b[p - cols] : j < this.c && sB >= 0 && sB < this.k ? this.bAt(sB, j) : NaN;
        this.a[p] = a;
        this.b[p] = b;
        if (!Number.isNaN(a) && !Number.isNaN(b)) {
          this.acc[p] += a * b;
          this.macs[p]++;
        }
      }
    }
    this.cycle++;
  }

  /** Steps until the tile is done; returns the cycles it took. */
  run(): number {
    while (!this.done) this.step();
    return this.cycle;
  }
}

/** Cycles the array needs for an n×k by k×m product: Σ over tiles of (k + r + c − 2). */
export function systolicCycles(n: number, k: number, m: number, shape: ArrayShape): number {
  requireCount(n, 'n');
  requireCount(k, 'k');
  requireCount(m, 'm');
  requireCount(shape.rows, 'array rows');
  requireCount(shape.cols, 'array columns');
  let cycles = 0;
  for (let i0 = 0; i0 < n; i0 += shape.rows)
    for (let j0 = 0; j0 < m; j0 += shape.cols) cycles += k + Math.min(shape.rows, n - i0) + Math.min(shape.cols, m - j0) - 2;
  return cycles;
}

export interface SystolicResult {
  /** The n×m product, row-major. */
  c: Float64Array;
  /** Cycles counted by the simulation (equal to systolicCycles). */
  cycles: number;
  /** Multiply-accumulates done ÷ (cycles × PEs), in (0, 1]. */
  utilization: number;
}

/**
 * The product of A (n×k, row-major) and B (k×m, row-major) on an output-stationary systolic array,
 * computed tile by tile and cycle by cycle (see the file's comment for the data flow).
 */
export function systolicMatmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number, shape: ArrayShape): SystolicResult {
  requireCount(n, 'n');
  requireCount(k, 'k');
  requireCount(m, 'm');
  requireCount(shape.rows, 'array rows');
  requireCount(shape.cols, 'array columns');
  if (a.length !== n * k) throw new RangeError(`A has ${a.length} values, expected n·k = ${n * k}`);
  if (b.length !== k * m) throw new RangeError(`B has ${b.length} values, expected k·m = ${k * m}`);
  const c = new Float64Array(n * m);
  let cycles = 0;
  for (let i0 = 0; i0 < n; i0 += shape.rows) {
    for (let j0 = 0; j0 < m; j0 += shape.cols) {
      const r = Math.min(shape.rows, n - i0);
      const w = Math.min(shape.cols, m - j0);
      const tile = new SystolicTile(shape, r, w, k, (i, s) => a[(i0 + i) * k + s], (s, j) => b[s * m + j0 + j]);
      cycles += tile.run();
      for (let i = 0; i < r; i++) for (let j = 0; j < w; j++) c[(i0 + i) * m + j0 + j] = tile.acc[i * shape.cols + j];
    }
  }
  return { c, cycles, utilization: (n * k * m) / (cycles * shape.rows * shape.cols) };
}

/** Peak operations per second of `macs` multiply-accumulate units at `clockHz`: 2 · macs · clock (a MAC is 2 operations). */
export function peakOpsPerSecond(macs: number, clockHz: number): number {
  if (!(macs > 0) || !(clockHz > 0)) throw new RangeError(`MAC count and clock must be positive, got ${macs} and ${clockHz}`);
  return 2 * macs * clockHz;
}
