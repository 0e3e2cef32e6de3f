import { useEffect, useRef } from 'react';

/**
 * A 28×28 grey-scale image drawn from its pixel bytes (0 black … 255 white ink, as MNIST stores
 * them), scaled up without smoothing. `label` is what a screen reader hears.
 */
export function DigitImage({ pixels, label, size = 112 }: { pixels: Uint8Array; label: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = 255 - (pixels[i] ?? 0); // dark ink on a light ground reads better on a page
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels]);
  return <canvas ref={canvas} width={28} height={28} role="img" aria-label={label} className="digit-image" style={{ width: size, height: size }} />;
}
