import { describe, expect, it } from 'vitest';
import { checkModelFiles, findModelJson, parseModelJson } from './upload';

const topology = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'dense', units: 10, batch_input_shape: [null, 784] } }] } };
const manifest = [{ paths: ['weights.bin'], weights: [
  { name: 'dense/kernel', shape: [784, 10], dtype: 'float32' },
  { name: 'dense/bias', shape: [10], dtype: 'float32' },
] }];
const json = { modelTopology: topology, weightsManifest: manifest };
const f = (name: string, size = 0) => ({ name, size });

describe('findModelJson', () => {
  it('finds the one .json file among weight files', () => {
    expect(findModelJson([f('weights.bin'), f('model.json')])).toBe(1);
  });
  it('says so when no files, no .json or two .json files are chosen', () => {
    expect(() => findModelJson([])).toThrow('No files were chosen');
    expect(() => findModelJson([f('a.bin')])).toThrow('There is no model.json among the chosen files (a.bin)');
    expect(() => findModelJson([f('a.json'), f('b.json')])).toThrow('2 .json files were chosen (a.json, b.json)');
  });
});

describe('parseModelJson', () => {
  it('names the file when it is not JSON or not an object', () => {
    expect(() => parseModelJson('{"modelTopology": ', 'model.json')).toThrow(/^model\.json is not valid JSON/);
    expect(() => parseModelJson('[1, 2]', 'model.json')).toThrow('does not hold a JSON object');
  });
});

describe('checkModelFiles', () => {
  it('accepts weight files of exactly the bytes the manifest describes', () => {
    const weights = f('weights.bin', (784 * 10 + 10) * 4);
    expect(checkModelFiles(json, 'model.json', [weights])).toEqual([weights]);
  });
  it('names a missing weight file', () => {
    expect(() => checkModelFiles(json, 'model.json', [f('other.bin', 10)])).toThrow('Missing weight file: weights.bin. Choose it together with model.json.');
  });
  it('reports a weight file of the wrong size with both byte counts', () => {
    expect(() => checkModelFiles(json, 'model.json', [f('weights.bin', 100)])).toThrow('holds 100 bytes, but model.json describes weights of 31400 bytes');
  });
  it('counts quantized weights at their stored width', () => {
    const uint8 = { dtype: 'float32', quantization: { dtype: 'uint8' } };
    const q = { modelTopology: topology, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'dense/kernel', shape: [784, 10], ...uint8 }, { name: 'dense/bias', shape: [10], ...uint8 }] }] };
    expect(() => checkModelFiles(q, 'model.json', [f('w.bin', 7850)])).not.toThrow();
  });
  it('explains that graph models and files without a topology are not layers models', () => {
    expect(() => checkModelFiles({ format: 'graph-model', modelTopology: {} }, 'm.json', [])).toThrow('graph model');
    expect(() => checkModelFiles({ weightsManifest: manifest }, 'm.json', [])).toThrow('no "modelTopology"');
    expect(() => checkModelFiles({ modelTopology: topology }, 'm.json', [])).toThrow('no "weightsManifest"');
  });
});
