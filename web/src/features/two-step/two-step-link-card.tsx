import { KeyOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../auth/session-queries';
import { TWO_STEP_PATH } from './two-step-api';

/** On Settings → Security: whether two-step verification is on, and the way to its page. */
export function TwoStepLinkCard() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const twoStep = me.twoStep;
  return (
    <Card variant="borderless" data-testid="two-step-link-card">
      <Flex align="center" justify="space-between" gap={16} wrap>
        <Flex gap={14} align="flex-start" style={{ flex: '1 1 360px', minWidth: 0 }}>
          <KeyOutlined style={{ fontSize: 22, opacity: 0.6, paddingTop: 2 }} />
          <div>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {t('twoStep.title')}
              </Typography.Text>
              {twoStep ? (
                <Tag color={twoStep.enrolled ? 'green' : twoStep.required ? 'orange' : 'default'}>
                  {twoStep.enrolled ? t('twoStep.status.on') : t('twoStep.status.off')}
                </Tag>
              ) : null}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('twoStep.linkCard')}
            </Typography.Paragraph>
          </div>
        </Flex>
        <Button onClick={() => void navigate(TWO_STEP_PATH)} icon={<RightOutlined />} iconPlacement="end">
          {t('twoStep.manage')}
        </Button>
      </Flex>
    </Card>
  );
}
