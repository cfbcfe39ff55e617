import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../components/load-more';
import { customerContactFilters, useContactList, type Contact } from '../contacts/contact-api';
import { ContactFormModal } from '../contacts/contact-form-modal';
import { ContactTable } from '../contacts/contact-table';
import type { Customer } from './customer-types';

/** The customer's contacts, primary first; adding and editing follow the customer's edit right. */
export function CustomerContactsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const filters = useMemo(() => customerContactFilters(customer.id), [customer.id]);
  const list = useContactList(filters);
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const rows = useMemo(() => {
    const all = list.data?.pages.flatMap((page) => page.items) ?? [];
    return [...all.filter((contact) => contact.isPrimary), ...all.filter((contact) => !contact.isPrimary)];
  }, [list.data]);

  return (
    <Flex vertical gap={12}>
      {customer.canEdit && rows.length > 0 ? (
        <Flex justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('contacts.new')}
          </Button>
        </Flex>
      ) : null}
      <ContactTable
        contacts={rows}
        loading={list.isPending}
        onEdit={setEditing}
        emptyText={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.emptyForCustomer')}>
              {customer.canEdit ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
                  {t('contacts.new')}
                </Button>
              ) : null}
            </Empty>
          ),
        }}
      />
      <LoadMore pages={list} label={t('customers.list.loadMore')} />
      {editing !== undefined ? (
        <ContactFormModal
          customer={customer}
          contact={editing}
          first={editing === null && !list.isPending && rows.length === 0}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </Flex>
  );
}
