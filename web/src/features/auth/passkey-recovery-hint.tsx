import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { passkeyApi, passkeyErrorText } from '../two-step/passkey-api';
import { PasskeyIcon } from '../two-step/passkey-icon';
import { PasskeyProblemAlert } from '../two-step/passkey-problem-alert';
import { storeSession } from './session-queries';

/** Where a passkey sign-in from "Forgot password?" lands: the change-password form, which then needs no old password. */
export const CHANGE_PASSWORD_PATH = '/settings/security';

/**
 * MF-12 on the forgot-password page: someone holding a passkey signs in with it (user verification required by the
 * server) and sets a new password right away, without waiting for an e-mail.
 */
export function PasskeyRecoveryHint() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [isSupported] = useState(() => browserSupportsWebAuthn());
  const { token } = theme.useToken();

  const signIn = useMutation({
    mutationFn: async () => {
      const { challenge, options } = await passkeyApi.signInOptions();
      const response = await startAuthentication({ optionsJSON: options });
      return passkeyApi.signIn(challenge, response, false);
    },
    meta: { skipAuthRedirect: true },
    onSuccess: (me) => {
      storeSession(queryClient, me);
      void navigate(CHANGE_PASSWORD_PATH, { replace: true });
    },
  });

  if (!isSupported) {
    return null;
  }
  const problemText = signIn.error ? passkeyErrorText(signIn.error, t) : null;
  return (
    <section
      data-testid="passkey-recovery"
      aria-labelledby="passkey-recovery-title"
      style={{ marginTop: 24, padding: 16, borderRadius: token.borderRadiusLG, background: token.colorFillQuaternary }}
    >
      <Typography.Text strong id="passkey-recovery-title">
        {t('forgot.passkey.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 12px' }}>
        {t('forgot.passkey.text')}
      </Typography.Paragraph>
      <PasskeyProblemAlert error={signIn.error} text={problemText} />
      <Button block icon={<PasskeyIcon />} loading={signIn.isPending} onClick={() => signIn.mutate()}>
        {t('forgot.passkey.button')}
      </Button>
    </section>
  );
}
