import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface LostReasonDialogProps {
  dealName: string;
  stageName: string;
  saving: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}

/** A deal enters a lost stage only with the reason it was lost: the win/loss analysis is built from these. */
export function LostReasonDialog({ dealName, stageName, saving, onSubmit, onCancel }: LostReasonDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={t('deals.lost.title', { name: dealName })}
      okText={t('deals.lost.submit', { stage: stageName })}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      width={480}
    >
      <Typography.Paragraph type="secondary">{t('deals.lost.text')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => onSubmit(values.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('deals.field.lostReason')}
          rules={[
            { required: true, whitespace: true, message: t('deals.lost.required') },
            { max: 500, message: t('customers.form.tooLong', { max: 500 }) },
          ]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('deals.lost.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
