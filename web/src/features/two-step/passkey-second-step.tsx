import { WebAuthnAbortService, startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { passkeyApi, passkeyErrorText } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { PasskeyProblemAlert } from './passkey-problem-alert';
import { isChallengeGone } from './sign-in-second-step';
import { throttledText, type MfaChallenge } from './two-step-api';

interface PasskeySecondStepProps {
  challenge: MfaChallenge;
  /** "Trust this browser" was ticked (only offered when the policy allows it). */
  trustBrowser: boolean;
  onSignedIn: (me: Me) => void;
  /** The sign-in attempt is gone (expired, used up): back to the password with the server's message. */
  onRestart: (message: string) => void;
}

/** The passkey option of the sign-in second step (the `passkey` slot of SignInSecondStep). */
export function PasskeySecondStep({ challenge, trustBrowser, onSignedIn, onRestart }: PasskeySecondStepProps) {
  const { t } = useTranslation();
  useEffect(() => () => WebAuthnAbortService.cancelCeremony(), []);

  const verify = useMutation({
    mutationFn: async () => {
      const { options } = await passkeyApi.secondStepOptions(challenge.challenge);
      const response = await startAuthentication({ optionsJSON: options });
      return passkeyApi.secondStep(challenge.challenge, response, trustBrowser);
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
    problemText = throttledText(verify.error, t, true) ?? passkeyErrorText(verify.error, t);
  }

  return (
    <div data-testid="passkey-second-step">
      <PasskeyProblemAlert error={verify.error} text={problemText} />
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
