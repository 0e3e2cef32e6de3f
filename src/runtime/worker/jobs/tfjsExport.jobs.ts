// The tfjs export area: a loaded model written as model.json + one weight file (the engine's
// exportTfjsLayersModel), then built again from exactly those bytes and scored, so the page can
// say what the reader takes away.
import { TFJS_WEIGHT_ENCODINGS, exportTfjsLayersModel, type TfjsWeightIn } from '../../../engine';
import { isKernel } from '../../contract/names';
import { weightBuffer } from '../artifacts';
import { customLayers } from '../customLayers';
import { defineJobs, queued } from '../defineJobs';
import { evaluateModel } from '../evaluate';
import { modelFromArtifacts } from '../modelLoading';

/** Bytes per value of the dtypes a layers model's weights can have in a weight file. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

export default defineJobs('tfjsExport', (ctx) => ({
  layersModel: queued('preparing the tfjs download', async ({ key, encoding, fileName }, { signal, progress }) => {
    if (!TFJS_WEIGHT_ENCODINGS.includes(encoding)) throw new Error(`the weights can be stored as ${TFJS_WEIGHT_ENCODINGS.join(', ')}; “${String(encoding)}” is none of these`);
    const model = await ctx.getModel(key, signal);
    const artifacts = await ctx.saveArtifacts(model);
    const custom = customLayers(artifacts.modelTopology);
    if (custom.length > 0) {
      throw new Error(`this model cannot be written as a standard tfjs model: its layer ${custom.map((l) => `${l.className} ("${l.name}")`).join(', ')} is a class plain tfjs does not have`);
    }
    const data = new Uint8Array(weightBuffer(artifacts));
    let offset = 0;
    const weights: TfjsWeightIn[] = (artifacts.weightSpecs ?? []).map((s) => {
      const size = DTYPE_BYTES[s.dtype];
      if (size === undefined) throw new Error(`weight ${s.name} is of type ${s.dtype}, which a tfjs weight file for this export cannot hold`);
      const bytes = data.subarray(offset, offset + size * s.shape.reduce((a, b) => a * b, 1));
      offset += bytes.length;
      return { name: s.name, shape: s.shape, dtype: s.dtype, bytes, encoding: isKernel(s.name) ? encoding : 'float32' };
    });
    const binName = `${fileName}.weights.bin`;
    const exported = exportTfjsLayersModel(artifacts.modelTopology, weights, binName);

    // Built again from the text and bytes the reader downloads, as tf.loadLayersModel would.
    const json = JSON.parse(exported.jsonText) as typeof exported.modelJson;
    const rebuilt = await modelFromArtifacts({
      modelTopology: json.modelTopology as object,
      weightSpecs: json.weightsManifest[0].weights as never,
      weightData: exported.weightData.slice().buffer,
    }, `the exported ${fileName}`);
    const test = await ctx.loadData('test', { signal, progress });
    let scored;
    try {
      scored = await evaluateModel(rebuilt, test, { signal, onProgress: (p) => progress({ phase: 'evaluate', ...p, label: 'the downloaded model' }) });
    } finally {
      rebuilt.dispose();
    }
    const source = await evaluateModel(model, test, { signal, onProgress: (p) => progress({ phase: 'evaluate', ...p, label: 'the model it was made from' }) });
    const differing = scored.predictions.reduce((n, p, i) => n + (p !== source.predictions[i] ? 1 : 0), 0);
    return {
      jsonName: `${fileName}.model.json`, binName, jsonText: exported.jsonText, weightData: exported.weightData, tensors: exported.tensors,
      accuracy: scored.accuracy, correct: scored.correct, total: scored.total, predictions: scored.predictions, differing,
    };
  }),
}));
