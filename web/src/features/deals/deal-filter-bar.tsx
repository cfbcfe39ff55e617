import { Button, DatePicker, Flex, Input, Space } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect } from '../../components/filter-select';
import { OwnerFilter, SearchFilter } from '../crm/list-filters';
import { usePipeline } from './deal-api';
import { hasNarrowingDealFilters } from './deal-filters';
import { stageLabel } from './deal-format';
import { STAGE_KINDS, type DealFilters, type StageKind } from './deal-types';

interface DealFilterBarProps {
  filters: DealFilters;
  onChange: (changes: Partial<DealFilters>) => void;
  onClear: () => void;
  /** The board shows every stage as a column: no stage filter there. */
  showStage: boolean;
}

const AMOUNT = /^\d{0,16}(\.\d{0,2})?$/;

/** An amount bound: digits with up to two decimals, applied when the field is left or Enter is pressed. */
function AmountBound({ value, label, onCommit }: { value: string; label: string; onCommit: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const clean = text.trim().replace(/\.$/, '');
    if (clean !== value) {
      onCommit(clean);
    }
  };
  return (
    <Input
      aria-label={label}
      placeholder={label}
      inputMode="decimal"
      value={text}
      onChange={(event) => {
        if (AMOUNT.test(event.target.value.trim())) {
          setText(event.target.value);
        }
      }}
      onBlur={commit}
      onPressEnter={commit}
      style={{ width: 112 }}
    />
  );
}

/** Search, owner, stage, status, expected close date and amount range; all applied on the server. */
export function DealFilterBar({ filters, onChange, onClear, showStage }: DealFilterBarProps) {
  const { t } = useTranslation();
  const onSearch = useCallback((q: string) => onChange({ q }), [onChange]);
  const pipeline = usePipeline();
  return (
    <Flex gap={8} wrap align="center">
      <SearchFilter value={filters.q} onChange={onSearch} label={t('deals.filter.search')} width={200} />
      <OwnerFilter
        value={filters.owner}
        onChange={(owner) => onChange({ owner })}
        labels={{
          label: t('deals.filter.owner'),
          prefix: t('deals.filter.ownerPrefix'),
          everyone: t('deals.filter.ownerEveryone'),
          me: t('deals.filter.ownerMe'),
        }}
        minWidth={140}
      />
      {showStage ? (
        <FilterSelect<string>
          label={t('deals.field.stage')}
          value={filters.stage === '' ? undefined : filters.stage}
          onChange={(stage) => onChange({ stage: stage ?? '' })}
          options={(pipeline.data?.stages ?? []).map((stage) => ({ value: stage.id, label: stageLabel(t, stage) }))}
          width={130}
          popupWidth={200}
        />
      ) : null}
      <FilterSelect<StageKind>
        label={t('deals.field.status')}
        value={filters.status === '' ? undefined : filters.status}
        onChange={(status) => onChange({ status: status ?? '' })}
        options={STAGE_KINDS.map((kind) => ({ value: kind, label: t(`deals.status.${kind}`) }))}
        width={100}
      />
      <DatePicker.RangePicker
        aria-label={t('deals.filter.closeRange')}
        placeholder={[t('deals.filter.closeFrom'), t('deals.filter.closeTo')]}
        allowEmpty={[true, true]}
        value={[filters.closeFrom ? dayjs(filters.closeFrom) : null, filters.closeTo ? dayjs(filters.closeTo) : null]}
        onChange={(range) =>
          onChange({
            closeFrom: range?.[0]?.format('YYYY-MM-DD') ?? '',
            closeTo: range?.[1]?.format('YYYY-MM-DD') ?? '',
          })
        }
        style={{ width: 232 }}
      />
      <Space.Compact>
        <AmountBound
          value={filters.amountMin}
          label={t('deals.filter.amountMin')}
          onCommit={(amountMin) => onChange({ amountMin })}
        />
        <AmountBound
          value={filters.amountMax}
          label={t('deals.filter.amountMax')}
          onCommit={(amountMax) => onChange({ amountMax })}
        />
      </Space.Compact>
      {hasNarrowingDealFilters(filters) ? (
        <Button type="link" onClick={onClear} style={{ paddingInline: 4 }}>
          {t('deals.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
