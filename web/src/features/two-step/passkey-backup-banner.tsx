import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { meQueryKey, useMe } from '../auth/session-queries';
import { TWO_STEP_PATH } from './two-step-api';

/**
 * MF-11: a passkey's authenticator stopped reporting a backup (BS 1→0), so losing that one device may now lose the
 * passkey. Shown above every page until the user dismisses it or adds another factor (the server then stops listing
 * the passkey in the session's `twoStep.backupLostPasskeys`).
 */
export function PasskeyBackupBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: () => api.post<void>('/me/two-step/passkeys/backup-prompt/dismiss', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
  const passkeys = me.twoStep?.backupLostPasskeys ?? [];
  if (passkeys.length === 0) {
    return null;
  }
  const names = passkeys.map((passkey) => `“${passkey.name}”`).join(t('audit.listSeparator'));
  return (
    <Alert
      type="warning"
      showIcon
      banner
      role="status"
      data-testid="passkey-backup-banner"
      title={t('twoStep.backupLost.banner', { count: passkeys.length, names })}
      action={
        <Space>
          {location.pathname === TWO_STEP_PATH ? null : (
            <Button size="small" type="primary" onClick={() => void navigate(TWO_STEP_PATH)}>
              {t('twoStep.backupLost.add')}
            </Button>
          )}
          <Button size="small" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
            {t('twoStep.backupLost.dismiss')}
          </Button>
        </Space>
      }
      style={{ paddingInline: 32 }}
    />
  );
}
