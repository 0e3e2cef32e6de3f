// tf.variableGrads, made safe to fail. While the loss runs, tfjs keeps a copy of every tensor an
// op will need for its backward pass (the tape's "saved" tensors) and frees them only when the
// backward pass runs. A loss that throws (a custom loss, a hook, a shape error) never gets there,
// so each failed step used to leave those copies in memory for good.
import * as tf from '@tensorflow/tfjs';

/** `tf.variableGrads(f, variables)`; if `f` throws, the tensors tfjs saved for the backward pass are freed first. */
export function variableGrads(f: () => tf.Scalar, variables: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  try {
    return tf.variableGrads(f, variables);
  } catch (e) {
    freeAbandonedTape();
    throw e;
  }
}

/** Frees the saved tensors of a tape whose backward pass will never run (only at the outermost gradient level). */
function freeAbandonedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null as unknown as typeof state.activeTape;
}
