import { ClockCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AdminRecoveryPolicy, MemberListItem, SecurityPolicyResponse } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled } from '../step-up/step-up-context';
import { memberAdminApi, type VerificationMethod } from './member-admin-api';
import { useAdminAction } from './use-admin-action';
import { VerificationFields, verificationOf } from './verification-fields';

interface ResetValues {
  verification: { method: VerificationMethod; note?: string };
}

/**
 * When the reset will take effect under the organisation's rule (AD-02): after a second person's approval (always
 * for owners and admins) and the cool-down, during which the member can cancel it.
 */
function timingKey(member: MemberListItem, rule: AdminRecoveryPolicy): string {
  const needsApproval = rule.twoStepResetNeedsApproval || member.role === 'owner' || member.role === 'admin';
  const delayed = rule.twoStepResetDelayHours > 0;
  if (needsApproval) {
    return delayed ? 'members.resetTwoStep.timing.approvalThenDelay' : 'members.resetTwoStep.timing.approvalThenNow';
  }
  return delayed ? 'members.resetTwoStep.timing.delay' : 'members.resetTwoStep.timing.now';
}

/** Removes every second factor of a member who lost them; they must set up two-step again before anything else. */
/** Mounted only while open: each opening starts with an empty form, and it stacks above the detail drawer. */
export function ResetTwoStepDialog({ member, onClose }: { member: MemberListItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const { execute } = useAdminAction();
  // Owners and admins (the only ones who reset two-step) may read the policy; the same query as the policy page.
  const policy = useQuery({
    queryKey: ['security-policy'],
    queryFn: () => api.get<SecurityPolicyResponse>('/security-policy'),
  });
  const rule = policy.data?.policy.adminRecovery;

  const reset = useMutation({
    mutationFn: (values: ResetValues) =>
      execute(member, () => memberAdminApi.resetTwoStep(member.id, verificationOf(values))),
    onSuccess: (outcome) => {
      if ('done' in outcome) {
        void message.success(
          outcome.done.applied
            ? t('members.done.reset_two_step', { name: member.name })
            : t('members.done.reset_two_step_scheduled', {
                name: member.name,
                time: formatDateTime(outcome.done.effectiveAt),
              }),
        );
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
        style={{ margin: '12px 0 12px' }}
      />
      {rule ? (
        <Alert
          type={rule.twoStepResetDelayHours > 0 ? 'info' : 'warning'}
          showIcon
          icon={<ClockCircleOutlined />}
          data-testid="reset-two-step-timing"
          title={t(timingKey(member, rule), {
            name: member.name,
            hours: rule.twoStepResetDelayHours,
            time: formatDateTime(dayjs().add(rule.twoStepResetDelayHours, 'hour').toISOString()),
          })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
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
