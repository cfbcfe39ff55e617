import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Form, Input, Modal, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { SecretRevealPanel } from './secret-reveal-panel';
import {
  refreshWebhooks,
  webhookEventKinds,
  webhookRecordTypes,
  webhooksApi,
  type Webhook,
  type WebhookWithSecret,
} from './webhooks-api';

interface FormValues {
  name: string;
  url: string;
  allEvents: boolean;
  events: string[];
}

/**
 * Create (→ confirm it's you → the secret, shown once) or edit an endpoint. A changed URL also asks to confirm; the
 * server decides (403 reauthentication_required), the step-up context retries.
 */
export function WebhookDialog({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: Webhook | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [form] = Form.useForm<FormValues>();
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const allEvents = Form.useWatch('allEvents', form);

  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const input = {
        name: values.name.trim(),
        url: values.url.trim(),
        allEvents: values.allEvents,
        events: values.allEvents ? [] : values.events,
      };
      return withStepUp(() => (editing ? webhooksApi.update(editing.id, input) : webhooksApi.create(input)));
    },
    onSuccess: (result) => {
      void refreshWebhooks(queryClient);
      if ('secret' in result) setCreated(result as WebhookWithSecret);
      else close();
    },
  });

  const close = () => {
    setCreated(null);
    save.reset();
    form.resetFields();
    onClose();
  };

  const shownError = save.error && !isStepUpCancelled(save.error) ? save.error : null;
  const title = created
    ? t('webhooks.secret.title')
    : editing
      ? t('webhooks.form.editTitle')
      : t('webhooks.form.createTitle');

  return (
    <Modal
      open={open}
      title={title}
      onCancel={created ? undefined : close}
      closable={!created}
      maskClosable={false}
      footer={null}
      width={680}
      destroyOnHidden
    >
      {created ? (
        <SecretRevealPanel webhook={created} onDone={close} />
      ) : (
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          name="webhook-form"
          initialValues={
            editing
              ? { name: editing.name, url: editing.url, allEvents: editing.allEvents, events: editing.events }
              : {
                  name: '',
                  url: 'https://',
                  allEvents: false,
                  events: ['customer.created', 'customer.updated', 'customer.deleted'],
                }
          }
          onFinish={(values) => save.mutate(values)}
        >
          <Typography.Paragraph type="secondary">{t('webhooks.form.intro')}</Typography.Paragraph>
          <Form.Item
            name="name"
            label={t('webhooks.form.name')}
            rules={[{ required: true, whitespace: true, message: t('webhooks.form.nameRequired') }]}
          >
            <Input maxLength={80} placeholder={t('webhooks.form.namePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('webhooks.form.url')}
            extra={t('webhooks.form.urlHint')}
            rules={[{ required: true, whitespace: true, message: t('webhooks.form.urlRequired') }]}
          >
            <Input maxLength={2000} placeholder="https://erp.example.com/hooks/clientele" />
          </Form.Item>
          <Form.Item
            name="allEvents"
            valuePropName="checked"
            label={t('webhooks.form.allEvents')}
            extra={t('webhooks.form.allEventsHint')}
          >
            <Switch />
          </Form.Item>
          {allEvents ? null : (
            <Form.Item
              name="events"
              label={t('webhooks.form.events')}
              rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.form.eventsRequired') }]}
            >
              <Checkbox.Group style={{ width: '100%' }}>
                <table style={{ borderCollapse: 'collapse', width: '100%' }}>
                  <tbody>
                    {webhookRecordTypes.map((recordType) => (
                      <tr key={recordType}>
                        <td style={{ padding: '4px 12px 4px 0', whiteSpace: 'nowrap' }}>
                          {t(`webhooks.recordType.${recordType}`)}
                        </td>
                        {webhookEventKinds.map((kind) => (
                          <td key={kind} style={{ padding: '4px 12px 4px 0' }}>
                            <Checkbox value={`${recordType}.${kind}`} aria-label={`${recordType}.${kind}`}>
                              {t(`webhooks.kind.${kind}`)}
                            </Checkbox>
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Checkbox.Group>
            </Form.Item>
          )}
          <FormErrorAlert error={shownError} />
          <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
            <Button onClick={close}>{t('webhooks.form.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {editing ? t('webhooks.form.save') : t('webhooks.form.create')}
            </Button>
          </Flex>
        </Form>
      )}
    </Modal>
  );
}
