import { Button, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem, RoleName } from '../../api/types';
import { formatDateTime, formatRelative } from '../../components/format';
import { MemberSecurity, MemberStatusTags } from './member-cells';
import { availableActions, type MemberActionKey } from './member-action-list';
import { MemberActionsMenu } from './member-actions-menu';
import { canActOn, isBulkSelectable, memberSorters } from './member-filters';
import { UnfreezeButton } from './member-recovery-actions';
import { MemberRoleSelect, ResendInvitationButton } from './member-row-controls';

interface MembersTableProps {
  members: MemberListItem[];
  loading: boolean;
  viewer: { id: string; role: RoleName };
  canManage: boolean;
  /** Roles the viewer may give (only owners make owners). */
  assignableRoles: RoleName[];
  selectedIds: string[];
  onSelectionChange: (ids: string[]) => void;
  onAction: (action: MemberActionKey, member: MemberListItem) => void;
}

/** Clicks on the row's own controls (and on dialogs or menus opened from them, rendered elsewhere) open nothing. */
function isRowClick(event: MouseEvent<HTMLElement>): boolean {
  const target = event.target as HTMLElement;
  return (
    event.currentTarget.contains(target) &&
    target.closest('button, a, input, label, .ant-select, .ant-checkbox-wrapper, .ant-table-selection-column') === null
  );
}

export function MembersTable(props: MembersTableProps) {
  const { members, loading, viewer, canManage, assignableRoles, selectedIds, onSelectionChange, onAction } = props;
  const { t } = useTranslation();

  const columns: TableColumnsType<MemberListItem> = [
    {
      title: t('members.column.name'),
      key: 'name',
      sorter: memberSorters.name,
      render: (_, member) => (
        <div style={{ minWidth: 0 }}>
          <Flex gap={8} align="center">
            <Button
              type="link"
              onClick={() => onAction('details', member)}
              style={{ padding: 0, height: 'auto', fontWeight: 600 }}
              aria-label={t('members.detailsFor', { name: member.name })}
            >
              {member.name}
            </Button>
            {member.id === viewer.id ? <Tag>{t('members.you')}</Tag> : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
            {member.email}
          </Typography.Text>
          {member.phone ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {member.phone}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('members.column.role'),
      key: 'role',
      sorter: memberSorters.role,
      render: (_, member) => {
        const editable =
          canManage &&
          member.id !== viewer.id &&
          (viewer.role === 'owner' || member.role !== 'owner') &&
          member.status !== 'deactivated';
        return editable ? (
          <MemberRoleSelect member={member} roles={assignableRoles} />
        ) : (
          <Tag>{t(`roles.${member.role}`)}</Tag>
        );
      },
    },
    {
      title: t('members.column.status'),
      key: 'status',
      sorter: memberSorters.status,
      render: (_, member) => (
        <Flex vertical gap={6} align="flex-start">
          <MemberStatusTags member={member} />
          {/* The next step for a frozen or invited member sits by the status, one click away. */}
          {canManage && availableActions(viewer, member).includes('unfreeze') ? (
            <UnfreezeButton member={member} />
          ) : null}
          {canManage && member.status === 'invited' && canActOn(viewer, member) ? (
            <ResendInvitationButton member={member} />
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('members.column.lastSignIn'),
      key: 'lastSignInAt',
      sorter: memberSorters.lastSignIn,
      render: (_, member) =>
        member.lastSignInAt ? (
          <Tooltip title={formatDateTime(member.lastSignInAt)}>
            <span style={{ whiteSpace: 'nowrap' }}>{formatRelative(member.lastSignInAt)}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('members.neverSignedIn')}</Typography.Text>
        ),
    },
    {
      title: t('members.column.security'),
      key: 'security',
      sorter: memberSorters.recovery,
      render: (_, member) => <MemberSecurity member={member} />,
    },
    ...(canManage
      ? [
          {
            title: <span className="visually-hidden">{t('common.actions')}</span>,
            key: 'actions',
            fixed: 'right' as const,
            align: 'right' as const,
            render: (_: unknown, member: MemberListItem) => {
              const actions = availableActions(viewer, member);
              return actions.length > 0 ? (
                <MemberActionsMenu member={member} actions={actions} onAction={onAction} />
              ) : null;
            },
          },
        ]
      : []),
  ];

  return (
    <Table<MemberListItem>
      rowKey="id"
      columns={columns}
      dataSource={members}
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      size="middle"
      scroll={{ x: 'max-content' }}
      showSorterTooltip={false}
      onRow={(member) => ({
        onClick: (event: MouseEvent<HTMLElement>) => {
          if (isRowClick(event)) {
            onAction('details', member);
          }
        },
        style: { cursor: 'pointer' },
      })}
      {...(canManage
        ? {
            rowSelection: {
              selectedRowKeys: selectedIds,
              onChange: (keys) => onSelectionChange(keys.map(String)),
              getCheckboxProps: (member: MemberListItem) => ({
                disabled: !isBulkSelectable(viewer, member),
                'aria-label': t('members.bulk.selectRow', { name: member.name }),
              }),
            },
          }
        : {})}
    />
  );
}
