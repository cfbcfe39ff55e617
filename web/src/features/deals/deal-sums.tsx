import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../crm/money-format';
import { STAGE_KIND_COLORS } from './deal-format';
import { STAGE_KINDS, type DealSum } from './deal-types';

/** "Open ¥120,000.00 · US$5,000.00 (4)  Won ¥80,000.00 (2)": the matching deals' amounts per status and currency. */
export function DealSums({ sums }: { sums: DealSum[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const groups = STAGE_KINDS.map((status) => ({ status, sums: sums.filter((sum) => sum.status === status) })).filter(
    (group) => group.sums.length > 0,
  );
  if (groups.length === 0) {
    return null;
  }
  return (
    <Flex gap={16} wrap align="center" data-testid="deal-sums">
      {groups.map((group) => (
        <span key={group.status} style={{ whiteSpace: 'nowrap' }}>
          <Tag color={STAGE_KIND_COLORS[group.status]} bordered={false}>
            {t(`deals.status.${group.status}`)}
          </Tag>
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {group.sums.map((sum) => formatMoney(sum.amount, sum.currency, language)).join(' · ')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
            {t('deals.sums.count', { count: group.sums.reduce((total, sum) => total + sum.count, 0) })}
          </Typography.Text>
        </span>
      ))}
    </Flex>
  );
}
