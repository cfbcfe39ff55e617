import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Skeleton, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { contractApi, refreshContracts, usePayments } from './contract-api';
import { Money } from './contract-cells';
import type { Contract, Payment } from './contract-types';
import { formatMoney } from '../crm/money-format';

/** The contract's payments in the order they came in, each with what was still due after it (running balance). */
export function PaymentList({ contract, onRecord }: { contract: Contract; onRecord: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const payments = usePayments(contract.id);
  const language = i18n.resolvedLanguage as Language;

  if (payments.isPending) {
    return <Skeleton active paragraph={{ rows: 3 }} />;
  }
  if (payments.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {payments.error.message}
      </Typography.Paragraph>
    );
  }
  const canRecord = payments.data.contract.canEdit && contract.balance !== '0.00';

  const remove = (payment: Payment) => {
    void modal.confirm({
      title: t('contracts.payments.deleteConfirm', {
        amount: formatMoney(payment.amount, contract.currency, language),
        date: payment.receivedDate,
      }),
      content: t('contracts.payments.deleteText'),
      okText: t('contracts.payments.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await contractApi.removePayment(payment.id);
          void message.success(t('contracts.payments.deleted'));
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        } finally {
          void refreshContracts(queryClient);
        }
      },
    });
  };

  const secondary = (text: string) => (
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
      {text}
    </Typography.Text>
  );
  const columns: TableColumnsType<Payment> = [
    {
      title: t('contracts.payments.receivedDate'),
      key: 'date',
      render: (_, payment) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          {payment.receivedDate}
          {payment.createdByName
            ? secondary(t('contracts.payments.recordedByName', { name: payment.createdByName }))
            : null}
        </div>
      ),
    },
    {
      title: t('contracts.payments.amountShort'),
      key: 'amount',
      align: 'right',
      render: (_, payment) => <Money amount={payment.amount} currency={contract.currency} strong />,
    },
    {
      title: t('contracts.payments.method'),
      key: 'method',
      render: (_, payment) => (
        <Tooltip title={payment.notes}>
          <div style={{ maxWidth: 200 }}>
            {t(`contracts.method.${payment.method}`)}
            {payment.reference ? secondary(payment.reference) : null}
            {payment.notes && !payment.reference ? secondary(t('contracts.payments.hasNotes')) : null}
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('contracts.payments.balanceAfter'),
      key: 'balanceAfter',
      align: 'right',
      render: (_, payment) => (
        <Money
          amount={payment.balanceAfter}
          currency={contract.currency}
          type={payment.balanceAfter === '0.00' ? 'success' : undefined}
        />
      ),
    },
    ...(payments.data.contract.canEdit
      ? [
          {
            title: <span className="visually-hidden">{t('common.actions')}</span>,
            key: 'actions',
            align: 'right' as const,
            width: 48,
            render: (_: unknown, payment: Payment) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('contracts.payments.deleteFor', { date: payment.receivedDate })}
                onClick={() => remove(payment)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12}>
      <Table<Payment>
        rowKey="id"
        size="small"
        data-testid="payment-list"
        columns={columns}
        dataSource={payments.data.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.payments.empty')}>
              {canRecord ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={onRecord}>
                  {t('contracts.payments.record')}
                </Button>
              ) : null}
            </Empty>
          ),
        }}
      />
    </Flex>
  );
}
