import { WebAuthnAbortService, startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { isCalmPasskeyProblem, passkeyApi, passkeyErrorText } from '../two-step/passkey-api';
import { PasskeyIcon } from '../two-step/passkey-icon';
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

  let problemText: string | null = null;
  if (confirm.error) {
    problemText =
      isApiError(confirm.error) && confirm.error.status === 429 && confirm.error.code === 'mfa_throttled'
        ? t('twoStep.signIn.throttled', {
            count: Math.max(1, Math.ceil((confirm.error.retryAfterSeconds ?? 900) / 60)),
          })
        : passkeyErrorText(confirm.error, t);
  }

  return (
    <div data-testid="step-up-passkey">
      <Typography.Paragraph>{t('passkeys.stepUp.intro')}</Typography.Paragraph>
      {problemText ? (
        <Alert
          type={isCalmPasskeyProblem(confirm.error) ? 'info' : 'error'}
          showIcon
          role="alert"
          title={problemText}
          style={{ marginBottom: 16 }}
        />
      ) : null}
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
