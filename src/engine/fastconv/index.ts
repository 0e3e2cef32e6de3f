export { im2col, im2colProduct, type Im2col, type Im2colOptions, type Padding } from './im2col';
export {
  winogradMatrices, winogradTile, winogradConv2d, directConv3x3,
  type WinogradMatrices, type WinogradTile, type WinogradSteps, type WinogradResult, type Rounder,
} from './winograd';
