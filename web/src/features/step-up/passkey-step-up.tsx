import { WebAuthnAbortService, startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { passkeyApi, passkeyErrorText } from '../two-step/passkey-api';
import { PasskeyIcon } from '../two-step/passkey-icon';
import { PasskeyProblemAlert } from '../two-step/passkey-problem-alert';
import { throttledText } from '../two-step/two-step-api';
import type { StepUpMethod, StepUpMethodProps } from './step-up-context';

/**
 * A passkey with user verification (fingerprint, face, PIN) is two factors in one gesture: no password needed.
 * The server refuses one that did not verify the user.
 */
function PasskeyStepUpForm({ onConfirmed, onCancel }: StepUpMethodProps) {
  const { t } = useTranslation();
  useEffect(() => () => WebAuthnAbortService.cancelCeremony(), []);
  const confirm = useMutation({
    mutationFn: async () => {
      const { options } = await passkeyApi.stepUpOptions();
      const response = await startAuthentication({ optionsJSON: options });
      return passkeyApi.stepUp(response);
    },
    onSuccess: () => onConfirmed(),
  });

  const problemText = confirm.error ? (throttledText(confirm.error, t) ?? passkeyErrorText(confirm.error, t)) : null;

  return (
    <div data-testid="step-up-passkey">
      <Typography.Paragraph>{t('passkeys.stepUp.intro')}</Typography.Paragraph>
      <PasskeyProblemAlert error={confirm.error} text={problemText} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button
          type="primary"
          icon={<PasskeyIcon />}
          loading={confirm.isPending}
          onClick={() => confirm.mutate()}
          data-step-up-focus
        >
          {t('passkeys.stepUp.button')}
        </Button>
      </Flex>
    </div>
  );
}

export const passkeyStepUp: StepUpMethod = {
  key: 'passkey',
  labelKey: 'stepUp.method.passkey',
  Form: PasskeyStepUpForm,
};
