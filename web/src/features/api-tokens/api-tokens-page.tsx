import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { useHasPermission } from '../auth/session-queries';
import { apiTokensApi, refreshApiTokens, useMyApiTokens, type ApiToken } from './api-tokens-api';
import { CreateTokenDialog } from './create-token-dialog';
import { OrgTokensTable } from './org-tokens-table';
import { RevokeButton, TOKEN_COLUMN_WIDTHS, TokensTable, tokenColumns } from './token-columns';

/**
 * Settings → API tokens: personal tokens for scripts calling the CRM API as oneself. Admins and owners also see every
 * member's tokens and can revoke them.
 */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const hasPermission = useHasPermission();
  const canManageMembers = hasPermission('members.manage');
  const [creating, setCreating] = useState(false);
  const tokens = useMyApiTokens();
  const atLimit =
    (tokens.data?.items.filter((token) => !token.expired).length ?? 0) >= (tokens.data?.limit ?? Infinity);

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} disabled={!tokens.data || atLimit} onClick={() => setCreating(true)}>
      {t('apiTokens.new')}
    </Button>
  );
  const mine = <MyTokensTable onCreate={createButton} />;

  return (
    <>
      <PageHeading title={t('apiTokens.title')} description={t('apiTokens.description')} actions={createButton} />
      {atLimit ? (
        <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
          {t('apiTokens.limitReached', { count: tokens.data?.limit ?? 0 })}
        </Typography.Paragraph>
      ) : null}
      <div style={{ marginTop: 16 }}>
        {canManageMembers ? (
          <Tabs
            items={[
              { key: 'mine', label: t('apiTokens.tabs.mine'), children: mine },
              { key: 'organization', label: t('apiTokens.tabs.organization'), children: <OrgTokensTable /> },
            ]}
          />
        ) : (
          mine
        )}
      </div>
      <CreateTokenDialog
        open={creating}
        allowedScopes={tokens.data?.allowedScopes ?? []}
        onClose={() => setCreating(false)}
      />
    </>
  );
}

function MyTokensTable({ onCreate }: { onCreate: React.ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tokens = useMyApiTokens();
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => apiTokensApi.revokeMine(token.id),
    onSuccess: (_, token) => void message.success(t('apiTokens.revoke.done', { name: token.name })),
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshApiTokens(queryClient),
  });

  const columns: TableColumnsType<ApiToken> = [
    ...tokenColumns<ApiToken>(t),
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      width: TOKEN_COLUMN_WIDTHS.actions,
      render: (_, token) => (
        <RevokeButton
          token={token}
          t={t}
          pending={revoke.isPending && revoke.variables.id === token.id}
          onRevoke={() => revoke.mutate(token)}
        />
      ),
    },
  ];

  return (
    <TokensTable<ApiToken>
      tokens={tokens}
      columns={columns}
      testId="api-tokens-table"
      pagination={false}
      empty={
        <Empty
          image={<ApiOutlined style={{ fontSize: 40, opacity: 0.35 }} />}
          description={t('apiTokens.empty')}
          style={{ padding: '24px 0' }}
        >
          {onCreate}
        </Empty>
      }
    />
  );
}
