import { UserAddOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { RoleName } from '../../api/types';
import { PageHeading } from '../../components/page-section';
import { useHasPermission, useMe } from '../auth/session-queries';
import { ApprovalsPanel, approvableCount } from './approvals-panel';
import { BulkActions } from './bulk-actions';
import { InviteMemberModal } from './invite-member-modal';
import { useMemberActionHost } from './member-action-host';
import { MemberDetailDrawer } from './member-detail-drawer';
import { MemberFilterBar } from './member-filter-bar';
import { ROLE_ORDER, filterMembers, isBulkSelectable, type MemberFilters } from './member-filters';
import { useApprovals, useMembers, useRoles } from './member-queries';
import { MembersTable } from './members-table';

type MembersTab = 'members' | 'approvals';

/**
 * Settings → Members: the admin console. The list with search, filters and bulk actions; a drawer per member with
 * their security state, recent events and actions; and the approvals waiting for a second owner
 * (`?tab=approvals`, the link in the approval mail).
 */
export function MembersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const hasPermission = useHasPermission();
  const canManage = hasPermission('members.manage');
  const members = useMembers();
  const roles = useRoles(canManage);
  const approvals = useApprovals(canManage);
  const [searchParams, setSearchParams] = useSearchParams();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [filters, setFilters] = useState<MemberFilters>({ search: '' });
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [detailId, setDetailId] = useState<string | null>(null);
  const host = useMemberActionHost((member) => setDetailId(member.id));

  const viewer = { id: me.user.id, role: me.user.role };
  const isOwner = me.user.role === 'owner';
  const knownRoles = roles.data?.map((entry) => entry.role) ?? ROLE_ORDER;
  // Only owners grant (or take away) ownership; the server enforces it, the UI just does not offer it.
  const assignableRoles: RoleName[] = knownRoles.filter((role) => isOwner || role !== 'owner');
  const all = members.data ?? [];
  const shown = useMemo(() => filterMembers(all, filters), [all, filters]);
  // The drawer and the selection follow the list as it refreshes after an action.
  const detailMember = all.find((member) => member.id === detailId) ?? null;
  const selected = all.filter((member) => selectedIds.includes(member.id) && isBulkSelectable(viewer, member));
  const tab: MembersTab = canManage && searchParams.get('tab') === 'approvals' ? 'approvals' : 'members';
  const waiting = approvableCount(approvals.data);

  const changeTab = (next: string) =>
    setSearchParams(next === 'approvals' ? { tab: 'approvals' } : {}, { replace: true });

  const membersView = (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <MemberFilterBar filters={filters} onChange={setFilters} shown={shown.length} total={all.length} />
        <BulkActions selected={selected} onFinished={() => setSelectedIds([])} />
      </Flex>
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {members.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16 }}>
            {members.error.message}
          </Typography.Paragraph>
        ) : null}
        <MembersTable
          members={shown}
          loading={members.isPending}
          viewer={viewer}
          canManage={canManage}
          assignableRoles={assignableRoles}
          selectedIds={selectedIds}
          onSelectionChange={setSelectedIds}
          onAction={host.start}
        />
      </Card>
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
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
      {canManage ? (
        <Tabs
          activeKey={tab}
          onChange={changeTab}
          items={[
            { key: 'members', label: t('members.tabs.members'), children: membersView },
            {
              key: 'approvals',
              label: (
                <Flex gap={8} align="center" data-testid="approvals-tab">
                  {t('members.tabs.approvals')}
                  {waiting > 0 ? <Badge count={waiting} size="small" /> : null}
                </Flex>
              ),
              children: <ApprovalsPanel viewerId={me.user.id} />,
            },
          ]}
        />
      ) : (
        membersView
      )}
      <MemberDetailDrawer
        member={detailMember}
        viewer={viewer}
        canManage={canManage}
        onAction={host.start}
        onClose={() => setDetailId(null)}
      />
      {host.dialogs}
      {canManage ? (
        <InviteMemberModal open={inviteOpen} roles={assignableRoles} onClose={() => setInviteOpen(false)} />
      ) : null}
    </Flex>
  );
}
