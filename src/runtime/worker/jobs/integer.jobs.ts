// The integer-only inference area: build the int8 network of a live MLP and score it over the test set.
import { defineJobs, queued } from '../defineJobs';
import { buildIntegerMlp, denseLayersOf, scoreIntegerMlp } from '../integerMlp';
import { timed } from '../profile';

export default defineJobs('integer', (ctx) => ({
  /** Calibrates and quantizes a loaded MLP for integer-only inference and scores it on the test set. */
  build: queued('building the integer network', async ({ key, spec }, { signal, progress }) => {
    const float = denseLayersOf(await ctx.getModel(key));
    const train = await ctx.loadData('train', { signal, progress });
    const test = await ctx.loadData('test', { signal, progress });
    const model = timed('integer calibrate and quantize', () => buildIntegerMlp(float, train, spec));
    const score = await timed('integer score', () => scoreIntegerMlp(model, test, { signal, onProgress: (done, total) => progress({ phase: 'score', done, total }) }));
    return { float, model, score };
  }),
}));
