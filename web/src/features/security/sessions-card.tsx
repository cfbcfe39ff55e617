import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SessionInfo } from '../../api/types';
import { formatDateTime, formatRelative } from '../../components/format';
import { DeviceIcon } from './device-icon';
import { trustedBrowsersQueryKey, useTrustedBrowsers } from './trusted-browsers-card';

export const sessionsQueryKey = ['sessions'] as const;

export function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: sessionsQueryKey, queryFn: () => api.get<SessionInfo[]>('/auth/sessions') });
  const hasTrustedBrowsers = (useTrustedBrowsers().data ?? []).length > 0;

  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void message.success(t('security.sessions.revoked'));
      void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });
  const revokeOthers = useMutation({
    mutationFn: () => api.post<{ revoked: number }>('/auth/sessions/revoke-others'),
    onSuccess: (result) => {
      void message.success(t('security.sessions.revokedOthers', { count: result.revoked }));
      void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
      // The server also ends every trusted browser (this one included): they ask for the code again.
      void queryClient.invalidateQueries({ queryKey: trustedBrowsersQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });

  const otherCount = (sessions.data ?? []).filter((session) => !session.current).length;

  const columns: TableColumnsType<SessionInfo> = [
    {
      title: t('security.sessions.device'),
      key: 'device',
      render: (_, session) => (
        <Flex gap={12} align="center">
          <span style={{ fontSize: 20, opacity: 0.7 }}>
            <DeviceIcon device={session.device} />
          </span>
          <div>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>
                {[session.browser, session.os].filter(Boolean).join(' · ') || t('security.sessions.unknownDevice')}
              </Typography.Text>
              {session.current ? <Tag color="green">{t('security.sessions.thisDevice')}</Tag> : null}
              {session.remember ? <Tag>{t('security.sessions.remembered')}</Tag> : null}
            </Flex>
            {session.userAgent ? (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12, maxWidth: 240 }}
                ellipsis={{ tooltip: session.userAgent }}
              >
                {session.userAgent}
              </Typography.Text>
            ) : null}
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
      // When it signed in sits under the last activity, so the table fits the settings page without scrolling.
      title: t('security.sessions.lastSeen'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      render: (value: string, session) => (
        <>
          <Tooltip title={formatDateTime(value)}>
            <span style={{ whiteSpace: 'nowrap' }}>{formatRelative(value)}</span>
          </Tooltip>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('security.sessions.created')} {formatDateTime(session.createdAt)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, session) =>
        session.current ? null : (
          <Popconfirm
            title={t('security.sessions.confirmRevoke')}
            okText={t('security.sessions.signOut')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(session.id)}
          >
            <Button size="small" danger loading={revoke.isPending && revoke.variables === session.id}>
              {t('security.sessions.signOut')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      variant="borderless"
      title={t('security.sessions.title')}
      extra={
        <Popconfirm
          title={t('security.sessions.confirmRevokeOthers')}
          description={hasTrustedBrowsers ? t('security.sessions.confirmRevokeOthersTrusted') : undefined}
          okText={t('security.sessions.signOutOthers')}
          cancelText={t('common.cancel')}
          onConfirm={() => revokeOthers.mutate()}
          disabled={otherCount === 0}
        >
          <Button danger disabled={otherCount === 0} loading={revokeOthers.isPending}>
            {t('security.sessions.signOutOthers')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('security.sessions.description')}</Typography.Paragraph>
      {sessions.isError ? <Typography.Text type="danger">{sessions.error.message}</Typography.Text> : null}
      <Table<SessionInfo>
        rowKey="id"
        columns={columns}
        dataSource={sessions.data ?? []}
        loading={sessions.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        data-testid="sessions-table"
      />
    </Card>
  );
}
