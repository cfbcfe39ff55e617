import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { contractApi, refreshContracts } from './contract-api';
import type { Contract } from './contract-types';

/** Give the contract to another owner (recorded in its history, with the note). */
export function ContractTransferModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<{ toUserId: string; note?: string }>();
  const transfer = useMutation({
    mutationFn: (values: { toUserId: string; note?: string }) =>
      contractApi.transfer([contract.id], values.toUserId, values.note?.trim()),
    onSuccess: (_result, values) => {
      void refreshContracts(queryClient);
      void message.success(
        t('contracts.transfer.done', { number: contract.number, name: directory.nameOf(values.toUserId) ?? '' }),
      );
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('contracts.transfer.title', { number: contract.number })}
      okText={t('contracts.transfer.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={transfer.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('contracts.transfer.text', { name: contract.ownerName ?? '—' })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => transfer.mutate(values)}>
        <Form.Item
          name="toUserId"
          label={t('contracts.transfer.to')}
          rules={[{ required: true, message: t('contracts.transfer.toRequired') }]}
        >
          <MemberSelect
            members={directory.assignable.filter((member) => member.id !== contract.ownerId)}
            aria-label={t('contracts.transfer.to')}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('contracts.transfer.note')}
          rules={[{ max: 500, message: t('contracts.form.tooLong', { max: 500 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <FormErrorAlert error={transfer.error} />
      </Form>
    </Modal>
  );
}
