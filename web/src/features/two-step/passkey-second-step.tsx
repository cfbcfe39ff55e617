import { WebAuthnAbortService, startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { isCalmPasskeyProblem, passkeyApi, passkeyErrorText } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { isChallengeGone } from './sign-in-second-step';
import type { MfaChallenge } from './two-step-api';

interface PasskeySecondStepProps {
  challenge: MfaChallenge;
  onSignedIn: (me: Me) => void;
  /** The sign-in attempt is gone (expired, used up): back to the password with the server's message. */
  onRestart: (message: string) => void;
}

/** The passkey option of the sign-in second step (the `passkey` slot of SignInSecondStep). */
export function PasskeySecondStep({ challenge, onSignedIn, onRestart }: PasskeySecondStepProps) {
  const { t } = useTranslation();
  useEffect(() => () => WebAuthnAbortService.cancelCeremony(), []);

  const verify = useMutation({
    mutationFn: async () => {
      const { options } = await passkeyApi.secondStepOptions(challenge.challenge);
      const response = await startAuthentication({ optionsJSON: options });
      return passkeyApi.secondStep(challenge.challenge, response);
    },
    meta: { skipAuthRedirect: true },
    onSuccess: onSignedIn,
    onError: (error) => {
      if (isChallengeGone(error)) {
        onRestart(error.message);
      }
    },
  });

  let problemText: string | null = null;
  if (verify.error && !isChallengeGone(verify.error)) {
    problemText =
      isApiError(verify.error) && verify.error.status === 429
        ? t('twoStep.signIn.throttled', {
            count: Math.max(1, Math.ceil((verify.error.retryAfterSeconds ?? 900) / 60)),
          })
        : passkeyErrorText(verify.error, t);
  }

  return (
    <div data-testid="passkey-second-step">
      {problemText ? (
        <Alert
          type={isCalmPasskeyProblem(verify.error) ? 'info' : 'error'}
          showIcon
          role="alert"
          title={problemText}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Button
        type="primary"
        size="large"
        block
        icon={<PasskeyIcon />}
        loading={verify.isPending}
        onClick={() => verify.mutate()}
      >
        {t('passkeys.secondStep.button')}
      </Button>
    </div>
  );
}
