import { logSoftmaxRow } from './softmax';
import { checkSameLength, checkTemperature, checkValues } from './rows';

export interface DistillationOptions {
  /** Softmax temperature T > 0 of the soft term (Hinton et al. used 20 on MNIST). */
  temperature: number;
  /** Weight of the soft term, in [0, 1]; the hard term gets 1 − alpha. */
  alpha: number;
}

export interface DistillationLoss {
  /** alpha · soft + (1 − alpha) · hard, in nats. */
  loss: number;
  /** ∂loss/∂(student logits), [rows, classes]. */
  grad: Float32Array;
  /** Mean over rows of T² · KL(softmax(teacher/T) ‖ softmax(student/T)). */
  soft: number;
  /** Mean over rows of the cross-entropy of the labels against softmax(student) (T = 1). */
  hard: number;
}

/**
 * Knowledge-distillation loss (Hinton, Vinyals & Dean 2015) over a batch, and its gradient:
 *
 *     loss = (1/N) Σ_rows [ alpha · T² · KL(p_T ‖ q_T) + (1 − alpha) · CE(y, q_1) ]
 *     p_T = softmax(teacher / T),  q_T = softmax(student / T),  q_1 = softmax(student)
 *     ∂loss/∂s_i = (1/N) [ alpha · T · (q_T,i − p_T,i) + (1 − alpha) · (q_1,i − y_i) ]
 *
 * The T² keeps the soft gradients' size independent of T (they shrink as 1/T², §2 of the paper).
 * For large T and zero-mean logits, T · (q_T − p_T) → (s − t) / classes: matching logits.
 * studentLogits, teacherLogits: [N, classes]; labels: [N] class indices. Float64 inside.
 */
export function distillationLoss(
  studentLogits: ArrayLike<number>,
  teacherLogits: ArrayLike<number>,
  labels: Int32Array,
  { temperature: T, alpha }: DistillationOptions,
): DistillationLoss {
  checkTemperature(T);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must be between 0 and 1 (got ${alpha})`);
  checkSameLength(studentLogits, teacherLogits, 'student and teacher logits');
  const rows = labels.length;
  if (rows === 0) throw new Error('labels is empty');
  if (studentLogits.length === 0 || studentLogits.length % rows !== 0) {
    throw new Error(`${studentLogits.length} logits do not split into ${rows} rows (one per label)`);
  }
  const classes = studentLogits.length / rows;
  checkValues(studentLogits, 'student logits');
  checkValues(teacherLogits, 'teacher logits');
  labels.forEach((y, r) => {
    if (y < 0 || y >= classes) throw new Error(`labels[${r}] = ${y} is outside 0..${classes - 1}`);
  });
  const grad = new Float32Array(studentLogits.length);
  const logP = new Float64Array(classes);
  const logQ = new Float64Array(classes);
  const logQ1 = new Float64Array(classes);
  let soft = 0;
  let hard = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    logSoftmaxRow(teacherLogits, o, classes, T, logP);
    logSoftmaxRow(studentLogits, o, classes, T, logQ);
    logSoftmaxRow(studentLogits, o, classes, 1, logQ1);
    hard -= logQ1[labels[r]];
    for (let j = 0; j < classes; j++) {
      const p = Math.exp(logP[j]);
      if (p > 0) soft += T * T * p * (logP[j] - logQ[j]);
      const g = alpha * T * (Math.exp(logQ[j]) - p) + (1 - alpha) * (Math.exp(logQ1[j]) - (j === labels[r] ? 1 : 0));
      grad[o + j] = g / rows;
    }
  }
  soft /= rows;
  hard /= rows;
  return { loss: alpha * soft + (1 - alpha) * hard, grad, soft, hard };
}
