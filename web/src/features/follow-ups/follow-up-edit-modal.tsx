import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Flex, Form, Modal, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { isCrmError } from '../crm/crm-errors';
import { AttachmentList, AttachmentPicker } from './follow-up-attachments';
import { followUpApi, refreshFollowUps, type FollowUp, type FollowUpAttachment } from './follow-up-api';
import { useAttachmentUploads } from './follow-up-composer';
import { FollowUpFields, followUpInputOf, followUpValuesOf, type FollowUpFormValues } from './follow-up-fields';

/** Edit one's follow-up: every field, its files (remove one at once, add new ones with the save). */
export function FollowUpEditModal({ followUp, onClose }: { followUp: FollowUp; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FollowUpFormValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [attachments, setAttachments] = useState(followUp.attachments);
  const [stale, setStale] = useState(false);
  const upload = useAttachmentUploads();

  const save = useMutation({
    mutationFn: async (values: FollowUpFormValues) => {
      const saved = await followUpApi.update(followUp.id, followUp.version, followUpInputOf(values));
      await upload(saved, files);
      return saved;
    },
    onSuccess: () => {
      void message.success(t('followUps.form.saved'));
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'stale_version')) {
        setStale(true);
      } else {
        applyFieldErrors(form, error);
      }
    },
    onSettled: () => void refreshFollowUps(queryClient),
  });

  const remove = async (attachment: FollowUpAttachment) => {
    try {
      await followUpApi.detach(attachment.id);
      setAttachments((current) => current.filter((item) => item.id !== attachment.id));
      void message.success(t('followUps.attachments.removed', { name: attachment.fileName }));
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      void refreshFollowUps(queryClient);
    }
  };

  return (
    <Modal
      open
      title={t('followUps.form.editTitle')}
      okText={t('followUps.form.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: stale }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={760}
      destroyOnHidden
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('followUps.form.staleTitle')}
          description={t('followUps.form.staleText')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<FollowUpFormValues>
        form={form}
        name="follow-up-edit"
        layout="vertical"
        requiredMark={false}
        initialValues={followUpValuesOf(followUp)}
        onFinish={(values) => save.mutate(values)}
        disabled={stale}
        style={{ marginTop: 16 }}
      >
        <FollowUpFields customerId={followUp.customerId} />
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {t('followUps.attachments.title')}
        </Typography.Text>
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <AttachmentList attachments={attachments} onRemove={remove} />
          <AttachmentPicker files={files} onChange={setFiles} already={attachments.length} />
        </Flex>
        <FormErrorAlert error={stale ? null : save.error} />
      </Form>
    </Modal>
  );
}
