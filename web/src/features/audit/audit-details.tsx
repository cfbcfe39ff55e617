import { Descriptions, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { auditValueLabel } from './audit-labels';

function renderValue(t: TFunction, action: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return auditValueLabel(t, action, value);
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number') return String(value);
  // Lists of codes (proofs, changed settings) read better one label after another than as JSON.
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.length === 0
      ? '—'
      : value.map((item) => auditValueLabel(t, action, item)).join(t('audit.listSeparator'));
  }
  return JSON.stringify(value);
}

/** The event's recorded details (reason, role change, policy keys…), shown when a row is expanded. */
export function AuditDetails({ action, details }: { action: string; details: unknown }) {
  const { t } = useTranslation();
  const entries = details && typeof details === 'object' ? Object.entries(details as Record<string, unknown>) : [];
  if (entries.length === 0) {
    return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  }
  return (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 220 } }}>
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={t(`audit.detail.${key}`, { defaultValue: key })}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>{renderValue(t, action, value)}</Typography.Text>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
