/** The cost model: parameters, MACs, FLOPs, bytes moved and arithmetic intensity of layers, and the roofline. */
export type { Cost, CostOptions, LayerCost, LayerKind, LayerSpec, ModelCost } from './types';
export { layerCost, LAYERNORM_FLOPS_PER_ELEMENT } from './layers';
export { modelCost } from './model';
export { activationMemory, type ActivationMemory } from './memory';
export { outputShape, windowOutputLength } from './shapes';
export { layersRooflineTime, roofline, rooflineTime, type RooflinePoint } from './roofline';
export { DEVICES, PRECISION_BYTES, sparse24WeightBytes, type Device, type DeviceName, type DevicePrecision } from './devices';
