export { checkShape, matMul, matMulTransposedA, gram, transpose, orthonormaliseColumns } from './dense';
export { choleskyLower, invertLower, upperCholeskyOfInverse } from './cholesky';
