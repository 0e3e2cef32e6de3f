export { describeRule, parseField, type FieldResult, type FieldRule } from './field';
export { NumberField } from './NumberField';
