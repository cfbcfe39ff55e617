import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Flex, Modal, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { DeliveryLog } from './delivery-log';
import { SecretRevealPanel } from './secret-reveal-panel';
import { SignatureHelp } from './signature-help';
import { WebhookDialog } from './webhook-dialog';
import { refreshWebhooks, useWebhooks, webhooksApi, type Webhook, type WebhookWithSecret } from './webhooks-api';

/**
 * Settings → Webhooks (owners and admins): endpoints that receive signed CRM events, their delivery log, test events,
 * secret rotation, switching off and deleting.
 */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const webhooks = useWebhooks();
  const [dialog, setDialog] = useState<{ editing: Webhook | null } | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [rotated, setRotated] = useState<WebhookWithSecret | null>(null);

  const refresh = () => void refreshWebhooks(queryClient);
  const toggle = useMutation({
    mutationFn: (webhook: Webhook) => webhooksApi.update(webhook.id, { active: !webhook.active }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => webhooksApi.remove(id), onSuccess: refresh });
  const rotate = useMutation({
    mutationFn: (id: string) => withStepUp(() => webhooksApi.rotateSecret(id)),
    onSuccess: (result) => setRotated(result),
    onError: (error) => {
      if (!isStepUpCancelled(error)) void message.error(error.message);
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => webhooksApi.test(id),
    onSuccess: (delivery) => {
      if (delivery.status === 'delivered') {
        void message.success(t('webhooks.test.delivered', { code: delivery.lastStatusCode ?? '' }));
      } else {
        void message.error(
          t('webhooks.test.failed', {
            reason:
              delivery.lastStatusCode ??
              t(`webhooks.error.${delivery.lastError ?? 'connection_failed'}`, {
                defaultValue: delivery.lastError ?? '',
              }),
          }),
        );
      }
    },
    onError: (error) => void message.error(error.message),
  });

  const atLimit = (webhooks.data?.items.length ?? 0) >= (webhooks.data?.maxEndpoints ?? Infinity);
  const createButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      disabled={!webhooks.data || atLimit}
      onClick={() => setDialog({ editing: null })}
    >
      {t('webhooks.new')}
    </Button>
  );

  const columns: TableColumnsType<Webhook> = [
    {
      title: t('webhooks.column.endpoint'),
      key: 'endpoint',
      render: (_, webhook) => (
        <Flex vertical>
          <Typography.Text strong>{webhook.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 260 }} ellipsis={{ tooltip: webhook.url }}>
            {webhook.url}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('webhooks.column.events'),
      key: 'events',
      render: (_, webhook) =>
        webhook.allEvents ? (
          <Tag color="blue">{t('webhooks.allEvents')}</Tag>
        ) : (
          <Typography.Text style={{ fontSize: 12 }}>
            {t('webhooks.eventCount', { count: webhook.events.length })}
          </Typography.Text>
        ),
    },
    {
      title: t('webhooks.column.active'),
      key: 'active',
      render: (_, webhook) => (
        <Flex vertical gap={4} align="flex-start">
          <Switch
            size="small"
            checked={webhook.active}
            aria-label={t('webhooks.column.active')}
            loading={toggle.isPending && toggle.variables.id === webhook.id}
            onChange={() => toggle.mutate(webhook)}
          />
          {webhook.disabledReason === 'failing' ? <Tag color="error">{t('webhooks.disabledFailing')}</Tag> : null}
        </Flex>
      ),
    },
    {
      key: 'actions',
      align: 'right',
      render: (_, webhook) => (
        <Flex gap={6} justify="flex-end">
          <Button size="small" onClick={() => setLogOf(webhook)}>
            {t('webhooks.action.log')}
          </Button>
          <Button
            size="small"
            disabled={!webhook.active}
            loading={test.isPending && test.variables === webhook.id}
            onClick={() => test.mutate(webhook.id)}
          >
            {t('webhooks.action.test')}
          </Button>
          <Button size="small" onClick={() => setDialog({ editing: webhook })}>
            {t('webhooks.action.edit')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'rotate', label: t('webhooks.action.rotate') },
                { key: 'delete', label: t('webhooks.action.delete'), danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'rotate') {
                  void modal.confirm({
                    title: t('webhooks.action.rotateConfirm'),
                    okText: t('webhooks.action.rotate'),
                    cancelText: t('webhooks.form.cancel'),
                    onOk: () => rotate.mutate(webhook.id),
                  });
                } else {
                  void modal.confirm({
                    title: t('webhooks.action.deleteConfirm'),
                    okText: t('webhooks.action.delete'),
                    okButtonProps: { danger: true },
                    cancelText: t('webhooks.form.cancel'),
                    onOk: () => remove.mutate(webhook.id),
                  });
                }
              },
            }}
          >
            <Button size="small" icon={<MoreOutlined />} aria-label={t('webhooks.action.more')} />
          </Dropdown>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeading title={t('webhooks.title')} description={t('webhooks.description')} actions={createButton} />
      <Card style={{ marginTop: 16 }}>
        <Table<Webhook>
          rowKey="id"
          data-testid="webhooks-table"
          loading={webhooks.isLoading}
          dataSource={webhooks.data?.items ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: <Empty description={t('webhooks.empty')} /> }}
        />
      </Card>
      <Card style={{ marginTop: 16 }}>
        <SignatureHelp />
      </Card>
      {dialog ? <WebhookDialog open editing={dialog.editing} onClose={() => setDialog(null)} /> : null}
      {logOf ? <DeliveryLog webhook={logOf} onClose={() => setLogOf(null)} /> : null}
      <Modal
        open={rotated !== null}
        title={t('webhooks.secret.rotatedTitle')}
        closable={false}
        maskClosable={false}
        footer={null}
        width={680}
        destroyOnHidden
      >
        {rotated ? <SecretRevealPanel webhook={rotated} onDone={() => setRotated(null)} /> : null}
      </Modal>
    </>
  );
}
