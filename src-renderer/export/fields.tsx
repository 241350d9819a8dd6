/** Small form fields the export dialog's sections share. */

export function Radio<T extends string>(props: {
  name: string;
  value: NoInfer<T>;
  current: T;
  onChange(v: NoInfer<T>): void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <label className="radio">
      <input
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.current === props.value}
        disabled={props.disabled}
        onChange={() => props.onChange(props.value)}
      />{' '}
      {props.label}
    </label>
  );
}

export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <label className="check span-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}
