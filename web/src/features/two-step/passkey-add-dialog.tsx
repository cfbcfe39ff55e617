import { useMutation } from '@tanstack/react-query';
import { WebAuthnAbortService, startRegistration } from '@simplewebauthn/browser';
import { Alert, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FACTOR_NAME_MAX, FactorNameField } from './factor-name-field';
import { FactorSetupModal } from './factor-setup-modal';
import { SetupStepForm, SetupSteps } from './factor-setup-steps';
import { isCalmPasskeyProblem, passkeyApi, passkeyErrorText, suggestPasskeyName } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { RecoveryCodesDisplay } from './recovery-codes-display';
import { useFactorAdded } from './use-factor-added';

interface PasskeyAddDialogProps {
  open: boolean;
  onClose: () => void;
}

type Stage = 'name' | 'prompt' | 'codes';

/** Add a passkey: name it → the browser's own prompt (fingerprint, face, screen lock, security key) → recovery codes. */
export function PasskeyAddDialog({ open, onClose }: PasskeyAddDialogProps) {
  const { t } = useTranslation();
  return (
    <FactorSetupModal open={open} title={t('passkeys.add.title')} onClose={onClose}>
      {(steps) => <AddSteps {...steps} />}
    </FactorSetupModal>
  );
}

function AddSteps({ onClose, onCodesShown }: { onClose: () => void; onCodesShown: () => void }) {
  const { t } = useTranslation();
  const withStepUp = useStepUp();
  const [stage, setStage] = useState<Stage>('name');
  const [codes, setCodes] = useState<string[]>([]);
  const [form] = Form.useForm<{ name: string }>();
  const finish = useFactorAdded({
    showCodes: (recoveryCodes) => {
      setCodes(recoveryCodes);
      setStage('codes');
    },
    onCodesShown,
    onClose,
  });
  // Closing the dialog while the browser's prompt is open closes the prompt too.
  useEffect(() => () => WebAuthnAbortService.cancelCeremony(), []);

  const create = useMutation({
    mutationFn: async (name: string) => {
      const { options } = await withStepUp(() => passkeyApi.registrationOptions());
      setStage('prompt');
      const response = await startRegistration({ optionsJSON: options });
      // A slow prompt may outlast the proof of identity: the server then asks again and the same answer is resent.
      return withStepUp(() => passkeyApi.register(name, response));
    },
    onSuccess: (result) =>
      finish(result, { name: result.factor.name, addedText: t('passkeys.add.added', { name: result.factor.name }) }),
    onError: () => setStage('name'),
  });

  let problem: { text: string; calm: boolean } | null = null;
  if (create.error && !isStepUpCancelled(create.error)) {
    const text =
      isApiError(create.error) && create.error.code === 'passkey_exists'
        ? t('passkeys.problem.alreadyRegistered')
        : passkeyErrorText(create.error, t);
    problem = text === null ? null : { text, calm: isCalmPasskeyProblem(create.error) };
  }

  return (
    <>
      <SetupSteps
        current={{ name: 0, prompt: 1, codes: 2 }[stage]}
        first={t('twoStep.totp.stepName')}
        second={t('passkeys.add.stepCreate')}
      />
      {stage === 'codes' ? (
        <RecoveryCodesDisplay codes={codes} onDone={onClose} />
      ) : (
        <SetupStepForm<{ name: string }>
          form={form}
          name="passkey-name"
          initialValues={{ name: suggestPasskeyName(navigator.userAgent, t).slice(0, FACTOR_NAME_MAX) }}
          onFinish={(values) => create.mutate(values.name.trim())}
          submitLabel={problem ? t('passkeys.add.tryAgain') : t('passkeys.add.create')}
          submitIcon={<PasskeyIcon />}
          submitting={create.isPending}
          onCancel={onClose}
        >
          <Typography.Paragraph type="secondary">{t('passkeys.add.intro')}</Typography.Paragraph>
          <FactorNameField
            label={t('passkeys.nameLabel')}
            extra={t('passkeys.add.nameHint')}
            disabled={create.isPending}
          />
          {stage === 'prompt' ? (
            <Alert
              type="info"
              showIcon
              icon={<PasskeyIcon />}
              data-testid="passkey-add-prompt"
              title={t('passkeys.add.followPrompt')}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          {problem ? (
            <Alert
              type={problem.calm ? 'info' : 'error'}
              showIcon
              role="alert"
              data-testid="passkey-add-problem"
              title={problem.text}
              style={{ marginBottom: 16 }}
            />
          ) : null}
        </SetupStepForm>
      )}
    </>
  );
}
