// The Deep Compression area: the three-stage pipeline on a copy of a loaded model, and a .clmz
// file turned back into a live model.
import { defineJobs, queued } from '../defineJobs';
import { deepCompress, modelFromCompressedFile } from '../deepCompression';

export default defineJobs('deepCompression', (ctx) => ({
  /**
   * Copies model `key` to `newKey` and runs prune → share → Huffman on the copy (the original
   * is never touched); the compressed model stays loaded under newKey.
   */
  compress: queued('compressing the model', async ({ key, newKey, plan }, { signal, progress }) => {
    if (newKey === key) throw new Error(`the compressed copy needs a key other than "${key}"`);
    const train = await ctx.loadData('train', { signal, progress });
    const test = await ctx.loadData('test', { signal, progress });
    const copy = await ctx.putArtifacts(newKey, await ctx.saveArtifacts(await ctx.getModel(key)));
    return deepCompress(copy, train, test, plan, { signal, onProgress: progress });
  }),

  /** Decodes a .clmz file into the matching zoo architecture and keeps it under newKey. */
  loadFile: queued('reading a compressed file', async ({ bytes, newKey }) => {
    const { model, modelId, layers } = modelFromCompressedFile(bytes);
    try {
      await ctx.putArtifacts(newKey, await ctx.saveArtifacts(model));
    } finally {
      model.dispose();
    }
    return { modelId, layers, fileBytes: bytes.length };
  }),
}));
