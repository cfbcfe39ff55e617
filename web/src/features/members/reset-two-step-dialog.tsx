import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled } from '../step-up/step-up-context';
import { memberAdminApi, type VerificationMethod } from './member-admin-api';
import { useAdminAction } from './use-admin-action';
import { VerificationFields, verificationOf } from './verification-fields';

interface ResetValues {
  verification: { method: VerificationMethod; note?: string };
}

/** Removes every second factor of a member who lost them; they must set up two-step again before anything else. */
/** Mounted only while open: each opening starts with an empty form, and it stacks above the detail drawer. */
export function ResetTwoStepDialog({ member, onClose }: { member: MemberListItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const { execute } = useAdminAction();

  const reset = useMutation({
    mutationFn: (values: ResetValues) =>
      execute(member, () => memberAdminApi.resetTwoStep(member.id, verificationOf(values))),
    onSuccess: (outcome) => {
      if ('done' in outcome) {
        void message.success(t('members.done.reset_two_step', { name: member.name }));
      }
      onClose();
    },
  });
  const shownError = reset.error && !isStepUpCancelled(reset.error) ? reset.error : null;

  return (
    <Modal
      open
      title={t('members.resetTwoStep.title', { name: member.name })}
      okText={t('members.action.reset_two_step')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
    >
      <Alert
        type="warning"
        showIcon
        title={t('members.resetTwoStep.warningTitle')}
        description={t('members.resetTwoStep.warning', { name: member.name })}
        style={{ margin: '12px 0 16px' }}
      />
      <Form<ResetValues>
        form={form}
        name="reset-two-step"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => reset.mutate(values)}
      >
        <VerificationFields />
        <FormErrorAlert error={shownError} />
      </Form>
    </Modal>
  );
}
