import {
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  LockOutlined,
  MoreOutlined,
  SyncOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Flex, Tooltip, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SavedView } from './saved-views-api';

export type SavedViewAction = 'update' | 'rename' | 'delete';

interface SavedViewRowProps {
  view: SavedView;
  /** Its filters are the ones on screen. */
  active: boolean;
  /** Nothing on screen differs from what the view holds, so updating it would change nothing. */
  upToDate: boolean;
  onApply: (view: SavedView) => void;
  onAction: (action: SavedViewAction, view: SavedView) => void;
}

/** One view in the saved views panel: click to apply; its author also gets update, rename and delete. */
export function SavedViewRow({ view, active, upToDate, onApply, onAction }: SavedViewRowProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const note = view.mine ? (
    view.shared ? (
      <>
        <TeamOutlined /> {t('savedViews.sharedByMe')}
      </>
    ) : null
  ) : (
    t('savedViews.sharedBy', { name: view.ownerName })
  );

  return (
    <Flex
      align="center"
      gap={4}
      data-testid="saved-view"
      data-active={active}
      style={{
        borderRadius: token.borderRadius,
        background: active ? token.controlItemBgActive : undefined,
        paddingInlineEnd: 4,
      }}
    >
      <Button
        type="text"
        aria-current={active}
        data-testid="saved-view-apply"
        onClick={() => onApply(view)}
        style={{ flex: 1, minWidth: 0, height: 'auto', padding: '5px 8px', justifyContent: 'flex-start' }}
      >
        <Flex vertical align="flex-start" style={{ minWidth: 0, width: '100%' }}>
          <Typography.Text
            strong={active}
            ellipsis
            style={{ maxWidth: '100%', color: active ? token.colorPrimaryText : undefined }}
          >
            {view.name}
          </Typography.Text>
          {note ? (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: token.fontSizeSM, maxWidth: '100%' }}>
              {note}
            </Typography.Text>
          ) : null}
        </Flex>
      </Button>
      {active ? <CheckOutlined aria-hidden style={{ color: token.colorPrimary, paddingInline: 4 }} /> : null}
      {view.mine ? (
        <Dropdown
          trigger={['click']}
          placement="bottomRight"
          menu={{
            items: [
              {
                key: 'update',
                icon: <SyncOutlined />,
                label: t('savedViews.action.update'),
                disabled: upToDate,
              },
              { key: 'rename', icon: <EditOutlined />, label: t('savedViews.action.rename') },
              { type: 'divider' },
              { key: 'delete', icon: <DeleteOutlined />, label: t('savedViews.action.delete'), danger: true },
            ],
            onClick: ({ key }) => onAction(key as SavedViewAction, view),
          }}
        >
          <Button
            type="text"
            size="small"
            icon={<MoreOutlined />}
            aria-label={t('savedViews.action.moreFor', { name: view.name })}
          />
        </Dropdown>
      ) : (
        <Tooltip title={t('savedViews.readOnly', { name: view.ownerName })}>
          <LockOutlined
            aria-label={t('savedViews.readOnly', { name: view.ownerName })}
            style={{ color: token.colorTextTertiary, paddingInline: 6 }}
          />
        </Tooltip>
      )}
    </Flex>
  );
}
