// The models the energy widget prices: the zoo as trained, and LeNet-300-100 as lessons 4 and 5
// compress it, with the kept share and bits of Han et al.'s Table 2 (both papers).
import type { ZooId } from '../../runtime/contract/zoo';

export interface EnergyVariant {
  id: string;
  label: string;
  model: ZooId;
  /** Share of weights kept. */
  density: number;
  /** Bits per stored weight when the int8 toggle is off (32) and on (8), unless fixed here. */
  weightBits?: number;
  indexBits: number;
  note?: string;
}

export const ENERGY_VARIANTS: readonly EnergyVariant[] = [
  { id: 'lenet-300-100', label: 'LeNet-300-100', model: 'lenet-300-100', density: 1, indexBits: 0 },
  { id: 'lenet-5', label: 'LeNet-5', model: 'lenet-5', density: 1, indexBits: 0 },
  { id: 'dsconv', label: 'Depthwise-separable CNN', model: 'dsconv', density: 1, indexBits: 0 },
  { id: 'teacher-1200', label: 'Teacher 1200-1200', model: 'teacher-1200', density: 1, indexBits: 0 },
  { id: 'lenet-300-100-pruned', label: 'LeNet-300-100 pruned (lesson 4)', model: 'lenet-300-100', density: 0.08, indexBits: 5,
    note: '8 % of weights kept, 5-bit relative index (Han et al. 2015, Table 2)' },
  { id: 'lenet-300-100-dc', label: 'LeNet-300-100 Deep Compression (lesson 5)', model: 'lenet-300-100', density: 0.08, weightBits: 6, indexBits: 5,
    note: '8 % kept, 6-bit shared weights, 5-bit index (Han et al. 2016, Table 2)' },
];
