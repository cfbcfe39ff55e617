import { InsuranceOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../auth/session-queries';
import { RECOVERY_PATH } from './readiness-banner';

/** On Settings → Security: how many ways back the account has, and the way to the recovery page. */
export function RecoveryLinkCard() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const ways = me.recovery?.ways;
  return (
    <Card variant="borderless" data-testid="recovery-link-card">
      <Flex align="center" justify="space-between" gap={16} wrap>
        <Flex gap={14} align="flex-start" style={{ flex: '1 1 360px', minWidth: 0 }}>
          <InsuranceOutlined style={{ fontSize: 22, opacity: 0.6, paddingTop: 2 }} />
          <div>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {t('recoverySettings.linkCard.title')}
              </Typography.Text>
              {ways === undefined ? null : (
                <Tag color={ways >= 2 ? 'green' : 'orange'} data-testid="recovery-ways-tag">
                  {t('readiness.summary', { count: ways })}
                </Tag>
              )}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('recoverySettings.linkCard.description')}
            </Typography.Paragraph>
          </div>
        </Flex>
        <Button onClick={() => void navigate(RECOVERY_PATH)} icon={<RightOutlined />} iconPlacement="end">
          {t('recoverySettings.linkCard.open')}
        </Button>
      </Flex>
    </Card>
  );
}
