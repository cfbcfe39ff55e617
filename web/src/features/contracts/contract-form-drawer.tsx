import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Drawer, Flex, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useMe } from '../auth/session-queries';
import { CustomerPicker } from '../contacts/customer-picker';
import { isCrmError } from '../crm/crm-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { contractApi, contractKeys, refreshContracts } from './contract-api';
import { CONTRACT_STATUSES, type Contract, type ContractInput, type ContractStatus } from './contract-types';
import { currencyDecimals, currencyOptions } from '../crm/money-format';

interface ContractFormValues {
  customerId?: string;
  dealId?: string | null;
  number: string;
  title: string;
  amount: string;
  currency: string;
  signedDate?: Dayjs | null;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  status: ContractStatus;
  ownerId?: string;
  notes?: string;
}

interface ContractFormDrawerProps {
  /** The contract to edit; null creates one. Mount only while open. */
  contract: Contract | null;
  /** Creating from a customer's page: the customer is given and fixed. */
  customer?: { id: string; name: string };
  onClose: () => void;
  onSaved?: (contract: Contract, created: boolean) => void;
}

/** The deals of one customer, as the deals API lists them (only what the picker needs). */
interface DealOption {
  id: string;
  name: string;
  amount: string;
  currency: string;
}

/** Server codes that belong to one field of the form. */
const FIELD_ERRORS: Record<string, keyof ContractFormValues> = {
  duplicate_number: 'number',
  amount_below_paid: 'amount',
  amount_precision: 'amount',
  currency_locked: 'currency',
  dates_out_of_order: 'endDate',
  deal_of_other_customer: 'dealId',
};

const day = (value: string | null) => (value ? dayjs(value) : null);
const dateText = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

function valuesOf(contract: Contract | null, customerId: string | undefined, meId: string): ContractFormValues {
  if (contract === null) {
    return {
      customerId,
      dealId: null,
      number: '',
      title: '',
      amount: '',
      currency: 'CNY',
      status: 'draft',
      ownerId: meId,
      signedDate: dayjs(),
    };
  }
  return {
    customerId: contract.customerId,
    dealId: contract.dealId,
    number: contract.number,
    title: contract.title,
    amount: contract.amount,
    currency: contract.currency,
    signedDate: day(contract.signedDate),
    startDate: day(contract.startDate),
    endDate: day(contract.endDate),
    status: contract.status,
    notes: contract.notes ?? '',
  };
}

function toInput(values: ContractFormValues): ContractInput {
  return {
    number: values.number.trim(),
    title: values.title.trim(),
    ...(values.customerId ? { customerId: values.customerId } : {}),
    dealId: values.dealId ?? null,
    amount: values.amount.trim(),
    currency: values.currency,
    signedDate: dateText(values.signedDate),
    startDate: dateText(values.startDate),
    endDate: dateText(values.endDate),
    status: values.status,
    notes: values.notes?.trim() ? values.notes.trim() : null,
  };
}

/**
 * Create or edit a contract in a side panel: the customer (one the user may edit), optionally a deal of that customer
 * (its amount and currency fill in), number, title, amount and currency, dates and status. A save that crossed
 * someone else's is refused and the user reloads.
 */
