import { UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { memberAdminApi } from './member-admin-api';
import { refreshMembers } from './member-queries';

/** Lift a freeze ("this wasn't me") straight from the row, one click away instead of in the actions menu. */
export function UnfreezeButton({ member }: { member: Member }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  const unfreeze = useMutation({
    mutationFn: () => memberAdminApi.unfreeze(member.id),
    onSuccess: () => {
      void message.success(t('members.recovery.unfrozen', { name: member.name }));
      void refreshMembers(queryClient);
    },
    onError: (error) => void message.error(error.message),
  });

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
