import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
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

/** No current password and no fresh passkey sign-in to stand in for it (it expired meanwhile): 400 current_password_required. */
function isCurrentPasswordRequired(error: unknown): boolean {
  return isApiError(error) && error.code === 'current_password_required';
}

/**
 * Whether the session's passkey proof (MF-12) is still fresh: true until `until`, then false without a reload. The
 * server decides for itself on submit; this only shows or hides the current-password field.
 */
function useStillBefore(until: string | null | undefined): boolean {
  const untilMs = until ? Date.parse(until) : Number.NaN;
  const [expiredFor, setExpiredFor] = useState<number | null>(null);
  useEffect(() => {
    const left = untilMs - Date.now();
    if (!(left > 0)) {
      return undefined;
    }
    const timer = setTimeout(() => setExpiredFor(untilMs), Math.min(left + 250, 2_147_483_647));
    return () => clearTimeout(timer);
  }, [untilMs]);
  return Number.isFinite(untilMs) && expiredFor !== untilMs && untilMs > Date.now();
}

interface ChangePasswordValues {
  currentPassword?: string;
  newPassword: string;
  newPasswordConfirm: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangePasswordValues>();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const me = useMe();
  // Signed in with a passkey and user verification moments ago: the old password is not needed (MF-12).
  const passkeyVerifiedUntil = me.session.passkeyVerifiedUntil ?? null;
  const withoutCurrent = useStillBefore(passkeyVerifiedUntil);

  const change = useMutation({
    mutationFn: (values: ChangePasswordValues) =>
      api.post<{ ok: boolean }>('/auth/password/change', {
        ...(withoutCurrent ? {} : { currentPassword: values.currentPassword }),
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
      if (isCurrentPasswordRequired(error)) {
        // The passkey proof ran out: read the session again, which brings the current-password field back.
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
        return;
      }
      showPasswordRejection(form, error, 'newPassword', problemText);
    },
  });

  // Field-level problems are shown on their fields; the banner is for everything else.
  const bannerError =
    change.error && !isWrongCurrentPassword(change.error) && !isPasswordRejection(change.error) ? change.error : null;
  const showCurrent = !withoutCurrent;

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
        {showCurrent ? (
          <Form.Item
            label={t('security.changePassword.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('security.changePassword.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        ) : (
          <Alert
            type="info"
            showIcon
            data-testid="passkey-verified-note"
            title={t('security.changePassword.passkeyVerified')}
            description={
              passkeyVerifiedUntil
                ? t('security.changePassword.passkeyVerifiedUntil', { time: formatDateTime(passkeyVerifiedUntil) })
                : null
            }
            style={{ marginBottom: 24 }}
          />
        )}
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
