// LeNet-300-100's trained weights and test digits for the hardware widgets, from the page's worker
// (models.load, models.weights, models.testImage), loaded once per page.
import type { FloatDenseLayer } from '../../engine';
import type { TestImage } from '../../runtime/contract/models';
import type { ModelWorker } from '../../runtime/page/client';

let layers: Promise<FloatDenseLayer[]> | undefined;

/** LeNet-300-100's three Dense layers (kernel [inputs, units], bias), ReLU on all but the last. */
export function lenetLayers(worker: ModelWorker, signal?: AbortSignal): Promise<FloatDenseLayer[]> {
  if (!layers) {
    layers = (async () => {
      const summary = await worker.jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' }, { signal });
      const weights = await worker.jobs.models.weights({ key: summary.key }, { signal });
      return weights.map((l, i): FloatDenseLayer => {
        const [kernel, bias] = l.weights;
        return { kernel: kernel.values, bias: bias.values, inputs: kernel.shape[0], units: kernel.shape[1], relu: i < weights.length - 1 };
      });
    })();
    layers.catch(() => { layers = undefined; }); // a failure (or cancel) can be retried
  }
  return layers;
}

/** Test images `first`, `first + 1`, … (`count` of them). */
export function testImages(worker: ModelWorker, first: number, count: number, signal?: AbortSignal): Promise<TestImage[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => worker.jobs.models.testImage({ index: first + i }, { signal })));
}

/** Pixels as the network reads them: byte / 255. */
export const pixelsToInput = (pixels: Uint8Array): Float32Array => Float32Array.from(pixels, (p) => p / 255);
