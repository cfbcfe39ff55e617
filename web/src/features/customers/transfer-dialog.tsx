import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { customerApi, refreshCustomers } from './customer-api';
import type { Customer } from './customer-types';

interface TransferValues {
  toUserId: string;
  note?: string;
}

interface TransferDialogProps {
  /** The customers to hand over (one from the 360° page, several from the list). Mounted only while open. */
  customers: Pick<Customer, 'id' | 'name' | 'ownerId'>[];
  onClose: () => void;
  onTransferred?: () => void;
}

/** Hand customers (with their contacts) to another member: all or nothing, recorded in each customer's history. */
export function TransferDialog({ customers, onClose, onTransferred }: TransferDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<TransferValues>();
  const single = customers.length === 1 ? customers[0] : undefined;
  const owners = new Set(customers.map((customer) => customer.ownerId));
  // When every selected customer has the same owner, handing them to that owner would change nothing.
  const sameOwner = owners.size === 1 ? [...owners][0] : undefined;
  const choices = directory.assignable.filter((member) => member.id !== sameOwner);

  const transfer = useMutation({
    mutationFn: (values: TransferValues) =>
      customerApi.transfer(
        customers.map((customer) => customer.id),
        values.toUserId,
        values.note?.trim() || undefined,
      ),
    onSuccess: (result, values) => {
      void refreshCustomers(queryClient);
      void message.success(
        t('customers.transfer.done', {
          count: result.transferred,
          name: directory.nameOf(values.toUserId) ?? '',
        }),
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
          ? t('customers.transfer.titleOne', { name: single.name })
          : t('customers.transfer.titleMany', { count: customers.length })
      }
      okText={t('customers.transfer.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={transfer.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={520}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('customers.transfer.explain')}
      </Typography.Paragraph>
      <Form<TransferValues>
        form={form}
        name="transfer-customers"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => transfer.mutate(values)}
      >
        <Form.Item
          name="toUserId"
          label={t('customers.transfer.to')}
          rules={[{ required: true, message: t('customers.transfer.toRequired') }]}
        >
          <MemberSelect
            members={choices}
            loading={directory.loading}
            placeholder={t('customers.transfer.toPlaceholder')}
            aria-label={t('customers.transfer.to')}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('customers.transfer.note')}
          rules={[{ max: 500, message: t('customers.form.tooLong', { max: 500 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('customers.transfer.notePlaceholder')} />
        </Form.Item>
        <FormErrorAlert error={transfer.error} />
      </Form>
    </Modal>
  );
}
