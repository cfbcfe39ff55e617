import { SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleName } from '../../api/types';
import { FilterSelect } from '../../components/filter-select';
import {
  ROLE_ORDER,
  STATUS_FILTER_KEYS,
  TWO_STEP_FILTER_KEYS,
  hasActiveFilters,
  type MemberFilters,
  type MemberStatusKey,
  type TwoStepKey,
} from './member-filters';

interface MemberFilterBarProps {
  filters: MemberFilters;
  onChange: (filters: MemberFilters) => void;
  shown: number;
  total: number;
}

/** Search by name, e-mail or phone; narrow by role, status and two-step. */
export function MemberFilterBar({ filters, onChange, shown, total }: MemberFilterBarProps) {
  const { t } = useTranslation();
  const statusLabel = (key: MemberStatusKey) =>
    key === 'locked'
      ? t('members.locked')
      : key === 'scheduled'
        ? t('members.filter.scheduled')
        : t(`members.status.${key}`);

  return (
    <Flex gap={8} wrap align="center">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('members.filter.search')}
        aria-label={t('members.filter.search')}
        value={filters.search}
        onChange={(event) => onChange({ ...filters, search: event.target.value })}
        style={{ width: 230 }}
      />
      <FilterSelect<RoleName>
        label={t('members.filter.role')}
        value={filters.role}
        onChange={(role) => onChange({ ...filters, role })}
        options={ROLE_ORDER.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        width={120}
      />
      <FilterSelect<MemberStatusKey>
        label={t('members.filter.status')}
        value={filters.status}
        onChange={(status) => onChange({ ...filters, status })}
        options={STATUS_FILTER_KEYS.map((key) => ({ value: key, label: statusLabel(key) }))}
        width={150}
      />
      <FilterSelect<TwoStepKey>
        label={t('members.filter.twoStep')}
        value={filters.twoStep}
        onChange={(twoStep) => onChange({ ...filters, twoStep })}
        options={TWO_STEP_FILTER_KEYS.map((key) => ({ value: key, label: t(`members.filter.twoStepOption.${key}`) }))}
        width={170}
      />
      {hasActiveFilters(filters) ? (
        <>
          <Button type="link" onClick={() => onChange({ search: '' })}>
            {t('members.filter.clear')}
          </Button>
          <Typography.Text type="secondary" data-testid="members-shown">
            {t('members.filter.shown', { shown, total })}
          </Typography.Text>
        </>
      ) : null}
    </Flex>
  );
}
