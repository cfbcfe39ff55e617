import { GlobalOutlined, PhoneOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../components/format';
import { LEVEL_COLORS, STATUS_COLORS, telHref, websiteHref, websiteLabel } from './customer-labels';
import type { CustomerLevel, CustomerStatus } from './customer-types';

export function LevelTag({ level }: { level: CustomerLevel | null }) {
  const { t } = useTranslation();
  if (level === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Tooltip title={t(`customers.levelHint.${level}`)}>
      <Tag color={LEVEL_COLORS[level]} style={{ fontWeight: 600, marginInlineEnd: 0 }} data-testid="customer-level">
        {t('customers.levelTag', { level })}
      </Tag>
    </Tooltip>
  );
}

export function StatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`customers.status.${status}`)}
    </Tag>
  );
}

/** "3 days ago", the exact time on hover; a dash when it never happened. */
export function RelativeTime({ value, empty }: { value: string | null; empty?: string }) {
  if (value === null) {
    return <Typography.Text type="secondary">{empty ?? '—'}</Typography.Text>;
  }
  return (
    <Tooltip title={formatDateTime(value)}>
      <span style={{ whiteSpace: 'nowrap' }}>{formatRelative(value)}</span>
    </Tooltip>
  );
}

export function OwnerName({ name }: { name: string | null }) {
  const { t } = useTranslation();
  return name === null ? (
    <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
      {t('customers.noOwner')}
    </Tag>
  ) : (
    <span style={{ whiteSpace: 'nowrap' }}>{name}</span>
  );
}

export function PhoneLink({ phone, icon = false }: { phone: string | null; icon?: boolean }) {
  if (!phone) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <a href={telHref(phone)} style={{ whiteSpace: 'nowrap' }}>
      {icon ? <PhoneOutlined style={{ marginInlineEnd: 6 }} /> : null}
      {phone}
    </a>
  );
}

/** Only http(s) addresses become links, opened without handing our page to the other site. */
export function WebsiteLink({ website, icon = false }: { website: string | null; icon?: boolean }) {
  if (!website) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const href = websiteHref(website);
  const label = websiteLabel(website);
  if (href === null) {
    return <span>{label}</span>;
  }
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" style={{ whiteSpace: 'nowrap' }}>
      {icon ? <GlobalOutlined style={{ marginInlineEnd: 6 }} /> : null}
      {label}
    </a>
  );
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {tags.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0 }}>
          {tag}
        </Tag>
      ))}
    </span>
  );
}
