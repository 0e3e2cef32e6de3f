// What the model worker and its shard workers say to each other (data parallelism with real
// workers). The model worker sends each shard the current weights and its part of the batch; the
// shard answers with the mean gradient of its part. Arrays travel as transferables.
import type { BackendName } from '../../contract/names';
import type { BackendInfo } from '../../contract/models';
import type { ZooId } from '../../contract/zoo';

export type ShardRequest =
  | { kind: 'init'; model: ZooId; backend: BackendName }
  | {
      kind: 'step';
      step: number;
      /** All trainable weights, flat, in the model's variable order. */
      weights: Float32Array;
      /** The shard's images as MNIST bytes (784 a digit) and their labels. */
      images: Uint8Array;
      labels: Uint8Array;
    };

export type ShardReply =
  | { kind: 'ready'; backend: BackendInfo }
  | {
      kind: 'gradients';
      step: number;
      /** Mean gradient of the shard's cross-entropy, flat like the weights. */
      gradients: Float32Array;
      /** Mean loss over the shard. */
      loss: number;
      /** ms from receiving the step to posting the answer (setting weights, forward, backward, flattening). */
      computeMs: number;
    }
  | { kind: 'error'; message: string };
