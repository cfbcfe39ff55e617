import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import {
  apiTokenScopes,
  apiTokensApi,
  refreshApiTokens,
  type ApiTokenScope,
  type CreatedApiToken,
} from './api-tokens-api';
import { TokenRevealPanel } from './token-reveal-panel';

interface CreateTokenDialogProps {
  open: boolean;
  allowedScopes: ApiTokenScope[];
  onClose: () => void;
}

type Expiry = '30' | '90' | '180' | '365' | 'custom';

interface CreateValues {
  name: string;
  scopes: ApiTokenScope[];
  expiry: Expiry;
  customDate?: Dayjs;
}

/** A scope brings the ones it builds on (trashing needs writing, writing needs reading), as on the server. */
function withImplied(scopes: ApiTokenScope[]): ApiTokenScope[] {
  const highest = Math.max(-1, ...scopes.map((scope) => apiTokenScopes.indexOf(scope)));
  return apiTokenScopes.slice(0, highest + 1);
}

function expiresAt(values: CreateValues): string {
  if (values.expiry === 'custom' && values.customDate) {
    return values.customDate.endOf('day').toISOString();
  }
  return dayjs().add(Number(values.expiry), 'day').toISOString();
}

/** Name, scopes (only those the role allows) and expiry → confirm it's you → the token, shown this once. */
export function CreateTokenDialog({ open, allowedScopes, onClose }: CreateTokenDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [form] = Form.useForm<CreateValues>();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const expiry = Form.useWatch('expiry', form);

  const create = useMutation({
    mutationFn: (values: CreateValues) =>
      withStepUp(() =>
        apiTokensApi.create({
          name: values.name.trim(),
          scopes: withImplied(values.scopes),
          expiresAt: expiresAt(values),
        }),
      ),
    onSuccess: (token) => {
      setCreated(token);
      void refreshApiTokens(queryClient);
    },
  });

  const close = () => {
    setCreated(null);
    create.reset();
    form.resetFields();
    onClose();
  };

  const shownError = create.error && !isStepUpCancelled(create.error) ? create.error : null;

  return (
    <Modal
      open={open}
      title={created ? t('apiTokens.created.title') : t('apiTokens.create.title')}
      onCancel={created ? undefined : close}
      closable={!created}
      maskClosable={false}
      footer={null}
      width={created ? 680 : 520}
      destroyOnHidden
    >
      {created ? (
        <TokenRevealPanel token={created} onDone={close} />
      ) : (
        <Form<CreateValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          name="api-token-create"
          initialValues={{ name: '', scopes: ['crm:read'], expiry: '90' }}
          onFinish={(values) => create.mutate(values)}
        >
          <Typography.Paragraph type="secondary">{t('apiTokens.create.intro')}</Typography.Paragraph>
          <Form.Item
            name="name"
            label={t('apiTokens.create.name')}
            extra={t('apiTokens.create.nameHint')}
            rules={[{ required: true, whitespace: true, message: t('apiTokens.create.nameRequired') }]}
          >
            <Input maxLength={80} showCount placeholder={t('apiTokens.create.namePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('apiTokens.create.scopes')}
            rules={[{ required: true, type: 'array', min: 1, message: t('apiTokens.create.scopesRequired') }]}
            getValueFromEvent={(checked: ApiTokenScope[]) => withImplied(checked)}
          >
            <Checkbox.Group style={{ width: '100%' }}>
              <Flex vertical gap={10}>
                {apiTokenScopes.map((scope) => (
                  <Checkbox key={scope} value={scope} disabled={!allowedScopes.includes(scope)}>
                    <Typography.Text code>{scope}</Typography.Text>{' '}
                    {t(`apiTokens.scope.${scope}`, { nsSeparator: false })}
                    {!allowedScopes.includes(scope) ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {' '}
                        {t('apiTokens.create.scopeNotInRole')}
                      </Typography.Text>
                    ) : null}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="expiry" label={t('apiTokens.create.expiry')} style={{ minWidth: 200 }}>
              <Select<Expiry>
                options={(['30', '90', '180', '365'] as const)
                  .map((value) => ({ value, label: t('apiTokens.create.days', { count: Number(value) }) }))
                  .concat([{ value: 'custom' as never, label: t('apiTokens.create.customDate') }])}
              />
            </Form.Item>
            {expiry === 'custom' ? (
              <Form.Item
                name="customDate"
                label={t('apiTokens.create.expiresOn')}
                rules={[{ required: true, message: t('apiTokens.create.dateRequired') }]}
              >
                <DatePicker
                  disabledDate={(date) =>
                    date.isBefore(dayjs().add(1, 'day'), 'day') || date.isAfter(dayjs().add(365, 'day'), 'day')
                  }
                />
              </Form.Item>
            ) : null}
          </Flex>
          <FormErrorAlert error={shownError} />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('apiTokens.create.submit')}
            </Button>
          </Flex>
        </Form>
      )}
    </Modal>
  );
}
