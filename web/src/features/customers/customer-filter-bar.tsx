import { Button, Flex } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect } from '../../components/filter-select';
import { OwnerFilter, SearchFilter } from '../crm/list-filters';
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
  const onSearch = useCallback((q: string) => onChange({ q }), [onChange]);
  return (
    <Flex gap={8} wrap align="center">
      <SearchFilter value={filters.q} onChange={onSearch} label={t('customers.filter.search')} width={260} />
      <OwnerFilter
        value={filters.owner}
        onChange={(owner) => onChange({ owner })}
        labels={{
          label: t('customers.filter.owner'),
          prefix: t('customers.filter.ownerPrefix'),
          everyone: t('customers.filter.ownerEveryone'),
          me: t('customers.filter.ownerMe'),
          none: t('customers.filter.ownerNone'),
        }}
        minWidth={160}
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
      {hasNarrowingFilters(filters) ? (
        <Button type="link" onClick={onClear} style={{ paddingInline: 4 }}>
          {t('customers.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
