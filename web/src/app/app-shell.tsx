import {
  AimOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  CloudOutlined,
  ContactsOutlined,
  FileDoneOutlined,
  FundOutlined,
  HomeOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SettingOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { Button, Divider, Flex, Layout, Menu, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageSuspense } from './lazy-page';
import { api } from '../api/client';
import type { Language, MeUser } from '../api/types';
import { BrandMark } from '../components/brand-mark';
import { LanguageSwitcher } from '../components/language-switcher';
import { useHasPermission, useMe } from '../features/auth/session-queries';
import { GlobalSearch } from '../features/crm-search/global-search';
import { OwnerNotices } from '../features/owner-notices/owner-notices';
import { ReadinessBanner } from '../features/recovery-settings/readiness-banner';
import { StepUpProvider } from '../features/step-up/step-up-provider';
import { TaskNavLabel } from '../features/tasks/task-nav-label';
import { PasskeyBackupBanner } from '../features/two-step/passkey-backup-banner';
import { TwoStepBanner } from '../features/two-step/two-step-enforcement';
import { UserMenu } from './user-menu';

/** Mails (alerts, unlock links) are written in the account's language; keep it in step with the UI. */
function saveAccountLanguage(language: Language): void {
  api.patch<MeUser>('/account', { locale: language }).catch(() => {
    // Only a preference for future mails; the UI has already switched.
  });
}

/** Top-level sections: a path and everything below it select the same menu entry. */
const SECTION_KEYS = [
  '/tasks',
  '/leads',
  '/customers',
  '/pool',
  '/contacts',
  '/deals',
  '/contracts',
  '/reports',
  '/settings',
] as const;

function sectionOf(pathname: string): string {
  return SECTION_KEYS.find((key) => pathname === key || pathname.startsWith(`${key}/`)) ?? '/';
}

/** The signed-in frame: side navigation, header with org, search, language and user menu. */
export function AppShell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const hasPermission = useHasPermission();
  const canReadCrm = hasPermission('crm.read');
  const canReadReports = hasPermission('reports.read');
  const [collapsed, setCollapsed] = useState(false);
  const selectedKey = sectionOf(location.pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={232}
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <div style={{ height: 60, display: 'flex', alignItems: 'center', padding: collapsed ? '0 24px' : '0 22px' }}>
          <BrandMark collapsed={collapsed} />
        </div>
        <nav aria-label={t('shell.navigation')}>
          <Menu
            mode="inline"
            selectedKeys={[selectedKey]}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            onClick={({ key }) => void navigate(key)}
            items={[
              { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
              ...(canReadCrm
                ? [
                    { key: '/tasks', icon: <CarryOutOutlined />, label: <TaskNavLabel /> },
                    { key: '/leads', icon: <AimOutlined />, label: t('nav.leads') },
                    { key: '/customers', icon: <ShopOutlined />, label: t('nav.customers') },
                    { key: '/pool', icon: <CloudOutlined />, label: t('nav.pool') },
                    { key: '/contacts', icon: <ContactsOutlined />, label: t('nav.contacts') },
                    { key: '/deals', icon: <FundOutlined />, label: t('nav.deals') },
                    { key: '/contracts', icon: <FileDoneOutlined />, label: t('nav.contracts') },
                  ]
                : []),
              ...(canReadReports ? [{ key: '/reports', icon: <BarChartOutlined />, label: t('nav.reports') }] : []),
              { key: '/settings', icon: <SettingOutlined />, label: t('nav.settings') },
            ]}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Button
            type="text"
            aria-label={collapsed ? t('shell.expandMenu') : t('shell.collapseMenu')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((value) => !value)}
          />
          <Typography.Text strong data-testid="org-name" style={{ fontSize: 15 }}>
            {me.org.name}
          </Typography.Text>
          {canReadCrm ? (
            <Flex justify="center" style={{ flex: '1 1 auto', minWidth: 0, paddingInline: 12 }}>
              <GlobalSearch />
            </Flex>
          ) : null}
          <Flex align="center" gap={4} style={{ marginInlineStart: 'auto' }}>
            <LanguageSwitcher onChanged={saveAccountLanguage} />
            <Divider orientation="vertical" />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <OwnerNotices />
        <TwoStepBanner />
        <PasskeyBackupBanner />
        <ReadinessBanner />
        <Layout.Content style={{ padding: '28px 32px 48px' }}>
          <div style={{ maxWidth: 1280, margin: '0 auto' }}>
            <StepUpProvider>
              <PageSuspense>
                <Outlet />
              </PageSuspense>
            </StepUpProvider>
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
