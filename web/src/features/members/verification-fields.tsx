import { Alert, Form, Input, Radio, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { VERIFICATION_METHODS, type VerificationMethod } from './member-admin-api';

const NOTE_MAX = 500;

/**
 * "How did you confirm it is really them?" — the five methods as cards with a short help text each, and a note
 * (ticket number, who confirmed) that is required for "other". Recorded in the audit log with the action (AD-02).
 * Fields: `verification.method`, `verification.note`.
 */
export function VerificationFields() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const form = Form.useFormInstance();
  const method = Form.useWatch(['verification', 'method'], form) as VerificationMethod | undefined;

  return (
    <>
      <Alert type="info" showIcon title={t('members.verification.warning')} style={{ marginBottom: 16 }} />
      <Form.Item
        label={t('members.verification.label')}
        name={['verification', 'method']}
        rules={[{ required: true, message: t('members.verification.required') }]}
      >
        <Radio.Group style={{ width: '100%' }}>
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))', gap: 8 }}
            data-testid="verification-methods"
          >
            {VERIFICATION_METHODS.map((candidate) => {
              const selected = method === candidate;
              return (
                <Radio
                  key={candidate}
                  value={candidate}
                  style={{
                    margin: 0,
                    padding: '10px 12px',
                    alignItems: 'flex-start',
                    border: `1px solid ${selected ? token.colorPrimary : token.colorBorder}`,
                    background: selected ? token.colorPrimaryBg : undefined,
                    borderRadius: token.borderRadiusLG,
                  }}
                >
                  <Typography.Text strong>{t(`members.verification.method.${candidate}`)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                    {t(`members.verification.help.${candidate}`)}
                  </Typography.Text>
                </Radio>
              );
            })}
          </div>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        label={method === 'other' ? t('members.verification.noteRequiredLabel') : t('members.verification.noteLabel')}
        name={['verification', 'note']}
        dependencies={[['verification', 'method']]}
        rules={[
          { required: method === 'other', whitespace: true, message: t('members.verification.noteRequired') },
          { max: NOTE_MAX, message: t('members.verification.noteTooLong', { max: NOTE_MAX }) },
        ]}
        extra={t('members.verification.noteHint')}
      >
        <Input.TextArea rows={2} maxLength={NOTE_MAX} showCount autoComplete="off" />
      </Form.Item>
    </>
  );
}

/** The verification as the API takes it: no empty note. */
export function verificationOf(values: { verification?: { method?: VerificationMethod; note?: string } }) {
  const method = values.verification?.method ?? 'other';
  const note = values.verification?.note?.trim();
  return note ? { method, note } : { method };
}
