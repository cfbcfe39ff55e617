import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { CodeStep } from './code-step';
import { recoveryApi, refreshRecovery, type ChannelSlot, type RecoveryChannel } from './recovery-queries';

const ADDRESS_ERRORS = new Set(['address_taken', 'phone_invalid', 'phone_not_mobile', 'validation_failed']);

/** Where the dialog starts: typing a new address, or entering the code for one that already got a code. */
export type ChannelDialogStart =
  { step: 'address' } | { step: 'code'; channelId: string; address: string; resendAfter: number };

interface ChannelDialogProps {
  slot: ChannelSlot;
  start: ChannelDialogStart;
  /** The slot's address today, when this is a change. */
  currentAddress: string | null;
  onClose: () => void;
}

type Stage = ChannelDialogStart | { step: 'done'; address: string };

/** i18n key suffix of a slot: primaryEmail, primaryPhone, backupEmail, backupPhone. */
export function slotKey(slot: ChannelSlot): string {
  return `${slot.role}${slot.kind === 'email' ? 'Email' : 'Phone'}`;
}

function AddressStep({
  slot,
  currentAddress,
  onSent,
  onCancel,
}: {
  slot: ChannelSlot;
  currentAddress: string | null;
  onSent: (channelId: string, address: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ address: string }>();
  const withStepUp = useStepUp();
  const isEmail = slot.kind === 'email';
  const changesSignIn = slot.role === 'primary' && isEmail && currentAddress !== null;

  const add = useMutation({
    mutationFn: (address: string) =>
      withStepUp(() => recoveryApi.addChannel({ kind: slot.kind, role: slot.role, address })),
    onSuccess: (result, address) => onSent(result.id, address),
    onError: (error) => {
      if (isApiError(error) && ADDRESS_ERRORS.has(error.code)) {
        form.setFields([{ name: 'address', errors: [error.message] }]);
      }
    },
  });
  const bannerError =
    add.error && !isStepUpCancelled(add.error) && !(isApiError(add.error) && ADDRESS_ERRORS.has(add.error.code))
      ? add.error
      : null;

  return (
    <Form<{ address: string }>
      form={form}
      name="recovery-address"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => add.mutate(values.address.trim())}
    >
      {changesSignIn ? (
        <Alert
          type="info"
          showIcon
          title={t('recoverySettings.changeEmail.title')}
          description={t('recoverySettings.changeEmail.explain', { email: currentAddress })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form.Item
        label={t(`recoverySettings.dialog.addressLabel.${slot.kind}`)}
        name="address"
        extra={isEmail ? undefined : t('recoverySettings.dialog.phoneHint')}
        rules={[
          { required: true, whitespace: true, message: t(`recoverySettings.dialog.addressRequired.${slot.kind}`) },
          ...(isEmail ? [{ type: 'email' as const, message: t('common.emailInvalid') }] : []),
        ]}
      >
        <Input
          type={isEmail ? 'email' : 'tel'}
          autoComplete={isEmail ? 'email' : 'tel'}
          inputMode={isEmail ? 'email' : 'tel'}
          placeholder={isEmail ? 'name@example.com' : '+86 138 0013 8000'}
          autoFocus
        />
      </Form.Item>
      <FormErrorAlert error={bannerError} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('recoverySettings.dialog.sendCode')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Add or change one way back: address → code sent → code entered (and, for the sign-in e-mail, what happens next). */
export function ChannelDialog({ slot, start, currentAddress, onClose }: ChannelDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>(start);
  const name = t(`recoverySettings.slot.${slotKey(slot)}`);
  const noun = t(`recoverySettings.slotNoun.${slotKey(slot)}`);
  const changesSignIn = slot.role === 'primary' && slot.kind === 'email' && currentAddress !== null;

  const close = () => {
    // A code that was sent but not entered leaves a pending entry in the list; show it.
    void refreshRecovery(queryClient);
    onClose();
  };

  const verified = (channel: RecoveryChannel) => {
    void refreshRecovery(queryClient);
    if (changesSignIn && stage.step === 'code' && stage.channelId !== 'primary-email') {
      setStage({ step: 'done', address: channel.address || stage.address });
      return;
    }
    void message.success(t('recoverySettings.dialog.verified', { name }));
    onClose();
  };

  const title =
    stage.step === 'address' && currentAddress === null
      ? t('recoverySettings.dialog.addTitle', { name: noun })
      : stage.step === 'address'
        ? t('recoverySettings.dialog.changeTitle', { name: noun })
        : t('recoverySettings.dialog.verifyTitle', { name: noun });

  return (
    <Modal open title={title} footer={null} onCancel={close} destroyOnHidden width={480} maskClosable={false}>
      <div style={{ marginTop: 16 }}>
        {stage.step === 'address' ? (
          <AddressStep
            slot={slot}
            currentAddress={currentAddress}
            onSent={(channelId, address) => setStage({ step: 'code', channelId, address, resendAfter: 60 })}
            onCancel={close}
          />
        ) : null}
        {stage.step === 'code' ? (
          <CodeStep
            channelId={stage.channelId}
            address={stage.address}
            resendAfter={stage.resendAfter}
            onVerified={verified}
            onCancel={close}
          />
        ) : null}
        {stage.step === 'done' ? (
          <Result
            status="success"
            title={
              <span style={{ fontSize: 18, overflowWrap: 'anywhere' }}>
                {t('recoverySettings.changeEmail.doneTitle', { email: stage.address })}
              </span>
            }
            subTitle={t('recoverySettings.changeEmail.doneText', { email: currentAddress })}
            extra={
              <Button type="primary" onClick={close}>
                {t('recoverySettings.dialog.close')}
              </Button>
            }
            style={{ padding: '8px 0' }}
          />
        ) : null}
      </div>
    </Modal>
  );
}
