// A shard worker of data parallelism: its own tfjs, its own copy of the model, started and
// terminated by the model worker (shards/shardPool.ts).
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import type { ShardRequest } from './protocol';
import { shardHandler } from './shardHandler';

tf.enableProdMode();
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handler = shardHandler((reply, transfer = []) => scope.postMessage(reply, transfer), initBackend);
scope.onmessage = (e: MessageEvent<ShardRequest>) => void handler.onMessage(e.data);
