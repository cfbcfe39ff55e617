import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { AttachmentPicker } from './follow-up-attachments';
import { followUpApi, refreshFollowUps, type FollowUp } from './follow-up-api';
import { FollowUpFields, emptyFollowUpValues, followUpInputOf, type FollowUpFormValues } from './follow-up-fields';

/**
 * Sends the chosen files to a saved follow-up one after the other. A refused file (type, size) does not undo the
 * follow-up: the user is told which file and why, and can attach it again from the timeline.
 */
export function useAttachmentUploads() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (followUp: FollowUp, files: UploadFile[]): Promise<void> => {
    for (const file of files) {
      if (!file.originFileObj) {
        continue;
      }
      try {
        await followUpApi.attach(followUp.id, file.originFileObj);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        void message.error(t('followUps.attachments.failed', { name: file.name, reason }), 8);
      }
    }
  };
}

/** The composer on top of a customer's follow-ups: log a call, visit, e-mail, WeChat chat or meeting in a few keys. */
export function FollowUpComposer({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FollowUpFormValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const upload = useAttachmentUploads();

  const save = useMutation({
    mutationFn: async (values: FollowUpFormValues) => {
      const created = await followUpApi.create(customerId, followUpInputOf(values));
      await upload(created, files);
      return created;
    },
    onSuccess: (created) => {
      void message.success(
        created.nextFollowUpAt ? t('followUps.form.createdWithReminder') : t('followUps.form.created'),
      );
      form.resetFields();
      form.setFieldsValue(emptyFollowUpValues());
      setFiles([]);
    },
    onSettled: () => void refreshFollowUps(queryClient),
  });

  return (
    <Form<FollowUpFormValues>
      form={form}
      name="follow-up-composer"
      layout="vertical"
      requiredMark={false}
      initialValues={emptyFollowUpValues()}
      onFinish={(values) => save.mutate(values)}
      data-testid="follow-up-composer"
    >
      <FollowUpFields customerId={customerId} compact />
      <FormErrorAlert error={save.error} />
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0, flex: '1 1 240px' }}>
          <AttachmentPicker files={files} onChange={setFiles} />
        </div>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={save.isPending}>
          {t('followUps.form.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
