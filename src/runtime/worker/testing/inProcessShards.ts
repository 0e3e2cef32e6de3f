// Shards for node tests: the shard handler of a real shard worker, run in this process on the
// backend already running, with messages delivered on later turns of the event loop as a Worker's
// would be. Counts what was spawned and terminated; can fail at a step, or scale the gradients
// (a wrong shard the agreement check must catch).
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../contract/names';
import type { ShardReply } from '../shards/protocol';
import { shardHandler } from '../shards/shardHandler';
import type { SpawnShard } from '../shards/shardPool';

export function inProcessShards(options: { failAtStep?: number; scaleGradients?: number } = {}) {
  const counts = { spawned: 0, terminated: 0 };
  const spawn: SpawnShard = () => {
    counts.spawned++;
    let alive = true;
    let onReply: (r: ShardReply) => void = () => {};
    const handler = shardHandler((reply) => setTimeout(() => {
      if (reply.kind === 'gradients' && options.scaleGradients !== undefined) reply.gradients.forEach((g, i, a) => { a[i] = g * options.scaleGradients!; });
      if (alive) onReply(reply);
    }), async () => ({ name: tf.getBackend() as BackendName }));
    return {
      post(request) {
        setTimeout(() => {
          if (!alive) return;
          if (request.kind === 'step' && request.step === options.failAtStep) onReply({ kind: 'error', message: `failing at step ${request.step} as asked` });
          else void handler.onMessage(request);
        });
      },
      listen(reply) {
        onReply = reply;
      },
      terminate() {
        if (alive) counts.terminated++;
        alive = false;
        handler.dispose();
      },
    };
  };
  return { spawn, counts };
}
