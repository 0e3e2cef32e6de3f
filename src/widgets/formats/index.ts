/** The widgets of the number-formats lesson. */
export { BitExplorer } from './BitExplorer';
export { SideBySide } from './SideBySide';
export { RangeChart } from './RangeChart';
export { StochasticSum, STOCHASTIC_SUM_DEFAULTS } from './StochasticSum';
export { formatQuantity } from './display';
