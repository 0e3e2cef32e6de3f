// Widgets of "As practised today" (lessons 3 and 4): GPTQ, Wanda and 2:4, live in the model worker.
export { GptqVsRounding } from './GptqVsRounding';
export { WandaVsMagnitude } from './WandaVsMagnitude';
export { TwoFourRetrain } from './TwoFourRetrain';
export { OutlierSmoothing } from './OutlierSmoothing';
