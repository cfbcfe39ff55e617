import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { dealApi, refreshDeals } from './deal-api';
import type { Deal } from './deal-types';

interface DealTransferDialogProps {
  deals: Pick<Deal, 'id' | 'name' | 'ownerId'>[];
  onClose: () => void;
  onTransferred?: () => void;
}

/** Hand deals to another member: all or nothing, recorded in each deal's history. */
export function DealTransferDialog({ deals, onClose, onTransferred }: DealTransferDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<{ toUserId: string }>();
  const single = deals.length === 1 ? deals[0] : undefined;
  const owners = new Set(deals.map((deal) => deal.ownerId));
  const sameOwner = owners.size === 1 ? [...owners][0] : undefined;

  const transfer = useMutation({
    mutationFn: (toUserId: string) =>
      dealApi.transfer(
        deals.map((deal) => deal.id),
        toUserId,
      ),
    onSuccess: (result, toUserId) => {
      void refreshDeals(queryClient);
      void message.success(
        t('deals.transfer.done', { count: result.transferred, name: directory.nameOf(toUserId) ?? '' }),
      );
      onTransferred?.();
      onClose();
    },
  });

  return (
    <Modal
      open
      title={
        single
          ? t('deals.transfer.titleOne', { name: single.name })
          : t('deals.transfer.titleMany', { count: deals.length })
      }
      okText={t('deals.transfer.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={transfer.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={480}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => transfer.mutate(values.toUserId)}
        style={{ marginTop: 16 }}
      >
        <Form.Item
          name="toUserId"
          label={t('deals.transfer.to')}
          rules={[{ required: true, message: t('deals.transfer.toRequired') }]}
        >
          <MemberSelect
            members={directory.assignable.filter((member) => member.id !== sameOwner)}
            aria-label={t('deals.transfer.to')}
            loading={directory.loading}
          />
        </Form.Item>
        <FormErrorAlert error={transfer.error} />
      </Form>
    </Modal>
  );
}
