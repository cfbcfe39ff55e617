import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Divider, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { currentLanguage } from '../../i18n/i18n';
import { isPasswordRejection, showPasswordRejection } from '../auth/password-errors';
import { storeSession } from '../auth/session-queries';

interface SetupValues {
  orgName: string;
  name: string;
  email: string;
  password: string;
  passwordConfirm: string;
}

/** First run: creates the organisation and its owner, then signs the owner in. */
export function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const email = (Form.useWatch('email', form) as string | undefined) ?? '';
  const name = (Form.useWatch('name', form) as string | undefined) ?? '';
  const orgName = (Form.useWatch('orgName', form) as string | undefined) ?? '';

  const setup = useMutation({
    mutationFn: (values: SetupValues) =>
      api.post<Me>('/setup', {
        orgName: values.orgName.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        locale: currentLanguage(),
      }),
    meta: { skipAuthRedirect: true },
    onSuccess: (me) => {
      storeSession(queryClient, me);
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      if (!showPasswordRejection(form, error, 'password', problemText)) {
        applyFieldErrors(form, error);
      }
    },
  });

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} wide>
      <Form<SetupValues>
        form={form}
        name="setup"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => setup.mutate(values)}
      >
        <Form.Item
          label={t('setup.orgName')}
          name="orgName"
          rules={[{ required: true, whitespace: true, message: t('setup.orgNameRequired') }]}
        >
          <Input size="large" autoComplete="organization" autoFocus placeholder={t('setup.orgNamePlaceholder')} />
        </Form.Item>
        <Divider plain style={{ margin: '8px 0 16px' }}>
          {t('setup.ownerSection')}
        </Divider>
        <Form.Item
          label={t('setup.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('setup.nameRequired') }]}
        >
          <Input size="large" autoComplete="name" />
        </Form.Item>
        <Form.Item
          label={t('setup.email')}
          name="email"
          rules={[
            { required: true, message: t('setup.emailRequired') },
            { type: 'email', message: t('common.emailInvalid') },
          ]}
        >
          <Input size="large" type="email" autoComplete="username" />
        </Form.Item>
        <NewPasswordFields idPrefix="setup" context={{ email, name, orgName }} />
        <FormErrorAlert error={isPasswordRejection(setup.error) ? null : setup.error} />
        <Button type="primary" htmlType="submit" size="large" block loading={setup.isPending}>
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
