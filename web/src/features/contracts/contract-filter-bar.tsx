import { SearchOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect } from '../../components/filter-select';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useMemberDirectory } from '../crm/member-directory';
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

  useEffect(() => {
    if (filters.q !== lastSent.current) {
      lastSent.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  const ownerOptions = [
    { value: '', label: t('contracts.filter.ownerEveryone') },
    { value: 'me', label: t('contracts.filter.ownerMe') },
    ...directory.assignable.map((member) => ({ value: member.id, label: member.name })),
  ];

  return (
    <Flex gap={8} wrap align="center">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('contracts.filter.search')}
        aria-label={t('contracts.filter.search')}
        value={text}
        maxLength={100}
        onChange={(event) => setText(event.target.value)}
        style={{ width: 240 }}
      />
      <Select<string>
        aria-label={t('contracts.filter.owner')}
        value={filters.owner}
        onChange={(owner) => onChange({ owner })}
        options={ownerOptions}
        showSearch={{ optionFilterProp: 'label' }}
        prefix={t('contracts.filter.ownerPrefix')}
        popupMatchSelectWidth={220}
        style={{ minWidth: 150 }}
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
      {hasNarrowingContractFilters({ ...filters, q: text }) ? (
        <Button type="link" onClick={onClear} style={{ paddingInline: 4 }}>
          {t('contracts.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
