import { SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect } from '../../components/filter-select';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useMemberDirectory } from '../crm/member-directory';
import { hasNarrowingFilters } from './customer-filters';
import {
  CUSTOMER_LEVELS,
  CUSTOMER_SOURCES,
  CUSTOMER_STATUSES,
  type CustomerLevel,
  type CustomerListFilters,
  type CustomerSource,
  type CustomerStatus,
} from './customer-types';

interface CustomerFilterBarProps {
  filters: CustomerListFilters;
  onChange: (changes: Partial<CustomerListFilters>) => void;
  onClear: () => void;
}

/** Search (name, phone, website; debounced) and the owner, level, status and source filters; all server-side. */
export function CustomerFilterBar({ filters, onChange, onClear }: CustomerFilterBarProps) {
  const { t } = useTranslation();
  const directory = useMemberDirectory();
  const [text, setText] = useState(filters.q);
  const debounced = useDebouncedValue(text, 300);
  const lastSent = useRef(filters.q);

  useEffect(() => {
    if (debounced !== lastSent.current) {
      lastSent.current = debounced;
      onChange({ q: debounced });
    }
  }, [debounced, onChange]);

  // The address changed from elsewhere (back button, "clear filters"): show it in the box.
  useEffect(() => {
    if (filters.q !== lastSent.current) {
      lastSent.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  const ownerOptions = [
    { value: '', label: t('customers.filter.ownerEveryone') },
    { value: 'me', label: t('customers.filter.ownerMe') },
    { value: 'none', label: t('customers.filter.ownerNone') },
    ...directory.assignable.map((member) => ({ value: member.id, label: member.name })),
  ];

  return (
    <Flex gap={8} wrap align="center">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('customers.filter.search')}
        aria-label={t('customers.filter.search')}
        value={text}
        maxLength={100}
        onChange={(event) => setText(event.target.value)}
        style={{ width: 260 }}
      />
      <Select<string>
        aria-label={t('customers.filter.owner')}
        value={filters.owner}
        onChange={(owner) => onChange({ owner })}
        options={ownerOptions}
        showSearch={{ optionFilterProp: 'label' }}
        prefix={t('customers.filter.ownerPrefix')}
        popupMatchSelectWidth={220}
        style={{ minWidth: 160 }}
      />
      <FilterSelect<CustomerLevel>
        label={t('customers.field.level')}
        value={filters.level === '' ? undefined : filters.level}
        onChange={(level) => onChange({ level: level ?? '' })}
        options={CUSTOMER_LEVELS.map((level) => ({ value: level, label: t('customers.levelTag', { level }) }))}
        width={110}
      />
      <FilterSelect<CustomerStatus>
        label={t('customers.field.status')}
        value={filters.status === '' ? undefined : filters.status}
        onChange={(status) => onChange({ status: status ?? '' })}
        options={CUSTOMER_STATUSES.map((status) => ({ value: status, label: t(`customers.status.${status}`) }))}
        width={120}
      />
      <FilterSelect<CustomerSource>
        label={t('customers.field.source')}
        value={filters.source === '' ? undefined : filters.source}
        onChange={(source) => onChange({ source: source ?? '' })}
        options={CUSTOMER_SOURCES.map((source) => ({ value: source, label: t(`customers.source.${source}`) }))}
        width={120}
        popupWidth={160}
      />
      {hasNarrowingFilters({ ...filters, q: text }) ? (
        <Button type="link" onClick={onClear} style={{ paddingInline: 4 }}>
          {t('customers.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
