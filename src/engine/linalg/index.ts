export { checkShape, matMul, matMulTransposedB, gram, transpose, orthonormaliseColumns, engineProduct, type MatrixProduct } from './dense';
export { choleskyLower, invertLower, upperCholeskyOfInverse } from './cholesky';
