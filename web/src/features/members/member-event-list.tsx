import { Alert, Empty, Flex, Skeleton, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { auditActionLabel, outcomeColor } from '../audit/audit-labels';
import { useMemberEvents } from './member-queries';

/** The member's recent security events (as actor or target), newest first, with the audit log's labels. */
export function MemberEventList({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const events = useMemberEvents(memberId, true);

  if (events.isPending) {
    return <Skeleton active paragraph={{ rows: 4 }} />;
  }
  if (events.isError) {
    return <Alert type="error" showIcon title={events.error.message} />;
  }
  if (events.data.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('members.detail.noEvents')} />;
  }
  return (
    <ol data-testid="member-events" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {events.data.map((event) => {
        const failed = event.outcome !== 'success';
        const byOther = event.actorLabel !== null && event.actorLabel !== event.targetLabel;
        return (
          <li
            key={event.id}
            style={{ padding: '10px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
            data-action={event.action}
          >
            <Flex justify="space-between" gap={12} align="baseline">
              <Typography.Text strong>{auditActionLabel(t, event.action)}</Typography.Text>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 13 }}>
                {formatDateTime(event.occurredAt)}
              </Typography.Text>
            </Flex>
            <Flex gap={8} align="center" wrap style={{ marginTop: 2 }}>
              {failed ? (
                <Tag color={outcomeColor(event.outcome)}>
                  {t(`audit.outcome.${event.outcome}`, { defaultValue: event.outcome })}
                </Tag>
              ) : null}
              {byOther ? (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('members.detail.eventBy', { actor: event.actorLabel })}
                </Typography.Text>
              ) : null}
              {event.ip ? (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {event.ip}
                </Typography.Text>
              ) : null}
            </Flex>
          </li>
        );
      })}
    </ol>
  );
}
