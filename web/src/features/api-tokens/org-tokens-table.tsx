import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Empty, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session-queries';
import { apiTokensApi, refreshApiTokens, useOrgApiTokens, type OrgApiToken } from './api-tokens-api';
import { RevokeButton, TOKEN_COLUMN_WIDTHS, TokensTable, tokenColumns } from './token-columns';

/** Every member's live tokens, for admins and owners; only owners revoke an owner's token (as the server rules). */
export function OrgTokensTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const tokens = useOrgApiTokens(true);
  const revoke = useMutation({
    mutationFn: (token: OrgApiToken) => apiTokensApi.revokeAsAdmin(token.id),
    onSuccess: (_, token) =>
      void message.success(t('apiTokens.revoke.doneFor', { name: token.name, owner: token.owner.name })),
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshApiTokens(queryClient),
  });

  const columns: TableColumnsType<OrgApiToken> = [
    {
      title: t('apiTokens.table.owner'),
      key: 'owner',
      width: TOKEN_COLUMN_WIDTHS.owner,
      render: (_, token) => (
        <div>
          <Typography.Text ellipsis={{ tooltip: token.owner.name }} style={{ display: 'block' }}>
            {token.owner.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t(`roles.${token.owner.role}`)}
          </Typography.Text>
        </div>
      ),
    },
    ...tokenColumns<OrgApiToken>(t),
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      width: TOKEN_COLUMN_WIDTHS.actions,
      render: (_, token) =>
        token.owner.role === 'owner' && me.user.role !== 'owner' && token.owner.id !== me.user.id ? (
          <Tooltip title={t('apiTokens.revoke.ownerOnly')}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('apiTokens.revoke.notAllowed')}
            </Typography.Text>
          </Tooltip>
        ) : (
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
    <TokensTable<OrgApiToken>
      tokens={tokens}
      columns={columns}
      testId="org-api-tokens-table"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      empty={<Empty description={t('apiTokens.emptyOrganization')} style={{ padding: '24px 0' }} />}
    />
  );
}
