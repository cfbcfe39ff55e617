import { KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Modal, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { RecoveryCodesDisplay } from './recovery-codes-display';
import { LOW_RECOVERY_CODES, refreshTwoStep, twoStepApi, type RecoveryCodesSummary } from './two-step-api';

/** How many recovery codes are left, a warning when few remain, and a new set (the old one stops working). */
export function RecoveryCodesCard({ summary }: { summary: RecoveryCodesSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [codes, setCodes] = useState<string[] | null>(null);
  const isLow = summary.remaining <= LOW_RECOVERY_CODES;

  const regenerate = useMutation({
    mutationFn: () => withStepUp(() => twoStepApi.regenerateRecoveryCodes()),
    onSuccess: (result) => {
      setCodes(result.codes);
      void refreshTwoStep(queryClient);
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) {
        void message.error(error.message);
      }
    },
  });

  return (
    <Card
      variant="borderless"
      data-testid="recovery-codes-card"
      title={
        <Flex gap={10} align="center">
          <KeyOutlined />
          {t('twoStep.codes.title')}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('twoStep.codes.description')}
      </Typography.Paragraph>
      {isLow ? (
        <Alert
          type={summary.remaining === 0 ? 'error' : 'warning'}
          showIcon
          data-testid="recovery-codes-low"
          title={t('twoStep.codes.low', { count: summary.remaining })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Flex gap={8} align="center" wrap>
          <Tag color={isLow ? 'orange' : 'green'} data-testid="recovery-codes-remaining">
            {t('twoStep.codes.remaining', { count: summary.remaining, total: summary.total })}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('twoStep.codes.createdAt', { time: formatDateTime(summary.createdAt) })}
          </Typography.Text>
        </Flex>
        <Popconfirm
          title={t('twoStep.codes.confirmRegenerate')}
          description={t('twoStep.codes.confirmRegenerateHint')}
          okText={t('twoStep.codes.regenerate')}
          cancelText={t('common.cancel')}
          onConfirm={() => regenerate.mutate()}
        >
          <Button icon={<ReloadOutlined />} loading={regenerate.isPending} data-testid="recovery-codes-regenerate">
            {t('twoStep.codes.regenerate')}
          </Button>
        </Popconfirm>
      </Flex>
      <Modal
        open={codes !== null}
        title={t('twoStep.codes.newTitle')}
        footer={null}
        closable={false}
        maskClosable={false}
        keyboard={false}
        destroyOnHidden
        width={560}
      >
        {codes ? <RecoveryCodesDisplay codes={codes} onDone={() => setCodes(null)} /> : null}
      </Modal>
    </Card>
  );
}
