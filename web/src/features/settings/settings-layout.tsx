import { Card, Menu, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageSuspense } from '../../app/lazy-page';
import { useSettingsEntries } from './settings-nav';

/** Settings with its own sub-navigation on the left. */
export function SettingsLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const entries = useSettingsEntries();
  // Whole path segments: /settings/recovery-report must not select /settings/recovery.
  const selected = entries.find(
    (entry) => location.pathname === entry.path || location.pathname.startsWith(`${entry.path}/`),
  )?.path;

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 20 }}>
        {t('settings.title')}
      </Typography.Title>
      <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card variant="borderless" styles={{ body: { padding: 8 } }} style={{ width: 212, flex: '0 0 auto' }}>
          <nav aria-label={t('settings.navigation')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              style={{ borderInlineEnd: 'none' }}
              onClick={({ key }) => void navigate(key)}
              items={entries.map((entry) => ({
                key: entry.path,
                icon: entry.icon,
                label: t(`settings.nav.${entry.key}`),
              }))}
            />
          </nav>
        </Card>
        <div style={{ flex: '1 1 560px', minWidth: 0 }}>
          <PageSuspense>
            <Outlet />
          </PageSuspense>
        </div>
      </div>
    </div>
  );
}
