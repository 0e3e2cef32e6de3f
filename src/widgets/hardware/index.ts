// Lesson 9's widgets: energy per inference, a systolic array, EIE, devices and decoding, measured kernels.
export { EnergyBars } from './EnergyBars';
export { SystolicArray } from './SystolicArray';
export { EieEngine } from './EieEngine';
export { DecodingBound } from './DecodingBound';
export { KernelSpeed } from './KernelSpeed';
