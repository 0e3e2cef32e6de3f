// Low-rank and fast-convolution widgets (lesson 6).
export { LayerRank } from './LayerRank';
export { FactoriseFinetune } from './FactoriseFinetune';
export { WinogradStepper } from './WinogradStepper';
export { Im2colView } from './Im2colView';
export { LoraAdapt } from './LoraAdapt';
export { ConvSplit } from './ConvSplit';
