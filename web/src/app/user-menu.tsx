import { DownOutlined, LogoutOutlined, SafetyOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { initialsOf } from '../components/format';
import { useMe, useSignOut } from '../features/auth/session-queries';

export function UserMenu() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut();

  const handleSignOut = () => {
    signOut.mutate(undefined, {
      onSettled: () => {
        void navigate('/login', { replace: true });
        void message.success(t('shell.signedOut'));
      },
    });
  };

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'identity',
            disabled: true,
            label: (
              <div style={{ padding: '4px 0', minWidth: 200 }}>
                <Typography.Text strong style={{ display: 'block' }}>
                  {me.user.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {me.user.email}
                </Typography.Text>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'security', icon: <SafetyOutlined />, label: t('shell.accountSecurity') },
          { key: 'sign-out', icon: <LogoutOutlined />, label: t('shell.signOut'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'security') {
            void navigate('/settings/security');
          } else if (key === 'sign-out') {
            handleSignOut();
          }
        },
      }}
    >
      <button
        type="button"
        aria-label={t('shell.userMenu')}
        data-testid="user-menu"
        style={{ background: 'none', border: 'none', cursor: 'pointer', padding: '4px 8px', borderRadius: 8 }}
      >
        <Flex align="center" gap={8}>
          <Avatar size={32} style={{ background: '#3451d1' }}>
            {initialsOf(me.user.name)}
          </Avatar>
          <Typography.Text style={{ maxWidth: 160 }} ellipsis>
            {me.user.name}
          </Typography.Text>
          <DownOutlined style={{ fontSize: 10, opacity: 0.6 }} />
        </Flex>
      </button>
    </Dropdown>
  );
}
