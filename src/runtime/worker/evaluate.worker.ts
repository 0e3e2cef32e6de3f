// The model worker: tfjs runs here, so evaluation and latency runs never block the page.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { createModelHost } from './host';

tf.enableProdMode(); // skips tfjs's debug-time argument checks
Comlink.expose(createModelHost());
