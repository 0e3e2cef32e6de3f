// The integer-only inference area of the page/worker contract. No tfjs here.
import type { CalibrationMethod, FloatDenseLayer, IntegerMlp } from '../../engine';

export interface IntegerBuildSpec {
  /** Training images used to calibrate the activation ranges (1 or more). */
  calibrationImages: number;
  method: CalibrationMethod;
  /** For the percentile method, in (0, 100]. */
  percentile?: number;
  perChannel: boolean;
  /** 2..8. */
  weightBits: number;
}

export interface IntegerScore {
  /** Accuracy of the integer-only network on the test images. */
  accuracy: number;
  /** Share of test images where it predicts what the float64 fake-quantized simulation predicts. */
  agreement: number;
  /** Milliseconds for the integer-only pass over the test set, in this thread. */
  integerMs: number;
  count: number;
}

export interface IntegerBuild {
  /** The float layers the integer network came from (the page's float reference). */
  float: FloatDenseLayer[];
  model: IntegerMlp;
  score: IntegerScore;
}

declare module './jobs' {
  interface JobRegistry {
    integer: {
      /** The int8 network of a loaded MLP, calibrated on training images and scored on the test set. */
      build: JobSpec<{ key: string; spec: IntegerBuildSpec }, IntegerBuild>;
    };
  }
}
