import { Select } from 'antd';

interface FilterSelectProps<Value extends string> {
  /** Shown as the placeholder and read out as the control's name. */
  label: string;
  value: Value | undefined;
  onChange: (value: Value | undefined) => void;
  options: { value: Value; label: string }[];
  width: number;
  /** Wider than the control when the option labels are long. */
  popupWidth?: number;
}

/** One clearable filter of a list's filter bar. */
export function FilterSelect<Value extends string>({
  label,
  value,
  onChange,
  options,
  width,
  popupWidth,
}: FilterSelectProps<Value>) {
  return (
    <Select<Value>
      allowClear
      placeholder={label}
      aria-label={label}
      value={value}
      onChange={(next) => onChange(next)}
      options={options}
      {...(popupWidth === undefined ? {} : { popupMatchSelectWidth: popupWidth })}
      style={{ width }}
    />
  );
}
