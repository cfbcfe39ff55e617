import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** One warning per weaker-than-default choice, explaining the risk in plain words. */
export function WeaknessAlerts({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  if (codes.length === 0) {
    return null;
  }
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      {codes.map((code) => (
        <Alert
          key={code}
          type="warning"
          showIcon
          data-testid={`weakness-${code}`}
          title={
            <>
              <Typography.Text strong>{t(`policy.weakness.${code}`, { defaultValue: code })}</Typography.Text>
              <Typography.Text style={{ display: 'block', marginTop: 2 }}>
                {t(`policy.weaknessDetail.${code}`, { defaultValue: t('policy.weaknessDetail.unknown') })}
              </Typography.Text>
            </>
          }
        />
      ))}
    </Flex>
  );
}
