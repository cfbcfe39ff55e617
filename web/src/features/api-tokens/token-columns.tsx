import { Button, Card, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { formatDateTime, formatRelative } from '../../components/format';
import type { ApiToken } from './api-tokens-api';

/** A day is precise enough in a table; the minute is in the tooltip. */
function DateText({ value }: { value: string }) {
  return (
    <Tooltip title={formatDateTime(value)}>
      <span style={{ whiteSpace: 'nowrap' }}>{dayjs(value).format('YYYY-MM-DD')}</span>
    </Tooltip>
  );
}

/**
 * Column widths for a fixed table layout (with the table's middle density): the settings page leaves a table about
 * 750 px at a 1280 px window, and the name column takes what the others leave, long names cut with an ellipsis (the
 * full name in the tooltip).
 */
export const TOKEN_COLUMN_WIDTHS = { owner: 120, scopes: 128, expires: 100, lastUsed: 140, actions: 88 } as const;

/** Name with the recognisable prefix and creation day, scopes, expiry, last use: shared by both token tables. */
export function tokenColumns<Row extends ApiToken>(t: TFunction): TableColumnsType<Row> {
  return [
    {
      title: t('apiTokens.table.name'),
      key: 'name',
      render: (_, token) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: token.name }} style={{ display: 'block' }}>
            {token.name}
          </Typography.Text>
          <Flex gap={6} align="center" wrap style={{ fontSize: 12 }}>
            <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
              {token.prefix}…
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('apiTokens.table.createdOn', { date: dayjs(token.createdAt).format('YYYY-MM-DD') })}
            </Typography.Text>
          </Flex>
        </div>
      ),
    },
    {
      title: t('apiTokens.table.scopes'),
      key: 'scopes',
      width: TOKEN_COLUMN_WIDTHS.scopes,
      render: (_, token) => (
        <Flex gap={4} wrap>
          {token.scopes.map((scope) => (
            <Tooltip key={scope} title={t(`apiTokens.scope.${scope}`, { nsSeparator: false })}>
              <Tag color={scope === 'crm:delete' ? 'volcano' : scope === 'crm:write' ? 'blue' : 'default'}>{scope}</Tag>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    {
      title: t('apiTokens.table.expires'),
      key: 'expiresAt',
      width: TOKEN_COLUMN_WIDTHS.expires,
      render: (_, token) =>
        token.expired ? (
          <Tooltip title={formatDateTime(token.expiresAt)}>
            <Tag color="red">{t('apiTokens.table.expired')}</Tag>
          </Tooltip>
        ) : (
          <DateText value={token.expiresAt} />
        ),
    },
    {
      title: t('apiTokens.table.lastUsed'),
      key: 'lastUsed',
      width: TOKEN_COLUMN_WIDTHS.lastUsed,
      render: (_, token) =>
        token.lastUsedAt ? (
          <>
            <Tooltip title={formatDateTime(token.lastUsedAt)}>
              <span>{formatRelative(token.lastUsedAt)}</span>
            </Tooltip>
            <Typography.Text
              type="secondary"
              ellipsis={token.lastUsedIp ? { tooltip: token.lastUsedIp } : false}
              style={{ display: 'block', fontSize: 12 }}
            >
              {token.lastUsedIp ?? ''}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t('apiTokens.table.neverUsed')}</Typography.Text>
        ),
    },
  ];
}

/** The revoke button behind a confirmation; the name is repeated so the right token goes. */
export function RevokeButton({
  token,
  t,
  pending,
  onRevoke,
}: {
  token: ApiToken;
  t: TFunction;
  pending: boolean;
  onRevoke: () => void;
}) {
  return (
    <Popconfirm
      title={t('apiTokens.revoke.confirm', { name: token.name })}
      description={t('apiTokens.revoke.confirmText')}
      okText={t('apiTokens.revoke.action')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={onRevoke}
    >
      <Button size="small" danger loading={pending} aria-label={t('apiTokens.revoke.actionFor', { name: token.name })}>
        {t('apiTokens.revoke.action')}
      </Button>
    </Popconfirm>
  );
}

interface TokensTableProps<Row extends ApiToken> {
  tokens: { isError: boolean; error: Error | null; isPending: boolean; data?: { items: Row[] } };
  columns: TableColumnsType<Row>;
  testId: string;
  pagination: TableProps<Row>['pagination'];
  empty: ReactNode;
}

/**
 * A token list in a card: the load error in its place, the empty state. Fixed layout with set widths, so it fits the
 * settings page at 1280 px; it scrolls sideways only on screens too narrow for its minimum width.
 */
export function TokensTable<Row extends ApiToken>({
  tokens,
  columns,
  testId,
  pagination,
  empty,
}: TokensTableProps<Row>) {
  if (tokens.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {tokens.error?.message}
      </Typography.Paragraph>
    );
  }
  return (
    <Card variant="borderless" styles={{ body: { padding: 0 } }}>
      <Table<Row>
        rowKey="id"
        data-testid={testId}
        loading={tokens.isPending}
        columns={columns}
        dataSource={tokens.data?.items ?? []}
        pagination={pagination}
        size="middle"
        tableLayout="fixed"
        scroll={{ x: 640 }}
        locale={{ emptyText: empty }}
      />
    </Card>
  );
}
