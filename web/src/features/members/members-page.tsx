import { LockOutlined, MailOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Card, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Member, MemberStatus, RoleName } from '../../api/types';
import { initialsOf } from '../../components/format';
import { DateTimeText } from '../../components/date-time-text';
import { PageHeading } from '../../components/page-section';
import { useHasPermission, useMe } from '../auth/session-queries';
import { InviteMemberModal } from './invite-member-modal';
import { MemberRecoveryActions } from './member-recovery-actions';
import { membersQueryKey, useMembers, useRoles } from './member-queries';

const ALL_ROLES: RoleName[] = ['owner', 'admin', 'manager', 'sales', 'viewer'];
const STATUS_COLORS: Record<MemberStatus, string> = {
  active: 'green',
  invited: 'blue',
  deactivated: 'default',
  frozen: 'geekblue',
};

export function MembersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const hasPermission = useHasPermission();
  const canManage = hasPermission('members.manage');
  const members = useMembers();
  const roles = useRoles(canManage);
  const [inviteOpen, setInviteOpen] = useState(false);

  const isOwner = me.user.role === 'owner';
  const knownRoles = roles.data?.map((entry) => entry.role) ?? ALL_ROLES;
  // Only owners grant (or take away) ownership; the server enforces it, the UI just does not offer it.
  const assignableRoles = knownRoles.filter((role) => isOwner || role !== 'owner');

  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: RoleName }) =>
      api.patch<Member>(`/members/${encodeURIComponent(id)}`, { role }),
    onSuccess: (member) => {
      void message.success(t('members.roleChanged', { name: member.name, role: t(`roles.${member.role}`) }));
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
    },
    onError: (error) => void message.error(error.message),
  });
  const resend = useMutation({
    mutationFn: (member: Member) => api.post<void>(`/members/${encodeURIComponent(member.id)}/invitation/resend`),
    onSuccess: (_result, member) => void message.success(t('members.invitationResent', { email: member.email })),
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<Member> = [
    {
      title: t('members.column.name'),
      key: 'name',
      render: (_, member) => (
        <Flex gap={12} align="center">
          <Avatar style={{ background: '#e8ecfb', color: '#3451d1' }}>{initialsOf(member.name)}</Avatar>
          <div style={{ minWidth: 0 }}>
            <Flex gap={8} align="center">
              <Typography.Text strong>{member.name}</Typography.Text>
              {member.id === me.user.id ? <Tag>{t('members.you')}</Tag> : null}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
              {member.email}
            </Typography.Text>
          </div>
        </Flex>
      ),
    },
    {
      title: t('members.column.role'),
      key: 'role',
      width: 160,
      render: (_, member) => {
        const editable =
          canManage &&
          member.id !== me.user.id &&
          (isOwner || member.role !== 'owner') &&
          member.status !== 'deactivated';
        if (!editable) {
          return <Tag>{t(`roles.${member.role}`)}</Tag>;
        }
        return (
          <Select<RoleName>
            aria-label={t('members.changeRoleFor', { name: member.name })}
            value={member.role}
            style={{ width: 136 }}
            loading={changeRole.isPending && changeRole.variables?.id === member.id}
            options={assignableRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            onChange={(role) => changeRole.mutate({ id: member.id, role })}
          />
        );
      },
    },
    {
      title: t('members.column.status'),
      key: 'status',
      render: (_, member) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLORS[member.status]} icon={member.status === 'frozen' ? <StopOutlined /> : undefined}>
            {t(`members.status.${member.status}`)}
          </Tag>
          {member.locked ? (
            <Tooltip title={t('members.lockedHint')}>
              <Tag color="red" icon={<LockOutlined />}>
                {t('members.locked')}
              </Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('members.column.lastSignIn'),
      dataIndex: 'lastSignInAt',
      key: 'lastSignInAt',
      render: (value: string | null) =>
        value ? (
          <DateTimeText value={value} />
        ) : (
          <Typography.Text type="secondary">{t('members.neverSignedIn')}</Typography.Text>
        ),
    },
    ...(canManage
      ? [
          {
            title: <span className="visually-hidden">{t('common.actions')}</span>,
            key: 'actions',
            align: 'right' as const,
            render: (_: unknown, member: Member) =>
              member.status === 'invited' ? (
                <Button
                  size="small"
                  icon={<MailOutlined />}
                  loading={resend.isPending && resend.variables?.id === member.id}
                  onClick={() => resend.mutate(member)}
                >
                  {t('members.resend')}
                </Button>
              ) : member.id !== me.user.id && (isOwner || member.role !== 'owner') ? (
                <MemberRecoveryActions member={member} />
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={20}>
      <PageHeading
        title={t('members.title')}
        description={t('members.description')}
        actions={
          canManage ? (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviteOpen(true)}>
              {t('members.inviteButton')}
            </Button>
          ) : null
        }
      />
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {members.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16 }}>
            {members.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<Member>
          rowKey="id"
          columns={columns}
          dataSource={members.data ?? []}
          loading={members.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {canManage ? (
        <InviteMemberModal open={inviteOpen} roles={assignableRoles} onClose={() => setInviteOpen(false)} />
      ) : null}
    </Flex>
  );
}
