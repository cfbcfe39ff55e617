import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../auth/session-queries';

export const RECOVERY_PATH = '/settings/recovery';
const DISMISSED_KEY = 'clientele.readinessBannerDismissed';

function wasDismissed(userId: string): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === userId;
  } catch {
    return false;
  }
}

/**
 * Shown on every page while the user has fewer than two ways back. Closing it lasts for this browser tab's
 * session only, so it comes back until the account is ready.
 */
export function ReadinessBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [dismissed, setDismissed] = useState(() => wasDismissed(me.user.id));
  const ways = me.recovery?.ways;

  if (ways === undefined || ways >= 2 || dismissed || location.pathname === RECOVERY_PATH) {
    return null;
  }
  const dismiss = () => {
    setDismissed(true);
    try {
      sessionStorage.setItem(DISMISSED_KEY, me.user.id);
    } catch {
      // Without storage the banner only stays closed until the next page load.
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      banner
      role="status"
      data-testid="readiness-banner"
      title={ways === 0 ? t('readiness.bannerNone') : t('readiness.bannerOne')}
      action={
        <Button size="small" type="primary" onClick={() => void navigate(RECOVERY_PATH)}>
          {t('readiness.bannerAction')}
        </Button>
      }
      closable={{ onClose: dismiss, 'aria-label': t('readiness.dismiss') }}
      style={{ paddingInline: 32 }}
    />
  );
}
