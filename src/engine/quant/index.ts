// Uniform quantization, per-channel ranges, binary/ternary weights, calibration, error measures,
// float casts and integer-only MLP inference. See src/engine/index.ts.
export { quantParams, integerRange, checkBits, MIN_SCALE, type QuantOptions, type QuantParams } from './params';
export { quantize, dequantize, fakeQuant, type QuantizeOptions, type QuantRounding } from './uniform';
export {
  tensorRange,
  largestMagnitude,
  channelRanges,
  quantParamsPerChannel,
  quantizePerChannel,
  dequantizePerChannel,
  fakeQuantPerChannel,
  type ValueRange,
} from './perChannel';
export { binarize, ternarize } from './binary';
export { calibrate, CALIBRATION_METHODS, type CalibrationMethod, type CalibrateOptions } from './calibrate';
export { mse, sqnr, errorProfile, type ErrorProfile } from './error';
export { castTensor, type CastFormat } from './cast';
export {
  quantizeMultiplier,
  multiplyByQuantizedMultiplier,
  saturatingRoundingDoublingHighMul,
  roundingDivideByPowerOfTwo,
  type QuantizedMultiplier,
} from './fixedPoint';
export {
  quantizeMlpForIntegerInference,
  type FloatDenseLayer,
  type MlpCalibration,
  type IntegerMlpOptions,
  type IntegerDenseLayer,
  type IntegerMlp,
} from './integerModel';
export { runIntegerMlp, runFakeQuantMlp, traceIntegerMlp, argmaxRows, type IntegerMlpResult, type FakeQuantMlpResult, type IntegerLayerTrace } from './integerInference';
export { floatMlpForward, calibrateMlp } from './floatMlp';
