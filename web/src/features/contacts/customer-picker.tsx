import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { customerApi } from '../customers/customer-api';
import { DEFAULT_CUSTOMER_FILTERS } from '../customers/customer-filters';

interface CustomerPickerProps {
  value?: string;
  onChange?: (id: string) => void;
  id?: string;
  /** The current customer when editing a record, shown before any search (it may not be among the results). */
  initialOption?: { value: string; label: string };
}

/** Find a customer by name as one types (server-side search); only customers the user may add contacts to. */
export function CustomerPicker({ value, onChange, id, initialOption }: CustomerPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 250);
  const results = useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: ({ signal }) =>
      customerApi.list({ ...DEFAULT_CUSTOMER_FILTERS, q, sort: 'name', order: 'asc' }, null, signal),
    placeholderData: (previous) => previous,
  });
  const found = (results.data?.items ?? [])
    .filter((customer) => customer.canEdit)
    .map((customer) => ({ value: customer.id, label: customer.name }));
  const options =
    initialOption && !found.some((option) => option.value === initialOption.value) ? [initialOption, ...found] : found;

  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      loading={results.isFetching}
      placeholder={t('contacts.form.customerPlaceholder')}
      aria-label={t('contacts.field.customer')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={results.isFetching ? t('contacts.form.searching') : t('contacts.form.noCustomer')}
    />
  );
}
