import { SafetyCertificateOutlined, TeamOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from './brand-mark';
import { LanguageSwitcher } from './language-switcher';
import { useDocumentTitle } from './use-document-title';

interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  /** Wider card for longer forms (setup, invitation). */
  wide?: boolean;
}

/** Split screen for the signed-out pages: brand panel on the left, the form card on the right. */
export function AuthLayout({ title, subtitle, children, wide = false }: AuthLayoutProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  useDocumentTitle(title);
  const highlights = [
    { icon: <SafetyCertificateOutlined />, text: t('brand.highlightSecurity') },
    { icon: <ThunderboltOutlined />, text: t('brand.highlightRecovery') },
    { icon: <TeamOutlined />, text: t('brand.highlightTeam') },
  ];
  return (
    <div className="auth-layout" style={{ minHeight: '100vh', display: 'flex', background: token.colorBgLayout }}>
      <aside
        className="auth-brand-panel"
        style={{
          flex: '0 0 42%',
          padding: '48px 56px',
          color: '#fff',
          background: `linear-gradient(150deg, #1d2b64 0%, ${token.colorPrimary} 100%)`,
          flexDirection: 'column',
          justifyContent: 'space-between',
        }}
      >
        <BrandMark inverted />
        <div style={{ maxWidth: 460 }}>
          <Typography.Title level={2} style={{ color: '#fff', marginBottom: 16 }}>
            {t('brand.tagline')}
          </Typography.Title>
          <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.78)', fontSize: 16 }}>
            {t('brand.description')}
          </Typography.Paragraph>
          <Flex vertical gap={14} style={{ marginTop: 32 }}>
            {highlights.map((item) => (
              <Flex key={item.text} gap={12} align="center" style={{ color: 'rgba(255,255,255,0.9)' }}>
                <span style={{ fontSize: 18 }}>{item.icon}</span>
                <span>{item.text}</span>
              </Flex>
            ))}
          </Flex>
        </div>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.55)', fontSize: 12 }}>{t('brand.footer')}</Typography.Text>
      </aside>
      <main style={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        <Flex justify="space-between" align="center" style={{ padding: '20px 32px' }}>
          <span className="auth-compact-brand">
            <BrandMark />
          </span>
          <span style={{ marginInlineStart: 'auto' }}>
            <LanguageSwitcher variant="outlined" />
          </span>
        </Flex>
        <Flex flex={1} align="center" justify="center" style={{ padding: '24px 24px 64px' }}>
          <Card
            variant="borderless"
            style={{ width: '100%', maxWidth: wide ? 520 : 420, boxShadow: token.boxShadowTertiary }}
          >
            <div style={{ padding: '8px 8px 0' }}>
              <Typography.Title level={3} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 24 }}>
                {title}
              </Typography.Title>
              {subtitle ? (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
                  {subtitle}
                </Typography.Paragraph>
              ) : null}
              {children}
            </div>
          </Card>
        </Flex>
      </main>
    </div>
  );
}
