// A model.json with a layer class of the reader's own code: the summary counts the layers before
// it and lists the custom layer and every layer fed through it as not counted; loading it for
// evaluation fails with one complete sentence, and leaves nothing allocated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicFetch } from './testing/fixtures';
import { startedHost } from './testing/startedHost';

const base = 'http://course.test/custom/';
afterEach(() => vi.unstubAllGlobals());
const dir = join(import.meta.dirname, '../../../public/models/lenet-300-100');

/** LeNet-300-100's model.json with a layer of class `className` after dense1. */
function withCustomLayer(className = 'MyScaling') {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  json.modelTopology.config.layers.splice(1, 0, { class_name: className, config: { name: 'scale', factor: 2 } });
  return json;
}

describe('a model.json with a custom layer class', () => {
  it('is not looked for in a model.json without a topology, which gets its own message', async () => {
    const { jobs } = await startedHost(base);
    await expect(jobs.models.architecture({ kind: 'json', json: { format: 'layers-model' } })).rejects.toThrow('no "modelTopology"');
  });

  it('is summarised: layers before it counted, the custom layer and those after it listed as not counted', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const before = host.memory().numTensors;
    const architecture = await jobs.models.architecture({ kind: 'json', json: withCustomLayer() });
    expect(architecture.specs.map((s) => s.name)).toEqual(['dense1', 'dense1/relu']);
    expect(architecture.unknown).toEqual([
      { name: 'scale', className: 'MyScaling' },
      { name: 'dense2', className: 'Dense, after a custom layer: input size unknown' },
      { name: 'logits', className: 'Dense, after a custom layer: input size unknown' },
    ]);
    expect(architecture.note).toBe('This model cannot be built for evaluation: its layer MyScaling ("scale") is a custom class that tfjs does not know, whose code is not saved in model.json.');
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
  });

  it('cannot be loaded, and says so in one complete sentence with nothing allocated', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const before = host.memory().numTensors;
    const files = [new File([JSON.stringify(withCustomLayer())], 'model.json'), new File([readFileSync(join(dir, 'weights.bin'))], 'weights.bin')];
    await expect(jobs.models.load({ kind: 'files', files })).rejects.toThrow(/^model\.json cannot be built for evaluation: its layer MyScaling \("scale"\) is a custom class that tfjs does not know, whose code is not saved in model\.json\.$/);
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
  });

  it('in a functional model, only the layers fed through the custom one are left out', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const layer = (class_name: string, name: string, config: object, inputs: string[]) => ({ class_name, name, config: { name, ...config }, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [] });
    const topology = { class_name: 'Model', config: { name: 'm', input_layers: [['in', 0, 0]], output_layers: [['sum', 0, 0]], layers: [
      layer('InputLayer', 'in', { batch_input_shape: [null, 784], dtype: 'float32' }, []),
      layer('Dense', 'a', { units: 10 }, ['in']),
      layer('Custom', 'c', {}, ['in']),
      layer('Dense', 'b', { units: 10 }, ['c']),
      layer('Add', 'sum', {}, ['a', 'b']),
    ] } };
    const architecture = await jobs.models.architecture({ kind: 'json', json: { modelTopology: topology } });
    expect(architecture.specs.map((s) => s.name)).toEqual(['a']);
    expect(architecture.unknown.map((u) => u.name)).toEqual(['c', 'b', 'sum']);
    host.dispose();
  });
});
