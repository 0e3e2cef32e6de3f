import { describe, expect, it } from 'vitest';
import { outputShape } from './layerShapes';

describe('outputShape', () => {
  it('follows LeNet-5 from the image to its first dense layer (shapes worked out by hand)', () => {
    const conv = (filters: number, padding: string) => ({ filters, kernel_size: [5, 5], strides: [1, 1], padding });
    const pool = { pool_size: [2, 2], padding: 'valid', strides: [2, 2] };
    const steps: [string, Record<string, unknown>, number[]][] = [
      ['Conv2D', conv(6, 'same'), [28, 28, 6]],
      ['MaxPooling2D', pool, [14, 14, 6]],
      ['Conv2D', conv(16, 'valid'), [10, 10, 16]],
      ['MaxPooling2D', pool, [5, 5, 16]],
      ['Flatten', {}, [400]],
      ['Dense', { units: 120 }, [120]],
      ['Activation', { activation: 'relu' }, [120]],
    ];
    let shape = [28, 28, 1];
    for (const [className, config, expected] of steps) {
      shape = outputShape(className, config, shape)!;
      expect(shape, className).toEqual(expected);
    }
  });

  it('applies strides, same padding, dilation, pooling defaults and depth multipliers', () => {
    expect(outputShape('Conv2D', { filters: 16, kernel_size: 3, strides: 2, padding: 'same' }, [28, 28, 1])).toEqual([14, 14, 16]);
    expect(outputShape('Conv2D', { filters: 4, kernel_size: 3, strides: 2, padding: 'valid' }, [28, 28, 1])).toEqual([13, 13, 4]);
    expect(outputShape('Conv2D', { filters: 4, kernel_size: 3, dilation_rate: 2 }, [28, 28, 1])).toEqual([24, 24, 4]); // a dilated 3×3 spans 5
    expect(outputShape('AveragePooling2D', {}, [7, 7, 8])).toEqual([3, 3, 8]); // pool 2, stride = pool, valid
    expect(outputShape('DepthwiseConv2D', { kernel_size: [3, 3], padding: 'same', depth_multiplier: 2 }, [14, 14, 16])).toEqual([14, 14, 32]);
    expect(outputShape('GlobalAveragePooling2D', {}, [7, 7, 64])).toEqual([64]);
    expect(outputShape('Reshape', { target_shape: [-1, 28, 1] }, [784])).toEqual([28, 28, 1]);
    expect(outputShape('UpSampling2D', { size: [3, 2] }, [28, 28, 1])).toEqual([84, 56, 1]);
    expect(outputShape('ZeroPadding2D', { padding: [[1, 2], [0, 3]] }, [28, 28, 4])).toEqual([31, 31, 4]);
    expect(outputShape('ZeroPadding2D', {}, [28, 28, 4])).toEqual([30, 30, 4]);
  });

  it('gives up on what it does not follow: unknown classes, a window larger than its input, a convolution on a vector', () => {
    expect(outputShape('LSTM', { units: 8 }, [28, 28])).toBeUndefined();
    expect(outputShape('Conv2D', { filters: 4, kernel_size: 5 }, [3, 3, 1])).toBeUndefined();
    expect(outputShape('Conv2D', { filters: 4, kernel_size: 5 }, [784])).toBeUndefined();
  });
});
