/** The widgets of the number-formats lesson. */
export { BitExplorer } from './BitExplorer';
export { SideBySide } from './SideBySide';
export { RangeChart } from './RangeChart';