export function ContractFormDrawer({ contract, customer, onClose, onSaved }: ContractFormDrawerProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<ContractFormValues>();
  const [base, setBase] = useState<Contract | null>(contract);
  const [stale, setStale] = useState(false);
  const editing = base !== null;
  const customerId = Form.useWatch('customerId', form);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const currencies = useMemo(() => currencyOptions(i18n.resolvedLanguage ?? 'en'), [i18n.resolvedLanguage]);

  const deals = useQuery({
    queryKey: ['deals', 'for-contract', customerId],
    queryFn: () => api.get<{ items: DealOption[] }>('/deals', { customerId, sort: 'updatedAt', limit: 100 }),
    enabled: Boolean(customerId),
    retry: false,
  });

  const save = useMutation({
    mutationFn: async (values: ContractFormValues) => {
      if (base !== null) {
        return { saved: await contractApi.update(base.id, base.version, toInput(values)), created: false };
      }
      const input = toInput(values);
      const owner = values.ownerId && values.ownerId !== me.user.id ? { ownerId: values.ownerId } : {};
      return { saved: await contractApi.create({ ...input, ...owner }), created: true };
    },
    onSuccess: ({ saved, created }) => {
      queryClient.setQueryData(contractKeys.detail(saved.id), saved);
      void refreshContracts(queryClient);
      void message.success(t(created ? 'contracts.form.created' : 'contracts.form.saved', { number: saved.number }));
      onSaved?.(saved, created);
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'stale_version')) {
        setStale(true);
        return;
      }
      const field = Object.entries(FIELD_ERRORS).find(([code]) => isCrmError(error, code))?.[1];
      if (field) {
        form.setFields([{ name: field, errors: [error.message] }]);
      } else {
        applyFieldErrors(form, error);
      }
    },
  });

  const reload = async () => {
    if (base === null) {
      return;
    }
    const fresh = await queryClient.fetchQuery({
      queryKey: contractKeys.detail(base.id),
      queryFn: () => contractApi.get(base.id),
      staleTime: 0,
    });
    setBase(fresh);
    setStale(false);
    save.reset();
    form.setFieldsValue(valuesOf(fresh, undefined, me.user.id));
  };

  /** A deal picked on a new contract brings its amount and currency when those are still empty. */
  const pickDeal = (dealId: string | null) => {
    const deal = deals.data?.items.find((item) => item.id === dealId);
    if (deal && !editing && !form.getFieldValue('amount')) {
      form.setFieldsValue({
        amount: deal.amount,
        currency: deal.currency,
        ...(form.getFieldValue('title') ? {} : { title: deal.name }),
      });
    }
  };

  const decimals = currencyDecimals(currency);
  const amountPattern = decimals === 0 ? /^\d{1,16}(\.0{1,2})?$/ : /^\d{1,16}(\.\d{1,2})?$/;
  const fieldHandled =
    save.error &&
    (isCrmError(save.error, 'stale_version') || Object.keys(FIELD_ERRORS).some((code) => isCrmError(save.error, code)));

  return (
    <Drawer
      open
      onClose={onClose}
      size={620}
      title={editing ? t('contracts.form.editTitle', { number: base.number }) : t('contracts.form.createTitle')}
      destroyOnHidden
      data-testid="contract-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={stale} onClick={() => form.submit()}>
            {editing ? t('contracts.form.save') : t('contracts.form.create')}
          </Button>
        </Flex>
      }
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('contracts.form.staleTitle')}
          description={t('contracts.form.staleText')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('contracts.form.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<ContractFormValues>
        form={form}
        name="contract"
        layout="vertical"
        initialValues={valuesOf(contract, customer?.id, me.user.id)}
        onFinish={(values) => save.mutate(values)}
        disabled={stale}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="customerId"
              label={t('contracts.field.customer')}
              rules={[{ required: true, message: t('contracts.form.customerRequired') }]}
            >
              {customer ? (
                <Select disabled options={[{ value: customer.id, label: customer.name }]} />
              ) : (
                <CustomerPicker
                  {...(base ? { initialOption: { value: base.customerId, label: base.customerName } } : {})}
                  onChange={() => form.setFieldsValue({ dealId: null })}
                />
              )}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="dealId"
              label={t('contracts.field.deal')}
              extra={deals.isError ? t('contracts.form.dealsUnavailable') : undefined}
            >
              <Select<string | null>
                allowClear
                disabled={!customerId}
                loading={deals.isFetching}
                placeholder={customerId ? t('contracts.form.dealPlaceholder') : t('contracts.form.dealNeedsCustomer')}
                options={[
                  ...(base?.dealId && base.dealName && !deals.data?.items.some((deal) => deal.id === base.dealId)
                    ? [{ value: base.dealId, label: base.dealName }]
                    : []),
                  ...(deals.data?.items ?? []).map((deal) => ({ value: deal.id, label: deal.name })),
                ]}
                onChange={(value) => pickDeal(value ?? null)}
                notFoundContent={t('contracts.form.noDeals')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="number"
              label={t('contracts.field.number')}
              rules={[
                { required: true, whitespace: true, message: t('contracts.form.numberRequired') },
                { max: 50, message: t('contracts.form.tooLong', { max: 50 }) },
              ]}
            >
              <Input autoComplete="off" placeholder="HT-2025-001" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="title"
              label={t('contracts.field.title')}
              rules={[
                { required: true, whitespace: true, message: t('contracts.form.titleRequired') },
                { max: 200, message: t('contracts.form.tooLong', { max: 200 }) },
              ]}
            >
              <Input autoComplete="off" placeholder={t('contracts.form.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="amount"
              label={t('contracts.field.amount')}
              normalize={(value: string) => value.replace(/[,\s，]/g, '')}
              rules={[
                { required: true, message: t('contracts.form.amountRequired') },
                {
                  validator: (_rule, value: string | undefined) =>
                    !value || (amountPattern.test(value) && /[1-9]/.test(value))
                      ? Promise.resolve()
                      : Promise.reject(
                          new Error(t(decimals === 0 ? 'contracts.form.amountWhole' : 'contracts.form.amountInvalid')),
                        ),
                },
              ]}
            >
              <Input
                inputMode="decimal"
                autoComplete="off"
                placeholder="100000.00"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="currency" label={t('contracts.field.currency')} rules={[{ required: true }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={currencies} popupMatchSelectWidth={280} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="signedDate" label={t('contracts.field.signedDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="startDate" label={t('contracts.field.startDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="endDate"
              label={t('contracts.field.endDate')}
              dependencies={['startDate']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, value: Dayjs | null | undefined) => {
                    const start = getFieldValue('startDate') as Dayjs | null | undefined;
                    return !value || !start || !value.isBefore(start, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('contracts.form.endBeforeStart')));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('contracts.field.status')} rules={[{ required: true }]}>
              <Select
                options={CONTRACT_STATUSES.map((status) => ({ value: status, label: t(`contracts.status.${status}`) }))}
              />
            </Form.Item>
          </Col>
          {!editing && directory.assignable.length > 0 ? (
            <Col xs={24} sm={12}>
              <Form.Item name="ownerId" label={t('contracts.field.owner')}>
                <MemberSelect members={directory.assignable} aria-label={t('contracts.field.owner')} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Form.Item
          name="notes"
          label={t('contracts.field.notes')}
          rules={[{ max: 5000, message: t('contracts.form.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={5000} />
        </Form.Item>
        {fieldHandled ? null : <FormErrorAlert error={save.error} />}
      </Form>
    </Drawer>
  );
}
