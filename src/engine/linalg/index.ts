export { checkShape, matMul, matMulTransposedA, gram, transpose, orthonormaliseColumns, engineProduct, type MatrixProduct } from './dense';
export { choleskyLower, invertLower, upperCholeskyOfInverse } from './cholesky';
