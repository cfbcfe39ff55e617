import { Alert, DatePicker, Form, Modal, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { defaultDeactivationTime } from './deactivation-time';

interface DeactivateValues {
  when: 'now' | 'scheduled';
  at?: Dayjs;
}

interface DeactivateDialogProps {
  /** One member, or several for a bulk action. Mounted only while open. */
  members: MemberListItem[];
  /** Runs the deactivation (`at` = ISO time for a scheduled one); the dialog closes when it settles. */
  onConfirm: (at: string | undefined) => Promise<void>;
  onClose: () => void;
}

/**
 * Deactivate now or at a chosen time (AD-06): sessions end at once and every link sent to the member stops working;
 * the account and its data stay, and reactivation brings the member back with a new password.
 */
export function DeactivateDialog({ members, onConfirm, onClose }: DeactivateDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DeactivateValues>();
  const [running, setRunning] = useState(false);
  const when = Form.useWatch('when', form);
  const single = members.length === 1 ? members[0] : undefined;
  const subject = single ? single.name : t('members.bulk.count', { count: members.length });

  const submit = async (values: DeactivateValues) => {
    setRunning(true);
    try {
      await onConfirm(
        values.when === 'scheduled' && values.at ? values.at.second(0).millisecond(0).toISOString() : undefined,
      );
      onClose();
    } finally {
      setRunning(false);
    }
  };

  return (
    <Modal
      open
      title={t('members.deactivate.title', { name: subject })}
      okText={when === 'scheduled' ? t('members.deactivate.submitScheduled') : t('members.deactivate.submitNow')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={running}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<DeactivateValues>
        form={form}
        name="deactivate-member"
        layout="vertical"
        requiredMark={false}
        initialValues={{ when: 'now', at: defaultDeactivationTime() }}
        onFinish={(values) => void submit(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item name="when" label={t('members.deactivate.whenLabel')}>
          <Radio.Group
            options={[
              { value: 'now', label: t('members.deactivate.now') },
              { value: 'scheduled', label: t('members.deactivate.scheduled') },
            ]}
          />
        </Form.Item>
        {when === 'scheduled' ? (
          <Form.Item
            name="at"
            label={t('members.deactivate.atLabel')}
            extra={t('members.deactivate.atHint')}
            rules={[
              { required: true, message: t('members.deactivate.atRequired') },
              {
                validator: (_rule, value: Dayjs | undefined) =>
                  !value || value.isAfter(dayjs())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('members.deactivate.atPast'))),
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(date) => date.isBefore(dayjs().startOf('day'))}
              allowClear={false}
              style={{ width: 220 }}
            />
          </Form.Item>
        ) : null}
        <Alert
          type="warning"
          showIcon
          title={when === 'scheduled' ? t('members.deactivate.effectScheduled') : t('members.deactivate.effectNow')}
          description={t('members.deactivate.effect')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
          {t('members.deactivate.crmNote')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
