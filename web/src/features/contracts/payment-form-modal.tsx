import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, DatePicker, Form, Input, Modal, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { isCrmError } from '../crm/crm-errors';
import { contractApi, refreshContracts } from './contract-api';
import { PAYMENT_METHODS, type Contract, type PaymentMethod } from './contract-types';
import { currencyDecimals, formatMoney } from '../crm/money-format';

interface PaymentFormValues {
  amount: string;
  receivedDate: Dayjs;
  method: PaymentMethod;
  reference?: string;
  notes?: string;
}

/**
 * Record a payment received (登记回款) against the contract, in its currency. The server has the last word on the
 * balance (another payment may have come in meanwhile): its refusal is shown on the amount.
 */
export function PaymentFormModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PaymentFormValues>();
  const language = i18n.resolvedLanguage as Language;
  const decimals = currencyDecimals(contract.currency);
  const pattern = decimals === 0 ? /^\d{1,16}(\.0{1,2})?$/ : /^\d{1,16}(\.\d{1,2})?$/;

  const save = useMutation({
    mutationFn: (values: PaymentFormValues) =>
      contractApi.recordPayment(contract.id, {
        amount: values.amount.trim(),
        receivedDate: values.receivedDate.format('YYYY-MM-DD'),
        method: values.method,
        ...(values.reference?.trim() ? { reference: values.reference.trim() } : {}),
        ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
      }),
    onSuccess: (payment) => {
      void refreshContracts(queryClient);
      void message.success(
        t('contracts.payments.recorded', { amount: formatMoney(payment.amount, contract.currency, language) }),
      );
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'payment_exceeds_balance') || isCrmError(error, 'amount_precision')) {
        form.setFields([{ name: 'amount', errors: [error.message] }]);
      } else {
        applyFieldErrors(form, error);
      }
    },
  });
  const onAmount =
    save.error && (isCrmError(save.error, 'payment_exceeds_balance') || isCrmError(save.error, 'amount_precision'));

  return (
    <Modal
      open
      title={t('contracts.payments.recordTitle', { number: contract.number })}
      onCancel={onClose}
      okText={t('contracts.payments.record')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      width={560}
      destroyOnHidden
      data-testid="payment-form"
    >
      <Typography.Paragraph type="secondary">
        {t('contracts.payments.balanceHint', { balance: formatMoney(contract.balance, contract.currency, language) })}{' '}
        {contract.balance !== '0.00' ? (
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => form.setFieldsValue({ amount: contract.balance })}
          >
            {t('contracts.payments.fillBalance')}
          </Button>
        ) : null}
      </Typography.Paragraph>
      <Form<PaymentFormValues>
        form={form}
        name="payment"
        layout="vertical"
        initialValues={{ receivedDate: dayjs(), method: 'bank_transfer' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="amount"
              label={t('contracts.payments.amount', { currency: contract.currency })}
              normalize={(value: string) => value.replace(/[,\s，]/g, '')}
              rules={[
                { required: true, message: t('contracts.form.amountRequired') },
                {
                  validator: (_rule, value: string | undefined) =>
                    !value || (pattern.test(value) && /[1-9]/.test(value))
                      ? Promise.resolve()
                      : Promise.reject(
                          new Error(t(decimals === 0 ? 'contracts.form.amountWhole' : 'contracts.form.amountInvalid')),
                        ),
                },
              ]}
            >
              <Input inputMode="decimal" autoComplete="off" autoFocus style={{ fontVariantNumeric: 'tabular-nums' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="receivedDate"
              label={t('contracts.payments.receivedDate')}
              rules={[{ required: true, message: t('contracts.payments.dateRequired') }]}
            >
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="method" label={t('contracts.payments.method')} rules={[{ required: true }]}>
              <Select
                options={PAYMENT_METHODS.map((method) => ({ value: method, label: t(`contracts.method.${method}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="reference"
              label={t('contracts.payments.reference')}
              rules={[{ max: 100, message: t('contracts.form.tooLong', { max: 100 }) }]}
            >
              <Input autoComplete="off" placeholder={t('contracts.payments.referencePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="notes"
          label={t('contracts.field.notes')}
          rules={[{ max: 2000, message: t('contracts.form.tooLong', { max: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
        {onAmount ? null : <FormErrorAlert error={save.error} />}
      </Form>
    </Modal>
  );
}
