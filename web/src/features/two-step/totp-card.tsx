import { MobileOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { TotpEnrolDialog } from './totp-enrol-dialog';
import { isActiveFactor, refreshTwoStep, twoStepApi, type TotpFactor } from './two-step-api';

interface TotpCardProps {
  factors: TotpFactor[];
  /** Removing the last factor was refused (409 last_factor_required): the page explains why. */
  onLastFactor: (reason: string) => void;
  /** Opens the add dialog right away (walk-through after enrolment became required or a recovery-code sign-in). */
  startOpen?: boolean;
}

/** Authenticator apps (TOTP): one row per device, each named; add, rename, remove. */
export function TotpCard({ factors, onLastFactor, startOpen = false }: TotpCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [adding, setAdding] = useState(startOpen);
  const [renaming, setRenaming] = useState<TotpFactor | null>(null);

  const remove = useMutation({
    mutationFn: (factor: TotpFactor) => withStepUp(() => twoStepApi.removeTotp(factor.id)),
    onSuccess: (_result, factor) => {
      void refreshTwoStep(queryClient);
      void message.success(t('twoStep.totp.removed', { name: factor.name }));
    },
    onError: (error) => {
      if (isStepUpCancelled(error)) {
        return;
      }
      if (isApiError(error) && error.code === 'last_factor_required') {
        onLastFactor(error.message);
        return;
      }
      void message.error(error.message);
    },
  });

  return (
    <Card
      variant="borderless"
      data-testid="totp-card"
      title={
        <Flex gap={10} align="center">
          <MobileOutlined />
          {t('twoStep.totp.title')}
        </Flex>
      }
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="totp-add">
          {factors.length === 0 ? t('twoStep.totp.add') : t('twoStep.totp.addAnother')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('twoStep.totp.description')}
      </Typography.Paragraph>
      {factors.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('twoStep.totp.none')} style={{ margin: '8px 0' }} />
      ) : (
        <Flex vertical>
          {factors.map((factor, index) => (
            <Flex
              key={factor.id}
              justify="space-between"
              align="center"
              gap={12}
              wrap
              data-testid="totp-factor"
              style={{ padding: '12px 0', borderTop: index === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <div style={{ minWidth: 0 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong data-testid="totp-factor-name">
                    {factor.name}
                  </Typography.Text>
                  {isActiveFactor(factor) ? null : (
                    <Tag color="orange">
                      {t('twoStep.factor.activatesAt', { time: formatDateTime(factor.activatesAt) })}
                    </Tag>
                  )}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('twoStep.factor.added', { time: formatDateTime(factor.createdAt) })}
                  {' · '}
                  {factor.lastUsedAt
                    ? t('twoStep.factor.lastUsed', { time: formatDateTime(factor.lastUsedAt) })
                    : t('twoStep.factor.neverUsed')}
                </Typography.Text>
              </div>
              <Flex gap={8}>
                <Button size="small" onClick={() => setRenaming(factor)}>
                  {t('twoStep.factor.rename')}
                </Button>
                <Popconfirm
                  title={t('twoStep.totp.confirmRemove', { name: factor.name })}
                  description={t('twoStep.totp.confirmRemoveHint')}
                  okText={t('twoStep.factor.remove')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(factor)}
                >
                  <Button size="small" danger loading={remove.isPending && remove.variables.id === factor.id}>
                    {t('twoStep.factor.remove')}
                  </Button>
                </Popconfirm>
              </Flex>
            </Flex>
          ))}
        </Flex>
      )}
      <TotpEnrolDialog open={adding} onClose={() => setAdding(false)} />
      <RenameDialog factor={renaming} onClose={() => setRenaming(null)} />
    </Card>
  );
}

function RenameDialog({ factor, onClose }: { factor: TotpFactor | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [form] = Form.useForm<{ name: string }>();
  const rename = useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => withStepUp(() => twoStepApi.renameTotp(id, name)),
    onSuccess: () => {
      void refreshTwoStep(queryClient);
      onClose();
    },
  });
  return (
    <Modal
      open={factor !== null}
      title={t('twoStep.factor.renameTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('twoStep.factor.save')}
      cancelText={t('common.cancel')}
      confirmLoading={rename.isPending}
      afterOpenChange={(isOpen) => (isOpen ? undefined : rename.reset())}
      destroyOnHidden
      width={420}
    >
      {factor ? (
        <Form<{ name: string }>
          form={form}
          name="totp-rename"
          layout="vertical"
          requiredMark={false}
          initialValues={{ name: factor.name }}
          onFinish={(values) => rename.mutate({ id: factor.id, name: values.name.trim() })}
          style={{ marginTop: 16 }}
        >
          <Form.Item
            label={t('twoStep.totp.nameLabel')}
            name="name"
            rules={[
              { required: true, whitespace: true, message: t('twoStep.totp.nameRequired') },
              { max: 60, message: t('twoStep.totp.nameTooLong', { max: 60 }) },
            ]}
          >
            <Input maxLength={60} autoComplete="off" autoFocus />
          </Form.Item>
          <FormErrorAlert error={rename.error && !isStepUpCancelled(rename.error) ? rename.error : null} />
        </Form>
      ) : null}
    </Modal>
  );
}
