import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { contractApi, contractKeys, useContractReaders } from './contract-api';

/**
 * Finance access (财务查看权限) in the member drawer: lets the member read every contract and payment without a wider
 * role. Owners and admins only; the server asks for a recent step-up, which opens the "confirm it's you" dialog.
 */
export function FinanceAccessSwitch({ member }: { member: MemberListItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const readers = useContractReaders(true);
  const grant = readers.data?.items.find((reader) => reader.userId === member.id);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      withStepUp(() => (enabled ? contractApi.grantReader(member.id) : contractApi.revokeReader(member.id))),
    onSuccess: (_result, enabled) => {
      void message.success(
        t(enabled ? 'contracts.financeAccess.granted' : 'contracts.financeAccess.revoked', { name: member.name }),
      );
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) {
        void message.error(error instanceof Error ? error.message : String(error));
      }
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: contractKeys.readers }),
  });
  const organisationWide = member.role === 'owner' || member.role === 'admin' || member.role === 'viewer';

  return (
    <Flex justify="space-between" align="flex-start" gap={16} data-testid="finance-access">
      <div style={{ minWidth: 0 }}>
        <Typography.Text strong>{t('contracts.financeAccess.label')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', fontSize: 13 }}>
          {organisationWide
            ? t('contracts.financeAccess.alreadyAll')
            : grant
              ? t('contracts.financeAccess.since', {
                  date: formatDateTime(grant.grantedAt),
                  name: grant.grantedByName ?? '—',
                })
              : t('contracts.financeAccess.hint')}
        </Typography.Paragraph>
      </div>
      <Switch
        checked={grant !== undefined}
        loading={readers.isPending || toggle.isPending}
        disabled={member.status === 'deactivated' || (organisationWide && grant === undefined)}
        aria-label={t('contracts.financeAccess.label')}
        onChange={(enabled) => toggle.mutate(enabled)}
      />
    </Flex>
  );
}
