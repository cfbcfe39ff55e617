import { EllipsisOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import {
  ACTION_GROUPS,
  ACTION_ICONS,
  DANGER_ACTIONS,
  actionLabelKey,
  type MemberActionKey,
} from './member-action-list';

interface MemberActionsMenuProps {
  member: MemberListItem;
  /** From availableActions(); the row shows "Lift freeze" as its own button, so the menu leaves it out. */
  actions: MemberActionKey[];
  onAction: (action: MemberActionKey, member: MemberListItem) => void;
}

/** The "⋯" menu of a row: details first, then the member's actions in groups. */
export function MemberActionsMenu({ member, actions, onAction }: MemberActionsMenuProps) {
  const { t } = useTranslation();
  const shown: MemberActionKey[] = actions.filter((action) => action !== 'unfreeze');
  const items: MenuProps['items'] = [
    { key: 'details', icon: ACTION_ICONS.details, label: t('members.action.details') },
  ];
  for (const group of ACTION_GROUPS) {
    const inGroup = group.filter((action) => shown.includes(action));
    if (inGroup.length > 0) {
      items.push({ type: 'divider' });
      items.push(
        ...inGroup.map((action) => ({
          key: action,
          icon: ACTION_ICONS[action],
          label: t(actionLabelKey(action)),
          danger: DANGER_ACTIONS.has(action),
        })),
      );
    }
  }
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{ items, onClick: ({ key }) => onAction(key as MemberActionKey, member) }}
    >
      <Button
        size="small"
        type="text"
        icon={<EllipsisOutlined />}
        aria-label={t('members.recovery.moreFor', { name: member.name })}
      />
    </Dropdown>
  );
}
