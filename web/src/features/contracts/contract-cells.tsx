import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { formatMoney, paidPercent } from '../crm/money-format';
import type { ContractStatus } from './contract-types';

export const CONTRACT_STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'default',
  active: 'processing',
  completed: 'success',
  terminated: 'error',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={CONTRACT_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`contracts.status.${status}`)}
    </Tag>
  );
}

/** An amount in its currency, formatted for the UI language; tabular digits so columns line up. */
export function Money({
  amount,
  currency,
  strong,
  type,
  style,
}: {
  amount: string;
  currency: string;
  strong?: boolean;
  type?: 'secondary' | 'success' | 'warning' | 'danger';
  style?: CSSProperties;
}) {
  const { i18n } = useTranslation();
  return (
    <Typography.Text
      strong={strong}
      type={type}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', ...style }}
    >
      {formatMoney(amount, currency, i18n.resolvedLanguage as Language)}
    </Typography.Text>
  );
}

/** How much of the contract has been received, as a bar with the percentage; green once fully paid. */
export function PaidProgress({
  paidAmount,
  amount,
  width = 120,
}: {
  paidAmount: string;
  amount: string;
  width?: number | string;
}) {
  const { t } = useTranslation();
  const percent = paidPercent(paidAmount, amount);
  return (
    <Tooltip title={t('contracts.list.paidShare', { percent })}>
      <Flex
        align="center"
        gap={8}
        style={{ width }}
        data-testid="paid-progress"
        aria-label={t('contracts.list.paidShare', { percent })}
      >
        <Progress
          percent={percent}
          size="small"
          showInfo={false}
          status={percent >= 100 ? 'success' : 'normal'}
          style={{ flex: '1 1 auto', margin: 0 }}
        />
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums', minWidth: 40, textAlign: 'end' }}
        >
          {percent}%
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}
