import { ClockCircleOutlined, EnvironmentOutlined, KeyOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../components/format';
import { useDocumentTitle } from '../../components/use-document-title';
import { useMe } from '../auth/session-queries';
import { useSettingsEntries } from '../settings/settings-nav';

function greetingKey(hour: number): string {
  if (hour < 12) {
    return 'home.greetingMorning';
  }
  return hour < 18 ? 'home.greetingAfternoon' : 'home.greetingEvening';
}

export function HomePage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const me = useMe();
  const entries = useSettingsEntries();
  const { lastSignInAt, lastSignInIp, passwordChangedAt } = me.user;
  useDocumentTitle(t('nav.home'));

  const facts = [
    {
      key: 'lastSignIn',
      icon: <ClockCircleOutlined />,
      label: t('home.lastSignIn'),
      value: lastSignInAt ? `${formatDateTime(lastSignInAt)} · ${formatRelative(lastSignInAt)}` : t('home.never'),
    },
    { key: 'lastIp', icon: <EnvironmentOutlined />, label: t('home.lastSignInIp'), value: lastSignInIp ?? '—' },
    {
      key: 'passwordChanged',
      icon: <KeyOutlined />,
      label: t('home.passwordChanged'),
      value: passwordChangedAt ? formatDateTime(passwordChangedAt) : '—',
    },
  ];

  return (
    <Flex vertical gap={24}>
      <Card
        variant="borderless"
        styles={{ body: { padding: 32 } }}
        style={{ background: `linear-gradient(120deg, ${token.colorPrimaryBg} 0%, #ffffff 70%)` }}
      >
        <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
          {t(greetingKey(new Date().getHours()), { name: me.user.name })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 15, marginBottom: 28 }}>
          {t('home.welcome', { orgName: me.org.name, role: t(`roles.${me.user.role}`) })}
        </Typography.Paragraph>
        <Row gutter={[24, 16]}>
          {facts.map((fact) => (
            <Col key={fact.key} xs={24} md={8}>
              <Flex gap={12} align="flex-start">
                <span style={{ fontSize: 18, color: token.colorPrimary, marginTop: 2 }}>{fact.icon}</span>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {fact.label}
                  </Typography.Text>
                  <Typography.Text strong data-testid={`home-${fact.key}`}>
                    {fact.value}
                  </Typography.Text>
                </div>
              </Flex>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '20px 0 0' }}>
          {t('home.notYou')}
        </Typography.Paragraph>
      </Card>

      <div>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.shortcuts')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {entries.map((entry) => (
            <Col key={entry.key} xs={24} sm={12} xl={8}>
              <Link to={entry.path} style={{ display: 'block', height: '100%' }}>
                <Card hoverable variant="borderless" style={{ height: '100%' }}>
                  <Flex gap={16} align="flex-start">
                    <span
                      style={{
                        fontSize: 20,
                        color: token.colorPrimary,
                        background: token.colorPrimaryBg,
                        borderRadius: 10,
                        width: 44,
                        height: 44,
                        display: 'inline-flex',
                        alignItems: 'center',
                        justifyContent: 'center',
                        flex: '0 0 auto',
                      }}
                    >
                      {entry.icon}
                    </span>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                        {t(`settings.nav.${entry.key}`)}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {t(`home.shortcut.${entry.key}`)}
                      </Typography.Text>
                    </div>
                    <RightOutlined style={{ color: token.colorTextQuaternary, marginTop: 4 }} />
                  </Flex>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </div>
    </Flex>
  );
}
