import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Flex, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { OutboxMessage, OutboxSummary } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { DateTimeText } from '../../components/date-time-text';
import { PageHeading } from '../../components/page-section';
import { LinkifiedText } from './linkified-text';

function OutboxMessageView({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['outbox', id],
    queryFn: () => api.get<OutboxMessage>(`/mail/outbox/${encodeURIComponent(id)}`),
  });
  if (detail.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (detail.isError) {
    return <Alert type="error" showIcon title={detail.error.message} />;
  }
  return (
    <Flex vertical gap={16}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'to', label: t('outbox.column.to'), children: detail.data.toAddress },
          { key: 'subject', label: t('outbox.column.subject'), children: detail.data.subject },
          { key: 'created', label: t('outbox.column.created'), children: formatDateTime(detail.data.createdAt) },
        ]}
      />
      {/* The text body only: HTML from the outbox is never injected into the page. */}
      <Card size="small" variant="outlined" styles={{ body: { background: '#fafbfd' } }}>
        <pre className="mail-body" data-testid="outbox-body">
          <LinkifiedText text={detail.data.textBody} />
        </pre>
      </Card>
    </Flex>
  );
}

export function OutboxPage() {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string | null>(null);
  const outbox = useQuery({ queryKey: ['outbox'], queryFn: () => api.get<OutboxSummary[]>('/mail/outbox') });
  const inactive = isApiError(outbox.error) && outbox.error.code === 'outbox_inactive';

  const columns: TableColumnsType<OutboxSummary> = [
    {
      title: t('outbox.column.created'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 160,
      render: (value: string) => <DateTimeText value={value} />,
    },
    { title: t('outbox.column.to'), dataIndex: 'toAddress', key: 'to' },
    {
      title: t('outbox.column.subject'),
      dataIndex: 'subject',
      key: 'subject',
      render: (subject: string, record) => (
        <Typography.Link onClick={() => setOpenId(record.id)}>{subject}</Typography.Link>
      ),
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, record) => (
        <Button size="small" onClick={() => setOpenId(record.id)}>
          {t('outbox.view')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={20}>
      <PageHeading
        title={t('outbox.title')}
        description={t('outbox.description')}
        actions={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void outbox.refetch()}
            loading={outbox.isFetching && !outbox.isPending}
          >
            {t('common.refresh')}
          </Button>
        }
      />
      {inactive ? <Alert type="info" showIcon title={t('outbox.inactive')} /> : null}
      {outbox.isError && !inactive ? <Alert type="error" showIcon title={outbox.error.message} /> : null}
      {inactive ? null : (
        <Card variant="borderless" styles={{ body: { padding: 0 } }}>
          <Table<OutboxSummary>
            rowKey="id"
            columns={columns}
            dataSource={outbox.data ?? []}
            loading={outbox.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 720 }}
          />
        </Card>
      )}
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        title={t('outbox.messageTitle')}
        size={720}
        destroyOnHidden
      >
        {openId ? <OutboxMessageView id={openId} /> : null}
      </Drawer>
    </Flex>
  );
}
