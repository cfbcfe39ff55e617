import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/form-errors';
import { HiddenUsernameField } from '../../components/new-password-fields';
import { useMe } from '../auth/session-queries';
import type { StepUpMethod, StepUpMethodProps } from './step-up-context';

interface PasswordValues {
  password: string;
}

function isWrongPassword(error: unknown): boolean {
  return isApiError(error) && (error.code === 'current_password_incorrect' || error.code === 'invalid_credentials');
}

function PasswordStepUpForm({ onConfirmed, onCancel }: StepUpMethodProps) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<PasswordValues>();
  const confirm = useMutation({
    mutationFn: (values: PasswordValues) =>
      api.post<{ reauthenticatedUntil: string }>('/auth/reauthenticate', { password: values.password }),
    onSuccess: () => {
      form.resetFields();
      onConfirmed();
    },
    onError: (error) => {
      if (isWrongPassword(error)) {
        form.setFields([{ name: 'password', errors: [error.message], value: '' }]);
      }
    },
  });
  const bannerError = confirm.error && !isWrongPassword(confirm.error) ? confirm.error : null;

  return (
    <Form<PasswordValues>
      form={form}
      name="step-up-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => confirm.mutate(values)}
    >
      {/* Password managers fill the right account's password when they see its username. */}
      <HiddenUsernameField value={me.user.email} />
      <Form.Item
        label={t('stepUp.password')}
        name="password"
        rules={[{ required: true, message: t('stepUp.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <FormErrorAlert error={bannerError} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={confirm.isPending}>
          {t('stepUp.confirm')}
        </Button>
      </Flex>
    </Form>
  );
}

export const passwordStepUp: StepUpMethod = {
  key: 'password',
  labelKey: 'stepUp.method.password',
  Form: PasswordStepUpForm,
};
