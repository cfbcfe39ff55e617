import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled } from '../step-up/step-up-context';
import { DeliveryFields, deliveryOf, type DeliveryValues } from './delivery-fields';
import {
  isIssuedRecoveryLink,
  memberAdminApi,
  type IssuedRecoveryLink,
  type RecoveryLinkRequest,
  type VerificationMethod,
} from './member-admin-api';
import { RecoveryLinkResult } from './recovery-link-result';
import { useAdminAction } from './use-admin-action';
import { VerificationFields, verificationOf } from './verification-fields';

export type RecoveryDialogMode = 'recovery_link' | 'reactivate';

interface RecoveryValues extends DeliveryValues {
  verification: { method: VerificationMethod; note?: string };
  resetTwoStep?: boolean;
}

interface AssistedRecoveryDialogProps {
  member: MemberListItem;
  /** Assisted recovery of an active member, or reactivation of a deactivated one (same two steps). */
  mode: RecoveryDialogMode;
  onClose: () => void;
}

type Stage = 'verify' | 'deliver' | { issued: IssuedRecoveryLink };

/**
 * Assisted recovery (AD-01/AD-02): 1. how the admin verified who they are talking to, 2. where the one-time link goes —
 * a verified address of theirs, one the admin types, or shown here to hand over in person. The member chooses their
 * own password with it; the admin never sees or sets one. Reactivation is the same dialog with its own texts.
 * Mounted only while open: the link shown for a hand-over lives in its state alone, and closing forgets it.
 */
export function AssistedRecoveryDialog({ member, mode, onClose }: AssistedRecoveryDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecoveryValues>();
  const [stage, setStage] = useState<Stage>('verify');
  const { execute } = useAdminAction();

  const issue = useMutation({
    mutationFn: (body: RecoveryLinkRequest) => {
      const call =
        mode === 'reactivate'
          ? () => memberAdminApi.reactivate(member.id, body)
          : () => memberAdminApi.issueRecoveryLink(member.id, body);
      return execute(member, call);
    },
    onSuccess: (outcome) => {
      if ('done' in outcome && isIssuedRecoveryLink(outcome.done)) {
        if (mode === 'reactivate') {
          void message.success(t('members.done.reactivate', { name: member.name }));
        }
        setStage({ issued: outcome.done });
        return;
      }
      onClose();
    },
  });

  const submit = () => {
    const values = form.getFieldsValue(true) as RecoveryValues;
    issue.mutate({
      verification: verificationOf(values),
      delivery: deliveryOf(values, member),
      ...(values.resetTwoStep ? { resetTwoStep: true } : {}),
    });
  };

  const next = async () => {
    try {
      await form.validateFields([
        ['verification', 'method'],
        ['verification', 'note'],
      ]);
      setStage('deliver');
    } catch {
      // The fields show what is missing.
    }
  };

  const name = member.name;
  const issued = typeof stage === 'object' ? stage.issued : null;
  const shownError = issue.error && !isStepUpCancelled(issue.error) ? issue.error : null;
  const footer = issued
    ? [
        <Button key="close" type="primary" onClick={onClose}>
          {t('members.recoveryLink.close')}
        </Button>,
      ]
    : stage === 'verify'
      ? [
          <Button key="cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>,
          <Button key="next" type="primary" onClick={() => void next()}>
            {t('members.recoveryLink.next')}
          </Button>,
        ]
      : [
          <Button key="back" onClick={() => setStage('verify')} disabled={issue.isPending}>
            {t('members.recoveryLink.back')}
          </Button>,
          <Button key="submit" type="primary" loading={issue.isPending} onClick={() => form.submit()}>
            {t(`members.recoveryLink.submit.${mode}`)}
          </Button>,
        ];

  return (
    <Modal
      open
      title={t(`members.recoveryLink.title.${mode}`, { name })}
      footer={footer}
      onCancel={onClose}
      maskClosable={issued === null}
      width={660}
    >
      <Steps
        size="small"
        current={issued ? 2 : stage === 'verify' ? 0 : 1}
        items={[
          { title: t('members.recoveryLink.stepVerify') },
          { title: t('members.recoveryLink.stepDeliver') },
          { title: t('members.recoveryLink.stepDone') },
        ]}
        style={{ margin: '16px 0 20px' }}
      />
      {issued ? (
        <RecoveryLinkResult result={issued} memberName={name} />
      ) : (
        <Form<RecoveryValues>
          form={form}
          name={`assisted-${mode}`}
          layout="vertical"
          requiredMark={false}
          initialValues={{ choice: 'email_known' }}
          onFinish={submit}
        >
          {mode === 'reactivate' ? (
            <Alert
              type="info"
              showIcon
              title={t('members.reactivate.explain', { name })}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <div hidden={stage !== 'verify'}>
            <VerificationFields />
          </div>
          <div hidden={stage !== 'deliver'}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              {t('members.recoveryLink.deliverIntro', { name })}
            </Typography.Paragraph>
            <DeliveryFields member={member} active={stage === 'deliver'} />
            <FormErrorAlert error={shownError} />
          </div>
        </Form>
      )}
    </Modal>
  );
}
