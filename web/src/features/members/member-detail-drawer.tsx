import { Avatar, Button, Descriptions, Drawer, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem, RoleName } from '../../api/types';
import { formatDateTime, initialsOf } from '../../components/format';
import { FinanceAccessSwitch } from '../contracts/finance-access-switch';
import { MemberEventList } from './member-event-list';
import { MemberStatusTags, PasswordAge, RecoveryReadiness, TwoStepSummary } from './member-cells';
import {
  ACTION_GROUPS,
  ACTION_ICONS,
  DANGER_ACTIONS,
  actionLabelKey,
  availableActions,
  type MemberActionKey,
} from './member-action-list';

interface MemberDetailDrawerProps {
  /** The member as in the list (kept fresh by the list query); null: closed. */
  member: MemberListItem | null;
  viewer: { id: string; role: RoleName };
  canManage: boolean;
  onAction: (action: MemberActionKey, member: MemberListItem) => void;
  onClose: () => void;
}

/** Everything about one member an admin needs before acting: profile, security state, recent events, actions. */
export function MemberDetailDrawer({ member, viewer, canManage, onAction, onClose }: MemberDetailDrawerProps) {
  const { t } = useTranslation();
  const actions = member && canManage ? availableActions(viewer, member) : [];
  const ordered = ACTION_GROUPS.flat().filter((action) => actions.includes(action));

  return (
    <Drawer
      open={member !== null}
      onClose={onClose}
      size={560}
      title={t('members.detail.title')}
      data-testid="member-detail"
      destroyOnHidden
    >
      {member ? (
        <Flex vertical gap={24}>
          <Flex gap={14} align="center">
            <Avatar size={48} style={{ background: '#e8ecfb', color: '#3451d1', flex: '0 0 auto' }}>
              {initialsOf(member.name)}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {member.name}{' '}
                {member.id === viewer.id ? <Tag style={{ marginInlineStart: 4 }}>{t('members.you')}</Tag> : null}
              </Typography.Title>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {member.email}
              </Typography.Text>
              {member.phone ? <Typography.Text type="secondary">{member.phone}</Typography.Text> : null}
            </div>
          </Flex>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 150 } }}
            items={[
              { key: 'role', label: t('members.column.role'), children: t(`roles.${member.role}`) },
              { key: 'status', label: t('members.column.status'), children: <MemberStatusTags member={member} /> },
              {
                key: 'lastSignIn',
                label: t('members.column.lastSignIn'),
                children: member.lastSignInAt ? formatDateTime(member.lastSignInAt) : t('members.neverSignedIn'),
              },
              { key: 'since', label: t('members.detail.since'), children: formatDateTime(member.createdAt) },
              ...(member.deactivatedAt
                ? [
                    {
                      key: 'deactivated',
                      label: t('members.detail.deactivatedAt'),
                      children: formatDateTime(member.deactivatedAt),
                    },
                  ]
                : []),
              { key: 'twoStep', label: t('members.column.twoStep'), children: <TwoStepSummary member={member} /> },
              { key: 'recovery', label: t('members.column.recovery'), children: <RecoveryReadiness member={member} /> },
              { key: 'password', label: t('members.column.passwordAge'), children: <PasswordAge member={member} /> },
            ]}
          />
          {canManage && member.id !== viewer.id ? <FinanceAccessSwitch member={member} /> : null}
          {ordered.length > 0 ? (
            <section>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('members.detail.actions')}
              </Typography.Title>
              <Flex gap={8} wrap data-testid="member-detail-actions">
                {ordered.map((action) => (
                  <Button
                    key={action}
                    icon={ACTION_ICONS[action]}
                    danger={DANGER_ACTIONS.has(action)}
                    onClick={() => onAction(action, member)}
                  >
                    {t(actionLabelKey(action))}
                  </Button>
                ))}
              </Flex>
            </section>
          ) : null}
          {canManage ? (
            <section>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('members.detail.events')}
              </Typography.Title>
              <MemberEventList memberId={member.id} />
            </section>
          ) : null}
        </Flex>
      ) : null}
    </Drawer>
  );
}
