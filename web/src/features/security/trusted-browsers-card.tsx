import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { TrustedBrowserInfo } from '../../api/types';
import { formatDateTime, formatRelative } from '../../components/format';
import { DeviceIcon } from './device-icon';

export const trustedBrowsersQueryKey = ['trusted-browsers'] as const;

/**
 * Browsers that skip the second sign-in step. Read fresh each time: a password or factor change elsewhere ends every
 * trust, and a list that still showed them would mislead.
 */
export function useTrustedBrowsers() {
  return useQuery({
    queryKey: trustedBrowsersQueryKey,
    queryFn: () => api.get<TrustedBrowserInfo[]>('/me/trusted-browsers'),
    staleTime: 0,
  });
}

/** Settings → Security, beside the sessions: the trusted browsers with a way to remove each. Hidden when there are none. */
export function TrustedBrowsersCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const trusted = useTrustedBrowsers();

  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<void>(`/me/trusted-browsers/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void message.success(t('security.trustedBrowsers.revoked'));
      void queryClient.invalidateQueries({ queryKey: trustedBrowsersQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });

  const rows = trusted.data ?? [];
  if (rows.length === 0) {
    return null;
  }

  const columns: TableColumnsType<TrustedBrowserInfo> = [
    {
      title: t('security.trustedBrowsers.browser'),
      key: 'browser',
      render: (_, row) => (
        <Flex gap={12} align="center">
          <span style={{ fontSize: 20, opacity: 0.7 }}>
            <DeviceIcon device={row.device} />
          </span>
          <div>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>
                {[row.browser, row.os].filter(Boolean).join(' · ') || t('security.sessions.unknownDevice')}
              </Typography.Text>
              {row.current ? <Tag color="green">{t('security.trustedBrowsers.thisBrowser')}</Tag> : null}
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('security.trustedBrowsers.trustedOn', { time: formatDateTime(row.createdAt) })}
            </Typography.Text>
          </div>
        </Flex>
      ),
    },
    {
      title: <span style={{ whiteSpace: 'nowrap' }}>{t('security.sessions.ip')}</span>,
      dataIndex: 'ip',
      key: 'ip',
      render: (ip: string | null) => ip ?? '—',
    },
    {
      // When it was last used sits under the end of the trust, so the table fits beside the sessions without scrolling.
      title: t('security.trustedBrowsers.until'),
      dataIndex: 'expiresAt',
      key: 'expiresAt',
      render: (value: string, row) => (
        <>
          <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(value)}</span>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
            {row.lastUsedAt ? (
              <Tooltip title={formatDateTime(row.lastUsedAt)}>
                {t('security.trustedBrowsers.lastUsed', { time: formatRelative(row.lastUsedAt) })}
              </Tooltip>
            ) : (
              t('security.trustedBrowsers.notUsedYet')
            )}
          </Typography.Text>
        </>
      ),
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, row) => (
        <Popconfirm
          title={t('security.trustedBrowsers.confirmRevoke')}
          description={t('security.trustedBrowsers.confirmRevokeHint')}
          okText={t('security.trustedBrowsers.revoke')}
          cancelText={t('common.cancel')}
          onConfirm={() => revoke.mutate(row.id)}
        >
          <Button size="small" danger loading={revoke.isPending && revoke.variables === row.id}>
            {t('security.trustedBrowsers.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card variant="borderless" title={t('security.trustedBrowsers.title')} data-testid="trusted-browsers-card">
      <Typography.Paragraph type="secondary">{t('security.trustedBrowsers.description')}</Typography.Paragraph>
      <Table<TrustedBrowserInfo>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        data-testid="trusted-browsers-table"
      />
    </Card>
  );
}
