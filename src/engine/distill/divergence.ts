import { logSoftmaxRow } from './softmax';
import { checkSameLength, checkValues, rowCount } from './rows';

/**
 * KL(p ‖ q) = Σ_i p_i · log(p_i / q_i) in nats, averaged over rows; p, q: [rows, classes]
 * probabilities. Terms with p_i = 0 count 0 (0 · log 0 = 0); p_i > 0 with q_i = 0 gives Infinity.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, classes: number): number {
  checkSameLength(p, q, 'p and q');
  const rows = rowCount(p.length, classes, 'p');
  checkValues(p, 'p', true);
  checkValues(q, 'q', true);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) total += p[i] * (Math.log(p[i]) - Math.log(q[i]));
  }
  return total / rows;
}

/**
 * Cross-entropy of soft targets t against softmax(logits): −Σ_i t_i · log softmax(z)_i in nats,
 * averaged over rows; targets and logits: [rows, classes]. With one-hot targets this is the usual
 * classification loss; in general it equals H(t) + KL(t ‖ softmax(z)).
 */
export function softCrossEntropy(targets: ArrayLike<number>, logits: ArrayLike<number>, classes: number): number {
  checkSameLength(targets, logits, 'targets and logits');
  const rows = rowCount(logits.length, classes, 'logits');
  checkValues(targets, 'targets', true);
  checkValues(logits, 'logits');
  const logP = new Float64Array(classes);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    logSoftmaxRow(logits, r * classes, classes, 1, logP);
    for (let j = 0; j < classes; j++) {
      const t = targets[r * classes + j];
      if (t > 0) total -= t * logP[j];
    }
  }
  return total / rows;
}
