import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

function renderValue(value: unknown, translateCode: (code: string) => string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return translateCode(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The event's recorded details (reason, role change, policy keys…), shown when a row is expanded. */
export function AuditDetails({ details }: { details: unknown }) {
  const { t } = useTranslation();
  const entries = details && typeof details === 'object' ? Object.entries(details as Record<string, unknown>) : [];
  if (entries.length === 0) {
    return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  }
  return (
    <Descriptions size="small" column={1} bordered>
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={t(`audit.detail.${key}`, { defaultValue: key })}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>
            {renderValue(value, (code) => t(`audit.value.${code}`, { defaultValue: code }))}
          </Typography.Text>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
