// The tfjs export area of the page/worker contract: a loaded model written as a standard tfjs
// layers model (model.json + one weight file) for the reader to take away. No tfjs here.
import type { TfjsTensorReport, TfjsWeightEncoding } from '../../engine';

export interface TfjsExportRequest {
  /** The worker key of the model to export. */
  key: string;
  /** How the kernels are stored; biases and other weights stay float32, as in the course's models. */
  encoding: TfjsWeightEncoding;
  /** The files' common name, e.g. "lenet-300-100-uint8": "<name>.model.json" and "<name>.weights.bin". */
  fileName: string;
}

export interface TfjsExportResult {
  jsonName: string;
  binName: string;
  /** model.json, whose manifest names `binName`. */
  jsonText: string;
  weightData: Uint8Array;
  tensors: TfjsTensorReport[];
  /** The model rebuilt in the worker from these two files (as tf.loadLayersModel does), scored on the test set. */
  accuracy: number;
  correct: number;
  total: number;
  /** Its prediction for every test image. */
  predictions: Uint8Array;
  /** Test images where it predicts another class than the model it was made from. */
  differing: number;
}

declare module './jobs' {
  interface JobRegistry {
    tfjsExport: {
      /** Writes model `key` as a tfjs layers model, rebuilds it from the files and scores it. */
      layersModel: JobSpec<TfjsExportRequest, TfjsExportResult>;
    };
  }
}
