import { CloudServerOutlined, InboxOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { MailMessage, MailStatus } from '../../api/types';
import { DateTimeText } from '../../components/date-time-text';
import { PageHeading } from '../../components/page-section';
import { useHasPermission, useMe } from '../auth/session-queries';
import { useMailSettings } from '../settings/settings-nav';

const STATUS_COLORS: Record<MailStatus, string> = { queued: 'blue', sent: 'green', failed: 'red', outbox: 'purple' };
const messagesQueryKey = ['mail-messages'] as const;

export function MailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const hasPermission = useHasPermission();
  const settings = useMailSettings();
  const [testRecipient, setTestRecipient] = useState('');
  const messages = useQuery({
    queryKey: messagesQueryKey,
    queryFn: () => api.get<MailMessage[]>('/mail/messages', { limit: 100 }),
  });

  const sendTest = useMutation({
    mutationFn: (to: string) => api.post<{ id: string }>('/mail/test', to ? { to } : {}),
    onSuccess: () => {
      void message.success(t('mail.testQueued'));
      // The job runs in the background; look again shortly to show its outcome.
      window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: messagesQueryKey }), 1500);
      void queryClient.invalidateQueries({ queryKey: messagesQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });

  // Sent time and the last error sit under the status, so the log fits the settings page without scrolling.
  const columns: TableColumnsType<MailMessage> = [
    {
      title: t('mail.column.created'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (value: string) => <DateTimeText value={value} />,
    },
    {
      title: t('mail.column.to'),
      dataIndex: 'toAddress',
      key: 'to',
      render: (value: string) => <span style={{ whiteSpace: 'nowrap' }}>{value}</span>,
    },
    { title: t('mail.column.subject'), dataIndex: 'subject', key: 'subject' },
    {
      title: t('mail.column.status'),
      dataIndex: 'status',
      key: 'status',
      render: (status: MailStatus, record) => (
        <>
          <Tag color={STATUS_COLORS[status]}>{t(`mail.status.${status}`, { defaultValue: status })}</Tag>
          {status === 'sent' && record.sentAt ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
              <DateTimeText value={record.sentAt} />
            </Typography.Text>
          ) : null}
          {/* Why the last attempt failed, at a glance; the expanded row has the full text. */}
          {record.lastError && status !== 'sent' ? (
            <Typography.Text
              type="danger"
              style={{ display: 'block', fontSize: 12, maxWidth: 200, marginTop: 4 }}
              ellipsis={{ tooltip: record.lastError }}
              data-testid="mail-last-error"
            >
              {record.lastError}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    { title: t('mail.column.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
  ];

  const transport = settings.data?.transport;

  return (
    <Flex vertical gap={20}>
      <PageHeading title={t('mail.title')} description={t('mail.description')} />
      <Card variant="borderless" title={t('mail.transport.title')} loading={settings.isPending}>
        {settings.isError ? <Alert type="error" showIcon title={settings.error.message} /> : null}
        {settings.data ? (
          <Flex vertical gap={16}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'transport',
                  label: t('mail.transport.inUse'),
                  children:
                    transport === 'smtp' ? (
                      <Space>
                        <CloudServerOutlined />
                        <span data-testid="mail-transport">
                          {t('mail.transport.smtp', { host: settings.data.smtpHost ?? '?' })}
                        </span>
                      </Space>
                    ) : (
                      <Space>
                        <InboxOutlined />
                        <span data-testid="mail-transport">{t('mail.transport.outbox')}</span>
                      </Space>
                    ),
                },
                { key: 'from', label: t('mail.transport.from'), children: settings.data.from },
              ]}
            />
            {transport === 'outbox' ? (
              <Alert
                type="info"
                showIcon
                title={t('mail.transport.outboxHintTitle')}
                description={
                  <>
                    {t('mail.transport.outboxHint')}{' '}
                    <Typography.Text code>SMTP_URL=smtps://user:password@smtp.example.com:465</Typography.Text>
                    {hasPermission('outbox.read') ? (
                      <>
                        {' '}
                        <Link to="/settings/outbox">{t('mail.transport.openOutbox')}</Link>
                      </>
                    ) : null}
                  </>
                }
              />
            ) : null}
            <Flex gap={8} wrap align="center">
              <Input
                aria-label={t('mail.testRecipient')}
                placeholder={t('mail.testRecipientPlaceholder', { email: me.user.email })}
                value={testRecipient}
                onChange={(event) => setTestRecipient(event.target.value)}
                type="email"
                style={{ maxWidth: 320 }}
              />
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={sendTest.isPending}
                onClick={() => sendTest.mutate(testRecipient.trim())}
              >
                {t('mail.sendTest')}
              </Button>
            </Flex>
          </Flex>
        ) : null}
      </Card>
      <Card
        variant="borderless"
        title={t('mail.log.title')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void messages.refetch()}
            loading={messages.isFetching && !messages.isPending}
          >
            {t('common.refresh')}
          </Button>
        }
        styles={{ body: { padding: 0 } }}
      >
        {messages.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16 }}>
            {messages.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<MailMessage>
          rowKey="id"
          columns={columns}
          dataSource={messages.data ?? []}
          loading={messages.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (record) => Boolean(record.lastError),
            expandedRowRender: (record) => (
              <div>
                <Typography.Text strong>{t('mail.lastError')}</Typography.Text>
                <pre className="mail-body" style={{ marginTop: 6 }}>
                  {record.lastError}
                </pre>
              </div>
            ),
          }}
        />
      </Card>
    </Flex>
  );
}
