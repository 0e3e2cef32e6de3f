export { LayerCalculator } from './LayerCalculator';
export { ModelSummary } from './ModelSummary';
export { IntensityTable } from './IntensityTable';
export { Roofline } from './Roofline';
export { MeasuredVsPredicted } from './MeasuredVsPredicted';
export { MemoryPanel } from './MemoryPanel';
