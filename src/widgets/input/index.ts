export { describeRule, parseField, type FieldResult, type FieldRule } from './field';
export { NumberField } from './NumberField';
export { FieldValidity, FieldValidityContext, useFieldsValid } from './validity';
