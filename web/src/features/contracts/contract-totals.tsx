import { Card, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { PaidProgress } from './contract-cells';
import { formatMoney } from '../crm/money-format';
import type { CurrencyTotal } from './contract-types';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {label}
      </Typography.Text>
      <Typography.Text
        strong
        style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
        data-testid={testId}
      >
        {value}
      </Typography.Text>
    </div>
  );
}

/** The filtered list's contract value, money received and money still due, one card per currency (never summed across). */
export function ContractTotals({ totals }: { totals: CurrencyTotal[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage as Language;
  if (totals.length === 0) {
    return null;
  }
  return (
    <Row gutter={[16, 16]} data-testid="contract-totals">
      {totals.slice(0, 4).map((total) => (
        <Col key={total.currency} xs={24} lg={12}>
          <Card variant="borderless" size="small" styles={{ body: { padding: '14px 18px' } }}>
            <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{total.currency}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('contracts.totals.count', { count: total.contracts })}
              </Typography.Text>
            </Flex>
            <Flex gap={24} wrap>
              <Figure
                label={t('contracts.totals.amount')}
                value={formatMoney(total.amount, total.currency, language)}
                testId="total-amount"
              />
              <Figure
                label={t('contracts.totals.paid')}
                value={formatMoney(total.paidAmount, total.currency, language)}
                testId="total-paid"
              />
              <Figure
                label={t('contracts.totals.balance')}
                value={formatMoney(total.balance, total.currency, language)}
                testId="total-balance"
              />
            </Flex>
            <div style={{ marginTop: 8 }}>
              <PaidProgress paidAmount={total.paidAmount} amount={total.amount} width="100%" />
            </div>
          </Card>
        </Col>
      ))}
      {totals.length > 4 ? (
        <Col span={24}>
          <Typography.Text type="secondary">{t('contracts.totals.more', { count: totals.length - 4 })}</Typography.Text>
        </Col>
      ) : null}
    </Row>
  );
}
