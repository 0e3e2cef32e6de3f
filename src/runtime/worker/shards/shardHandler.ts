// One shard worker's work, apart from the Worker plumbing so that node tests can run it in
// process: on 'init' it starts a backend and builds the model's architecture; on each 'step' it
// takes the weights it is sent, computes the mean gradient of its shard and answers with it.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../contract/models';
import type { BackendName } from '../../contract/names';
import { inputShapeOf } from '../evaluate';
import { assignFlat, flatten, trainableVariables } from '../flatWeights';
import { variableGrads } from '../gradients';
import { buildModel, logitsModel } from '../models';
import { batchOf, crossEntropy } from '../train';
import type { ShardReply, ShardRequest } from './protocol';

export type Reply = (reply: ShardReply, transfer?: Transferable[]) => void;

/**
 * A message handler for one shard. `startBackend` starts tfjs (the worker's initBackend; node
 * tests pass one that keeps the backend already running). Errors are answered as messages.
 */
export function shardHandler(reply: Reply, startBackend: (name: BackendName) => Promise<BackendInfo>) {
  let model: tf.LayersModel | undefined;

  async function handle(request: ShardRequest): Promise<void> {
    if (request.kind === 'init') {
      const backend = await startBackend(request.backend);
      model?.dispose();
      model = buildModel(request.model, 0); // its weights are overwritten every step
      reply({ kind: 'ready', backend });
      return;
    }
    if (!model) throw new Error('a shard got a step before its model');
    const started = performance.now();
    const variables = trainableVariables(model);
    assignFlat(variables, request.weights);
    const count = request.labels.length;
    const { x, y } = batchOf({ count, images: request.images, labels: request.labels }, Int32Array.from({ length: count }, (_, i) => i), inputShapeOf(model));
    const net = logitsModel(model);
    let loss: number;
    let gradients: Float32Array;
    try {
      const { value, grads } = variableGrads(() => crossEntropy(net.apply(x) as tf.Tensor2D, y), variables);
      loss = value.dataSync()[0];
      gradients = flatten(variables, grads);
      tf.dispose([value, grads]);
    } finally {
      tf.dispose([x, y]);
    }
    reply({ kind: 'gradients', step: request.step, gradients, loss, computeMs: performance.now() - started }, [gradients.buffer]);
  }

  return {
    /** Handles one request; a failure is answered with an 'error' reply. */
    async onMessage(request: ShardRequest): Promise<void> {
      try {
        await handle(request);
      } catch (e) {
        reply({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    },
    /** Frees the model (the in-process shards of the node tests; a real worker is terminated). */
    dispose(): void {
      model?.dispose();
      model = undefined;
    },
  };
}
