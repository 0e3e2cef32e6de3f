import { useId } from 'react';
import { MLP_MODELS, MLP_NAMES, type MlpModel } from './settings';

/** The labelled choice between the zoo's fully connected models. */
export function ModelSelect({ value, onChange, disabled }: { value: MlpModel; onChange: (model: MlpModel) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <label htmlFor={id}>Model
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as MlpModel)}>
        {MLP_MODELS.map((m) => <option key={m} value={m}>{MLP_NAMES[m]}</option>)}
      </select>
    </label>
  );
}
