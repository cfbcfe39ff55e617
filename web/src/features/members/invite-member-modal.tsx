import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Member, RoleName } from '../../api/types';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { membersQueryKey } from './member-queries';

interface InviteValues {
  email: string;
  name: string;
  role: RoleName;
}

interface InviteMemberModalProps {
  open: boolean;
  roles: RoleName[];
  onClose: () => void;
}

export function InviteMemberModal({ open, roles, onClose }: InviteMemberModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<InviteValues>();
  const queryClient = useQueryClient();

  const invite = useMutation({
    mutationFn: (values: InviteValues) =>
      api.post<Member>('/members/invitations', {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role,
      }),
    onSuccess: (member) => {
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
      void message.success(t('members.invite.sent', { email: member.email }));
      form.resetFields();
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const close = () => {
    invite.reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('members.invite.title')}
      okText={t('members.invite.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={invite.isPending}
      onOk={() => form.submit()}
      onCancel={close}
      forceRender
    >
      <Form<InviteValues>
        form={form}
        name="invite-member"
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: roles.includes('sales') ? 'sales' : roles[roles.length - 1] }}
        onFinish={(values) => invite.mutate(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item
          label={t('members.invite.email')}
          name="email"
          rules={[
            { required: true, message: t('members.invite.emailRequired') },
            { type: 'email', message: t('common.emailInvalid') },
          ]}
        >
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('members.invite.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('members.invite.nameRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('members.invite.role')}
          name="role"
          rules={[{ required: true }]}
          extra={t('members.invite.roleHint')}
        >
          <Select options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
        </Form.Item>
        <FormErrorAlert error={invite.error} />
      </Form>
    </Modal>
  );
}
