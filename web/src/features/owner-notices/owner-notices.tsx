import { Alert, App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { formatDateTimeSeconds } from '../../components/format';
import { useMe } from '../auth/session-queries';
import {
  AUDIT_PATH,
  MEMBERS_PATH,
  useAcknowledgeBreakGlass,
  useOwnerNotices,
  type BreakGlassNotice,
} from './owner-notices-api';

const SINGLE_OWNER_DISMISSED_KEY = 'clientele.singleOwnerNoticeDismissed';

function wasDismissed(userId: string): boolean {
  try {
    return sessionStorage.getItem(SINGLE_OWNER_DISMISSED_KEY) === userId;
  } catch {
    return false;
  }
}

/**
 * Owners only, above every page: a red notice for each break-glass recovery from the server console until this owner
 * acknowledges it, and a warning while the organisation depends on a single owner.
 */
export function OwnerNotices() {
  const me = useMe();
  const notices = useOwnerNotices(me.user.role === 'owner');
  if (!notices.data) {
    return null;
  }
  return (
    <>
      {notices.data.breakGlass.map((notice) => (
        <BreakGlassAlert key={notice.id} notice={notice} />
      ))}
      {notices.data.singleOwner ? <SingleOwnerAlert userId={me.user.id} email={me.user.email} /> : null}
    </>
  );
}

function BreakGlassAlert({ notice }: { notice: BreakGlassNotice }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const acknowledge = useAcknowledgeBreakGlass();
  const owner = notice.targetLabel ?? '—';
  return (
    <Alert
      type="error"
      showIcon
      banner
      role="alert"
      data-testid="break-glass-notice"
      title={t('ownerNotices.breakGlass.title', { owner, time: formatDateTimeSeconds(notice.occurredAt) })}
      description={
        <Flex vertical gap={2}>
          <span>{t('ownerNotices.breakGlass.incident')}</span>
          {notice.host ? (
            <Typography.Text type="secondary">
              {t('ownerNotices.breakGlass.host', { host: notice.host })}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      action={
        <Flex vertical gap={8}>
          <Button
            size="small"
            danger
            type="primary"
            loading={acknowledge.isPending}
            onClick={() => acknowledge.mutate(notice.id, { onError: (error) => void message.error(error.message) })}
          >
            {t('ownerNotices.breakGlass.acknowledge')}
          </Button>
          <Button size="small" onClick={() => void navigate(AUDIT_PATH)}>
            {t('ownerNotices.breakGlass.openAudit')}
          </Button>
        </Flex>
      }
      style={{ paddingInline: 32 }}
    />
  );
}

function SingleOwnerAlert({ userId, email }: { userId: string; email: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [dismissed, setDismissed] = useState(() => wasDismissed(userId));
  if (dismissed) {
    return null;
  }
  // Closing lasts for this browser tab's session only: the risk stays until there is a second owner.
  const dismiss = () => {
    setDismissed(true);
    try {
      sessionStorage.setItem(SINGLE_OWNER_DISMISSED_KEY, userId);
    } catch {
      // Without storage the notice only stays closed until the next page load.
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      banner
      role="status"
      data-testid="single-owner-notice"
      title={t('ownerNotices.singleOwner.title')}
      description={
        <Flex vertical gap={4}>
          <span>{t('ownerNotices.singleOwner.risk')}</span>
          <span>{t('ownerNotices.singleOwner.breakGlass')}</span>
          <Typography.Text code copyable style={{ alignSelf: 'flex-start', whiteSpace: 'nowrap' }}>
            {`npx clientele admin recover --email ${email}`}
          </Typography.Text>
        </Flex>
      }
      action={
        location.pathname === MEMBERS_PATH ? null : (
          <Button size="small" type="primary" onClick={() => void navigate(MEMBERS_PATH)}>
            {t('ownerNotices.singleOwner.members')}
          </Button>
        )
      }
      closable={{ onClose: dismiss, 'aria-label': t('ownerNotices.singleOwner.dismiss') }}
      style={{ paddingInline: 32 }}
    />
  );
}
