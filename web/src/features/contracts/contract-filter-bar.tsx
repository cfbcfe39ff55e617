import { Button, Checkbox, DatePicker, Flex } from 'antd';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect } from '../../components/filter-select';
import { OwnerFilter, SearchFilter } from '../crm/list-filters';
import { hasNarrowingContractFilters } from './contract-filters';
import { CONTRACT_STATUSES, type ContractListFilters, type ContractStatus } from './contract-types';

interface ContractFilterBarProps {
  filters: ContractListFilters;
  onChange: (changes: Partial<ContractListFilters>) => void;
  onClear: () => void;
}

/** Search (number, title; debounced), owner, status, signing period and "money still due"; all server-side. */
export function ContractFilterBar({ filters, onChange, onClear }: ContractFilterBarProps) {
  const { t } = useTranslation();
  const onSearch = useCallback((q: string) => onChange({ q }), [onChange]);
  return (
    <Flex gap={8} wrap align="center">
      <SearchFilter value={filters.q} onChange={onSearch} label={t('contracts.filter.search')} width={240} />
      <OwnerFilter
        value={filters.owner}
        onChange={(owner) => onChange({ owner })}
        labels={{
          label: t('contracts.filter.owner'),
          prefix: t('contracts.filter.ownerPrefix'),
          everyone: t('contracts.filter.ownerEveryone'),
          me: t('contracts.filter.ownerMe'),
        }}
        minWidth={150}
      />
      <FilterSelect<ContractStatus>
        label={t('contracts.field.status')}
        value={filters.status === '' ? undefined : filters.status}
        onChange={(status) => onChange({ status: status ?? '' })}
        options={CONTRACT_STATUSES.map((status) => ({ value: status, label: t(`contracts.status.${status}`) }))}
        width={120}
      />
      <DatePicker.RangePicker
        aria-label={t('contracts.filter.signedPeriod')}
        placeholder={[t('contracts.filter.signedFrom'), t('contracts.filter.signedTo')]}
        value={[
          filters.signedFrom ? dayjs(filters.signedFrom) : null,
          filters.signedTo ? dayjs(filters.signedTo) : null,
        ]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          onChange({
            signedFrom: range?.[0]?.format('YYYY-MM-DD') ?? '',
            signedTo: range?.[1]?.format('YYYY-MM-DD') ?? '',
          })
        }
        style={{ width: 250 }}
      />
      <Checkbox checked={filters.unpaid} onChange={(event) => onChange({ unpaid: event.target.checked })}>
        {t('contracts.filter.unpaid')}
      </Checkbox>
      {hasNarrowingContractFilters(filters) ? (
        <Button type="link" onClick={onClear} style={{ paddingInline: 4 }}>
          {t('contracts.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
