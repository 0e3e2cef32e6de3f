// Settings shared by the "as practised today" widgets: the models they run on and the rules of
// their number fields (read through the one shared parser, src/widgets/input).
import type { FieldRule } from '../input';
import { param } from '../urlState';

/** The fully connected models of the zoo; GPTQ, Wanda and 2:4 here work on Dense layers. */
export const MLP_MODELS = ['lenet-300-100', 'teacher-1200'] as const;
export type MlpModel = (typeof MLP_MODELS)[number];
export const MLP_NAMES: Record<MlpModel, string> = {
  'lenet-300-100': 'LeNet-300-100',
  'teacher-1200': 'the teacher (784-1200-1200-10)',
};

export const modelParam = param.oneOf(MLP_MODELS, 'lenet-300-100');

export const CALIBRATION_RULE: FieldRule = { label: 'Calibration images', min: 16, max: 2048, integer: true };

/** Group sizes offered; 0 stands for one scale per output (a group as long as the row). */
export const GROUP_SIZES = ['32', '64', '128', '0'] as const;
export type GroupChoice = (typeof GROUP_SIZES)[number];
export const GROUP_NAMES: Record<GroupChoice, string> = { 32: '32 inputs', 64: '64 inputs', 128: '128 inputs', 0: 'one per output (per channel)' };

/** The engine's group size for a choice: a whole row when the choice is "per output". */
export const groupSizeOf = (choice: GroupChoice): number => (choice === '0' ? Number.MAX_SAFE_INTEGER : Number(choice));
