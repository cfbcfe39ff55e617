import { EllipsisOutlined, InsuranceOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Member } from '../../api/types';
import { membersQueryKey } from './member-queries';

const memberPath = (member: Member, action: string) => `/members/${encodeURIComponent(member.id)}/${action}`;

/** Lift a freeze ("this wasn't me") and ask a member to add ways back at the next sign-in. */
export function MemberRecoveryActions({ member }: { member: Member }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();

  const unfreeze = useMutation({
    mutationFn: () => api.post<unknown>(memberPath(member, 'unfreeze')),
    onSuccess: () => {
      void message.success(t('members.recovery.unfrozen', { name: member.name }));
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });
  const requireSetup = useMutation({
    mutationFn: () => api.post<unknown>(memberPath(member, 'require-recovery-setup')),
    onSuccess: () => {
      void message.success(t('members.recovery.setupRequired', { name: member.name }));
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });

  if (member.status === 'frozen') {
    return (
      <Popconfirm
        title={t('members.recovery.confirmUnfreeze', { name: member.name })}
        description={<div style={{ maxWidth: 320 }}>{t('members.recovery.confirmUnfreezeHint')}</div>}
        okText={t('members.recovery.unfreeze')}
        cancelText={t('common.cancel')}
        onConfirm={() => unfreeze.mutate()}
      >
        <Button size="small" type="primary" icon={<UnlockOutlined />} loading={unfreeze.isPending}>
          {t('members.recovery.unfreeze')}
        </Button>
      </Popconfirm>
    );
  }
  if (member.status !== 'active') {
    return null;
  }
  // Rarely needed, so it waits in a menu instead of widening every row.
  const confirmRequire = () =>
    void modal.confirm({
      title: t('members.recovery.confirmRequire', { name: member.name }),
      content: t('members.recovery.confirmRequireHint'),
      okText: t('members.recovery.require'),
      cancelText: t('common.cancel'),
      // A failure is reported by the mutation's message; the dialog closes either way.
      onOk: () => requireSetup.mutateAsync().catch(() => undefined),
    });
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [{ key: 'require', icon: <InsuranceOutlined />, label: t('members.recovery.require') }],
        onClick: confirmRequire,
      }}
    >
      <Button
        size="small"
        type="text"
        icon={<EllipsisOutlined />}
        loading={requireSetup.isPending}
        aria-label={t('members.recovery.moreFor', { name: member.name })}
      />
    </Dropdown>
  );
}
