import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { HiddenUsernameField, NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { isPasswordRejection, showPasswordRejection } from '../auth/password-errors';
import { meQueryKey, useMe } from '../auth/session-queries';
import { sessionsQueryKey } from './sessions-card';
import { trustedBrowsersQueryKey } from './trusted-browsers-card';

/** A wrong current password: the server answers 403 current_password_incorrect (the contract's invalid_credentials too). */
function isWrongCurrentPassword(error: unknown): boolean {
  return isApiError(error) && (error.code === 'current_password_incorrect' || error.code === 'invalid_credentials');
}

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangePasswordValues>();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const me = useMe();

  const change = useMutation({
    mutationFn: (values: ChangePasswordValues) =>
      api.post<{ ok: boolean }>('/auth/password/change', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
      void queryClient.invalidateQueries({ queryKey: trustedBrowsersQueryKey });
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
    onError: (error) => {
      if (isWrongCurrentPassword(error)) {
        form.setFields([{ name: 'currentPassword', errors: [error.message], value: '' }]);
        return;
      }
      showPasswordRejection(form, error, 'newPassword', problemText);
    },
  });

  // Field-level problems are shown on their fields; the banner is for everything else.
  const bannerError =
    change.error && !isWrongCurrentPassword(change.error) && !isPasswordRejection(change.error) ? change.error : null;

  return (
    <Card
      variant="borderless"
      title={t('security.changePassword.title')}
      extra={
        me.user.passwordChangedAt ? (
          <span style={{ fontSize: 13, opacity: 0.65 }}>
            {t('security.changePassword.lastChanged', { time: formatDateTime(me.user.passwordChangedAt) })}
          </span>
        ) : null
      }
    >
      {change.isSuccess ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('security.changePassword.success')}
          description={t('security.changePassword.otherSessionsEnded')}
          closable={{ onClose: () => change.reset() }}
          style={{ marginBottom: 24 }}
        />
      ) : null}
      <Form<ChangePasswordValues>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 460 }}
        onFinish={(values) => change.mutate(values)}
        onValuesChange={() => change.isSuccess && change.reset()}
      >
        <HiddenUsernameField value={me.user.email} />
        <Form.Item
          label={t('security.changePassword.current')}
          name="currentPassword"
          rules={[{ required: true, message: t('security.changePassword.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields
          idPrefix="change"
          name="newPassword"
          offerSuggestion
          context={{ email: me.user.email, name: me.user.name, orgName: me.org.name }}
        />
        <FormErrorAlert error={bannerError} />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('security.changePassword.submit')}
        </Button>
      </Form>
    </Card>
  );
}
