import { useEffect, useState } from 'react';
import type { LayerWeights } from '../../runtime/contract/models';
import { useModelWorker } from '../live/useModelWorker';

export interface ConvSample {
  /** 28×28 bytes of the test image, 0–255. */
  pixels: Uint8Array;
  label: number;
  /** The zoo model's layers and their weights. */
  layers: LayerWeights[];
}

/**
 * One MNIST test image and a zoo model's weights, fetched from the worker for the widgets that
 * show the arithmetic of a convolution on real data. Undefined until both have arrived.
 */
export function useConvSample(model: string, index: number): { sample?: ConvSample; error?: string } {
  const { worker, backend } = useModelWorker();
  const [layers, setLayers] = useState<LayerWeights[]>();
  const [image, setImage] = useState<{ index: number; pixels: Uint8Array; label: number }>();
  const [error, setError] = useState<string>();
  const ready = backend.status === 'ready';

  useEffect(() => {
    if (!ready) return;
    let live = true;
    worker.jobs.models.load({ kind: 'zoo', id: model })
      .then(() => worker.jobs.models.weights({ key: model }))
      .then((l) => { if (live) setLayers(l); }, (e: Error) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [ready, worker, model]);

  useEffect(() => {
    if (!ready) return;
    let live = true;
    worker.jobs.models.testImage({ index })
      .then((t) => { if (live) setImage({ index, pixels: t.pixels, label: t.label }); }, (e: Error) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [ready, worker, index]);

  return { sample: layers && image && image.index === index ? { pixels: image.pixels, label: image.label, layers } : undefined, error };
}

/** The kernel values and shape of one layer, or undefined. */
export function kernelOf(layers: LayerWeights[], name: string) {
  return layers.find((l) => l.name === name)?.weights.find((w) => w.name.endsWith('/kernel') || w.name.endsWith('/depthwise_kernel'));
}
