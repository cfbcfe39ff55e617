import { SearchOutlined } from '@ant-design/icons';
import { Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useMemberDirectory } from './member-directory';

/**
 * The search box of a CRM list: typing is sent 300 ms after the last key; a value changed from elsewhere (back
 * button, "clear filters") shows up in the box.
 */
export function SearchFilter(props: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  width: number;
}) {
  const { value, onChange } = props;
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, 300);
  const lastSent = useRef(value);

  useEffect(() => {
    if (debounced !== lastSent.current) {
      lastSent.current = debounced;
      onChange(debounced);
    }
  }, [debounced, onChange]);

  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={props.label}
      aria-label={props.label}
      value={text}
      maxLength={100}
      onChange={(event) => setText(event.target.value)}
      style={{ width: props.width }}
    />
  );
}

export interface OwnerFilterLabels {
  label: string;
  prefix: string;
  everyone: string;
  me: string;
  /** Offered only where records can have no owner (customers in the public pool). */
  none?: string;
}

/** Owner filter: '' everyone, 'me', 'none' where offered, or a member's id. */
export function OwnerFilter(props: {
  value: string;
  onChange: (value: string) => void;
  labels: OwnerFilterLabels;
  minWidth: number;
}) {
  const directory = useMemberDirectory();
  const { labels } = props;
  const options = [
    { value: '', label: labels.everyone },
    { value: 'me', label: labels.me },
    ...(labels.none === undefined ? [] : [{ value: 'none', label: labels.none }]),
    ...directory.assignable.map((member) => ({ value: member.id, label: member.name })),
  ];
  return (
    <Select<string>
      aria-label={labels.label}
      value={props.value}
      onChange={props.onChange}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      prefix={labels.prefix}
      popupMatchSelectWidth={220}
      style={{ minWidth: props.minWidth }}
    />
  );
}
