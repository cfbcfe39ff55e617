import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { useDeliveries, webhooksApi, type Webhook, type WebhookDelivery } from './webhooks-api';

const statusColor = { delivered: 'success', pending: 'processing', failed: 'error' } as const;

/** The delivery log of one endpoint, newest first: status, attempts, the last answer, the next try; redeliver. */
export function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const deliveries = useDeliveries(webhook.id);
  const redeliver = useMutation({
    mutationFn: (id: string) => webhooksApi.redeliver(id),
    onSuccess: (delivery) => {
      void queryClient.invalidateQueries({ queryKey: ['webhooks', webhook.id, 'deliveries'] });
      if (delivery.status === 'delivered') void message.success(t('webhooks.log.redelivered'));
      else void message.warning(t('webhooks.log.redeliverFailed'));
    },
    onError: () => void message.error(t('webhooks.log.redeliverFailed')),
  });

  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.log.event'),
      dataIndex: 'eventType',
      render: (type: string) => <Typography.Text code>{type}</Typography.Text>,
    },
    {
      title: t('webhooks.log.status'),
      dataIndex: 'status',
      render: (status: WebhookDelivery['status']) => (
        <Tag color={statusColor[status]}>{t(`webhooks.status.${status}`)}</Tag>
      ),
    },
    { title: t('webhooks.log.attempts'), dataIndex: 'attempts', align: 'right' },
    {
      title: t('webhooks.log.response'),
      key: 'response',
      render: (_, delivery) => (
        <span>
          {delivery.lastStatusCode ?? '—'}
          {delivery.lastError && delivery.lastError !== 'http_status' ? (
            <Typography.Text type="danger" style={{ marginLeft: 6, fontSize: 12 }}>
              {t(`webhooks.error.${delivery.lastError}`, { defaultValue: delivery.lastError })}
            </Typography.Text>
          ) : null}
          {delivery.lastDurationMs !== null ? (
            <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
              {t('webhooks.log.duration', { ms: delivery.lastDurationMs })}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: t('webhooks.log.created'), dataIndex: 'createdAt', render: (value: string) => formatDateTime(value) },
    {
      title: t('webhooks.log.next'),
      dataIndex: 'nextAttemptAt',
      render: (value: string | null) => (value ? formatDateTime(value) : '—'),
    },
    {
      key: 'actions',
      render: (_, delivery) => (
        <Tooltip title={t('webhooks.log.redeliverHint')}>
          <Button
            size="small"
            disabled={!webhook.active}
            loading={redeliver.isPending && redeliver.variables === delivery.id}
            onClick={() => redeliver.mutate(delivery.id)}
          >
            {t('webhooks.log.redeliver')}
          </Button>
        </Tooltip>
      ),
    },
  ];

  return (
    <Drawer
      open
      title={t('webhooks.log.title', { name: webhook.name })}
      size="large"
      width={960}
      onClose={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('webhooks.log.intro')}</Typography.Paragraph>
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        data-testid="webhook-deliveries"
        loading={deliveries.isLoading}
        dataSource={deliveries.data?.items ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('webhooks.log.empty') }}
      />
    </Drawer>
  );
}
