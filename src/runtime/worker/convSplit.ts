// A Sequential conv net with one Conv2D layer split by channels (lesson 6): "<layer>_a", a kh×kw
// convolution to r channels with no bias or activation, then "<layer>", a 1×1 convolution to the
// old channel count with the old bias and activation. Built by editing the saved topology and
// weights, so every other layer keeps its exact configuration.
import * as tf from '@tensorflow/tfjs';

interface LayerJson { class_name: string; config: Record<string, unknown> & { name: string } }

/** The layer list of a saved Sequential model's topology. */
function sequentialLayers(artifacts: tf.io.ModelArtifacts): LayerJson[] {
  const topology = artifacts.modelTopology as { class_name?: string; config?: { layers?: LayerJson[] }; model_config?: unknown } | undefined;
  const layers = topology?.class_name === 'Sequential' ? topology.config?.layers : undefined;
  if (!layers) throw new Error('splitting a convolution needs a Sequential model');
  return layers;
}

/**
 * Artifacts of `artifacts`' model with Conv2D `layer` replaced by the pair: `first` is the
 * [kh, kw, C_in, rank] kernel, `second` the [1, 1, rank, C_out] one (row-major, tfjs order).
 */
export async function splitConvArtifacts(artifacts: tf.io.ModelArtifacts, layer: string, first: Float32Array, second: Float32Array, rank: number): Promise<tf.io.ModelArtifacts> {
  const layers = sequentialLayers(artifacts);
  const at = layers.findIndex((l) => l.config.name === layer);
  if (at < 0 || layers[at].class_name !== 'Conv2D') throw new Error(`the model has no Conv2D layer named ${layer}`);
  const conv = layers[at].config;
  const spatial: LayerJson = { class_name: 'Conv2D', config: { ...conv, name: `${layer}_a`, filters: rank, use_bias: false, activation: 'linear' } };
  const mixing: LayerJson = { class_name: 'Conv2D', config: { ...conv, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', dilation_rate: [1, 1] } };
  delete mixing.config.batch_input_shape; // the spatial half takes the old layer's place (and input shape, if first)
  const topology = structuredClone(artifacts.modelTopology) as { config: { layers: LayerJson[] } };
  topology.config.layers.splice(at, 1, spatial, mixing);

  const specs = artifacts.weightSpecs ?? [];
  const kernel = specs.find((w) => w.name === `${layer}/kernel`);
  if (!kernel || kernel.shape.length !== 4) throw new Error(`the model has no 4-D weight ${layer}/kernel`);
  const [kh, kw, cin, cout] = kernel.shape;
  if (first.length !== kh * kw * cin * rank || second.length !== rank * cout) throw new Error(`factors of ${first.length} and ${second.length} values do not fit a rank-${rank} split of [${kernel.shape.join(', ')}]`);
  const decoded = tf.io.decodeWeights(artifacts.weightData!, specs);
  const named: { name: string; tensor: tf.Tensor }[] = [];
  for (const w of specs) {
    if (w.name === kernel.name) {
      named.push({ name: `${layer}_a/kernel`, tensor: tf.tensor4d(first, [kh, kw, cin, rank]) }, { name: kernel.name, tensor: tf.tensor4d(second, [1, 1, rank, cout]) });
      decoded[w.name].dispose();
    } else {
      named.push({ name: w.name, tensor: decoded[w.name] });
    }
  }
  try {
    const { data, specs: weightSpecs } = await tf.io.encodeWeights(named);
    return { ...artifacts, modelTopology: topology as unknown as tf.io.ModelArtifacts['modelTopology'], weightSpecs, weightData: data };
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}
