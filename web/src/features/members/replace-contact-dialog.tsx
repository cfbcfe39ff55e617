import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled } from '../step-up/step-up-context';
import { memberAdminApi, type VerificationMethod } from './member-admin-api';
import { useAdminAction } from './use-admin-action';
import { VerificationFields, verificationOf } from './verification-fields';

interface ReplaceValues {
  kind: 'email' | 'phone';
  address: string;
  verification: { method: VerificationMethod; note?: string };
}

/**
 * "I changed my number": the admin enters the member's new e-mail or mobile. Nothing changes until the member opens the
 * one-time link sent to that address; the old address then gets a link to undo it. Mounted only while open.
 */
export function ReplaceContactDialog({ member, onClose }: { member: MemberListItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReplaceValues>();
  const kind = Form.useWatch('kind', form) ?? 'phone';
  const { execute } = useAdminAction();

  const replace = useMutation({
    mutationFn: (values: ReplaceValues) =>
      execute(member, () =>
        memberAdminApi.replaceContact(member.id, {
          kind: values.kind,
          address: values.address,
          verification: verificationOf(values),
        }),
      ),
    onSuccess: (outcome, values) => {
      if ('done' in outcome) {
        void message.success(t('members.replaceContact.sent', { address: values.address.trim() }));
      }
      onClose();
    },
  });
  const shownError = replace.error && !isStepUpCancelled(replace.error) ? replace.error : null;
  const current = kind === 'email' ? member.email : member.phone;

  return (
    <Modal
      open
      title={t('members.replaceContact.title', { name: member.name })}
      okText={t('members.replaceContact.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={replace.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
    >
      <Alert
        type="info"
        showIcon
        description={t('members.replaceContact.explain', { name: member.name })}
        style={{ margin: '12px 0 16px' }}
      />
      <Form<ReplaceValues>
        form={form}
        name="replace-contact"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'phone', address: '' }}
        onFinish={(values) => replace.mutate(values)}
      >
        <Form.Item name="kind" label={t('members.replaceContact.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'phone', label: t('members.replaceContact.phone') },
              { value: 'email', label: t('members.replaceContact.email') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="address"
          label={t(kind === 'email' ? 'members.replaceContact.newEmail' : 'members.replaceContact.newPhone')}
          extra={current ? t('members.replaceContact.current', { address: current }) : undefined}
          rules={[{ required: true, whitespace: true, message: t('members.replaceContact.addressRequired') }]}
        >
          <Input
            autoComplete="off"
            inputMode={kind === 'email' ? 'email' : 'tel'}
            placeholder={kind === 'email' ? 'name@example.com' : '+86 138 0013 8000'}
          />
        </Form.Item>
        <VerificationFields />
        <FormErrorAlert error={shownError} />
      </Form>
    </Modal>
  );
}
