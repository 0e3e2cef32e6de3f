/**
 * Compressed sparse row (CSR) storage of a rows × cols row-major matrix: the non-zero values row
 * by row, the column of each, and rowPtr[r] … rowPtr[r + 1] delimiting row r (2a + n + 1
 * numbers for a non-zeros and n rows, as Han et al. 2015 count it).
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** rows + 1 offsets into colIndex / values. */
  rowPtr: Uint32Array;
  colIndex: Uint32Array;
  values: Float32Array;
}

function checkDims(length: number, rows: number, cols: number, what: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw new Error(`${what} dimensions must be whole numbers, got ${rows} × ${cols}`);
  if (rows * cols !== length) throw new Error(`${what} of ${rows} × ${cols} needs ${rows * cols} values, got ${length}`);
}

/** CSR form of a dense row-major matrix; entries equal to 0 are dropped. */
export function csrFromDense(weights: ArrayLike<number>, rows: number, cols: number): CsrMatrix {
  checkDims(weights.length, rows, cols, 'a matrix');
  let nnz = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] !== 0) nnz++;
  const rowPtr = new Uint32Array(rows + 1);
  const colIndex = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = weights[r * cols + c];
      if (v !== 0) {
        colIndex[k] = c;
        values[k++] = v;
      }
    }
    rowPtr[r + 1] = k;
  }
  return { rows, cols, rowPtr, colIndex, values };
}

/** The dense row-major matrix a CSR matrix stands for. */
export function csrToDense(csr: CsrMatrix): Float32Array {
  const out = new Float32Array(csr.rows * csr.cols);
  for (let r = 0; r < csr.rows; r++) {
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) out[r * csr.cols + csr.colIndex[k]] = csr.values[k];
  }
  return out;
}

/**
 * The CSR form of Aᵀ (cols × rows), by counting the entries of each column: every row of the
 * result keeps its entries in A's row order.
 */
export function csrTranspose(csr: CsrMatrix): CsrMatrix {
  const nnz = csr.values.length;
  const rowPtr = new Uint32Array(csr.cols + 1);
  for (let k = 0; k < nnz; k++) rowPtr[csr.colIndex[k] + 1]++;
  for (let c = 0; c < csr.cols; c++) rowPtr[c + 1] += rowPtr[c];
  const next = rowPtr.slice(0, csr.cols);
  const colIndex = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r < csr.rows; r++) {
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) {
      const at = next[csr.colIndex[k]]++;
      colIndex[at] = r;
      values[at] = csr.values[k];
    }
  }
  return { rows: csr.cols, cols: csr.rows, rowPtr, colIndex, values };
}

/**
 * Sparse × dense product: C [rows, denseCols] = A (CSR, [rows, cols]) · B [cols, denseCols],
 * all row-major. Work is proportional to nnz · denseCols, not rows · cols · denseCols.
 */
export function csrMatMul(csr: CsrMatrix, dense: Float32Array, denseCols: number): Float32Array {
  checkDims(dense.length, csr.cols, denseCols, 'the dense operand');
  const out = new Float32Array(csr.rows * denseCols);
  const acc = new Float64Array(denseCols);
  for (let r = 0; r < csr.rows; r++) {
    acc.fill(0);
    for (let k = csr.rowPtr[r]; k < csr.rowPtr[r + 1]; k++) {
      const a = csr.values[k];
      const base = csr.colIndex[k] * denseCols;
      for (let j = 0; j < denseCols; j++) acc[j] += a * dense[base + j];
    }
    out.set(acc, r * denseCols);
  }
  return out;
}
