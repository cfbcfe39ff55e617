import { useMutation, useQueryClient } from '@tanstack/react-query';
import { WebAuthnAbortService, startRegistration } from '@simplewebauthn/browser';
import { Alert, App, Button, Flex, Form, Input, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FACTOR_NAME_MAX } from './factor-rename-dialog';
import { isCalmPasskeyProblem, passkeyApi, passkeyErrorText, suggestPasskeyName } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { RecoveryCodesDisplay } from './recovery-codes-display';
import { refreshTwoStep } from './two-step-api';
import { FactorSetupModal } from './factor-setup-modal';

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
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [stage, setStage] = useState<Stage>('name');
  const [codes, setCodes] = useState<string[]>([]);
  const [form] = Form.useForm<{ name: string }>();
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
    onSuccess: (result) => {
      void refreshTwoStep(queryClient);
      void message.success(t('passkeys.add.added', { name: result.factor.name }));
      if (result.recoveryCodes && result.recoveryCodes.length > 0) {
        setCodes(result.recoveryCodes);
        setStage('codes');
        onCodesShown();
      } else {
        onClose();
      }
    },
    onError: () => setStage('name'),
  });

  const current = { name: 0, prompt: 1, codes: 2 }[stage];
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
      <Steps
        size="small"
        current={current}
        style={{ margin: '12px 0 24px' }}
        items={[
          { title: t('twoStep.totp.stepName') },
          { title: t('passkeys.add.stepCreate') },
          { title: t('twoStep.totp.stepCodes') },
        ]}
      />
      {stage === 'codes' ? (
        <RecoveryCodesDisplay codes={codes} onDone={onClose} />
      ) : (
        <Form<{ name: string }>
          form={form}
          name="passkey-name"
          layout="vertical"
          requiredMark={false}
          initialValues={{ name: suggestPasskeyName(navigator.userAgent, t).slice(0, FACTOR_NAME_MAX) }}
          onFinish={(values) => create.mutate(values.name.trim())}
        >
          <Typography.Paragraph type="secondary">{t('passkeys.add.intro')}</Typography.Paragraph>
          <Form.Item
            label={t('passkeys.nameLabel')}
            name="name"
            extra={t('passkeys.add.nameHint')}
            rules={[
              { required: true, whitespace: true, message: t('twoStep.totp.nameRequired') },
              { max: FACTOR_NAME_MAX, message: t('twoStep.totp.nameTooLong', { max: FACTOR_NAME_MAX }) },
            ]}
          >
            <Input maxLength={FACTOR_NAME_MAX} autoComplete="off" autoFocus disabled={create.isPending} />
          </Form.Item>
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
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" icon={<PasskeyIcon />} loading={create.isPending}>
              {problem ? t('passkeys.add.tryAgain') : t('passkeys.add.create')}
            </Button>
          </Flex>
        </Form>
      )}
    </>
  );
}
