import { useId } from 'react';
import type { FormatName } from '../../engine';
import { FORMAT_LABEL } from './display';

/** A labelled drop-down of number formats. */
export function FormatSelect({ value, options, onChange, label = 'Format' }: {
  value: FormatName;
  options: readonly FormatName[];
  onChange: (name: FormatName) => void;
  label?: string;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      {label}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as FormatName)}>
        {options.map((name) => <option key={name} value={name}>{FORMAT_LABEL[name]}</option>)}
      </select>
    </label>
  );
}
