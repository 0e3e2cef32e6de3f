// The offline area: fetch MNIST ahead of need, so every lesson's live model works without a network.
import type { SavedData } from '../../contract/offline';
import { defineJobs, queued } from '../defineJobs';

export default defineJobs('offline', (ctx) => ({
  saveData: queued('saving the digits for offline use', async (_request, { signal, progress }): Promise<SavedData> => {
    let images = 0;
    for (const split of ['test', 'train'] as const) {
      const data = await ctx.loadData(split, { signal, progress: (p) => progress({ ...p, label: `(${split === 'test' ? 'test' : 'training'} images)` }) });
      await data.saved;
      images += data.count;
    }
    return { images };
  }),
}));
