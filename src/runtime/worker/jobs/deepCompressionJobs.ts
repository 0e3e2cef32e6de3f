// The model worker's Deep Compression jobs: the three-stage pipeline on a copy of a loaded model,
// and a .clmz file turned back into a live model.
import { deepCompress, modelFromCompressedFile, type DeepCompressionProgress, type DeepCompressionResult } from '../deepCompression';
import type { DeepCompressionPlan } from '../../contract/deepCompressionPlan';
import type { HostContext } from '../host';

export type DeepCompressionJobProgress = { phase: 'data'; loaded: number; total: number } | DeepCompressionProgress;

/** What a reloaded file holds. */
export interface CompressedModelInfo {
  /** The zoo architecture the file's layers fit. */
  modelId: string;
  fileBytes: number;
  layers: { name: string; shape: number[]; nonzeros: number; clusters: number }[];
}

export function deepCompressionJobs(ctx: HostContext) {
  return {
    /**
     * Copies model `key` to `newKey` and runs prune → share → Huffman on the copy (the original
     * is never touched); the compressed model stays loaded under newKey.
     */
    deepCompress(key: string, newKey: string, plan: DeepCompressionPlan, jobId: string, onProgress?: (p: DeepCompressionJobProgress) => void): Promise<DeepCompressionResult> {
      return ctx.enqueue(jobId, async (signal) => {
        if (newKey === key) throw new Error(`the compressed copy needs a key other than "${key}"`);
        const data = (p: { loaded: number; total: number }) => onProgress?.({ phase: 'data', ...p });
        const train = await ctx.loadData('train', signal, data);
        const test = await ctx.loadData('test', signal, data);
        const copy = await ctx.putArtifacts(newKey, await ctx.saveArtifacts(await ctx.getModel(key)));
        return deepCompress(copy, train, test, plan, { signal, onProgress });
      });
    },

    /** Decodes a .clmz file into the matching zoo architecture and keeps it under newKey. */
    loadCompressedModel(bytes: Uint8Array, newKey: string): Promise<CompressedModelInfo> {
      return ctx.enqueue(undefined, async () => {
        const { model, modelId, layers } = modelFromCompressedFile(bytes);
        try {
          await ctx.putArtifacts(newKey, await ctx.saveArtifacts(model));
        } finally {
          model.dispose();
        }
        return { modelId, layers, fileBytes: bytes.length };
      });
    },
  };
}
