import { MailOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Member, RoleName } from '../../api/types';
import { refreshMembers } from './member-queries';

/** The role of a member the viewer may manage, changed in place. */
export function MemberRoleSelect({ member, roles }: { member: Member; roles: RoleName[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const changeRole = useMutation({
    mutationFn: (role: RoleName) => api.patch<Member>(`/members/${encodeURIComponent(member.id)}`, { role }),
    onSuccess: (updated) => {
      void message.success(t('members.roleChanged', { name: updated.name, role: t(`roles.${updated.role}`) }));
      void refreshMembers(queryClient);
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Select<RoleName>
      aria-label={t('members.changeRoleFor', { name: member.name })}
      value={member.role}
      style={{ width: 108 }}
      loading={changeRole.isPending}
      options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
      onChange={(role) => changeRole.mutate(role)}
    />
  );
}

/** A fresh invitation link for someone who has not joined yet (voids the old one). */
export function ResendInvitationButton({ member }: { member: Member }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const resend = useMutation({
    mutationFn: () => api.post<void>(`/members/${encodeURIComponent(member.id)}/invitation/resend`),
    onSuccess: () => void message.success(t('members.invitationResent', { email: member.email })),
    onError: (error) => void message.error(error.message),
  });
  return (
    <Button size="small" icon={<MailOutlined />} loading={resend.isPending} onClick={() => resend.mutate()}>
      {t('members.resend')}
    </Button>
  );
}
