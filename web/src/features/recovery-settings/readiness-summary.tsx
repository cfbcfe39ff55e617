import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import { Card, Flex, Progress, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountRecovery } from './recovery-queries';

/** "You have N ways back; we recommend at least 2", with what the organisation requires. */
export function ReadinessSummary({ readiness }: { readiness: AccountRecovery['readiness'] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const ready = readiness.ways >= readiness.needed;
  const color = ready ? token.colorSuccess : token.colorWarning;
  return (
    <Card variant="borderless" data-testid="readiness-summary">
      <Flex gap={20} align="center" wrap>
        <Progress
          type="circle"
          size={72}
          percent={Math.min(100, (readiness.ways / Math.max(1, readiness.needed)) * 100)}
          strokeColor={color}
          format={() => (
            <span style={{ fontSize: 22, fontWeight: 600, color }} data-testid="readiness-ways">
              {readiness.ways}
            </span>
          )}
        />
        <div style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Flex gap={8} align="center">
            {ready ? <CheckCircleFilled style={{ color }} /> : <WarningFilled style={{ color }} />}
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('readiness.summary', { count: readiness.ways })}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {ready ? t('readiness.ready') : t('readiness.recommend', { needed: readiness.needed })}
          </Typography.Paragraph>
          {readiness.required && !ready ? (
            <Typography.Paragraph style={{ margin: '4px 0 0' }} type="warning" data-testid="readiness-required">
              {t('readiness.requiredByOrg', { needed: readiness.needed })}
            </Typography.Paragraph>
          ) : null}
        </div>
      </Flex>
    </Card>
  );
}
