import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { useDebouncedValue } from '../../components/use-debounced-value';
import type { SortOrder } from '../customers/customer-types';
import { ExportMenu } from '../crm/export-menu';
import { ImportButton } from '../imports/import-button';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useContactList, type Contact, type ContactListFilters, type ContactSortKey } from './contact-api';
import { ContactFormModal } from './contact-form-modal';
import { ContactTable } from './contact-table';
import { ListLoadError } from '../../components/list-load-error';

const DEFAULT_SORT: { sort: ContactSortKey; order: SortOrder } = { sort: 'updatedAt', order: 'desc' };

/** Everyone the user may see across customers: search by name, mobile or e-mail; each row leads to its customer. */
export function ContactsPage() {
  const { t } = useTranslation();
  const permissions = useCrmPermissions();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 300);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const filters: ContactListFilters = useMemo(() => ({ q, customerId: '', ...sort }), [q, sort]);
  const list = useContactList(filters);
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('contacts.title')}
        description={t('contacts.description')}
        actions={
          permissions.canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('contacts.new')}
            </Button>
          ) : null
        }
      />
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('contacts.search')}
          aria-label={t('contacts.search')}
          value={search}
          maxLength={100}
          onChange={(event) => setSearch(event.target.value)}
          style={{ width: 300 }}
        />
        <Flex gap={8}>
          <ImportButton recordType="contact" />
          <ExportMenu kind="contacts" query={{ q: q.trim(), sort: sort.sort, order: sort.order }} />
        </Flex>
      </Flex>
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {list.isError ? <ListLoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <ContactTable
          contacts={rows}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          showCustomer
          sort={{
            key: sort.sort,
            order: sort.order,
            onChange: (key, order) => setSort(key === null ? DEFAULT_SORT : { sort: key, order }),
          }}
          onEdit={setEditing}
          emptyText={{
            emptyText: list.isError ? (
              <span />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={q.trim() ? t('contacts.noMatch') : t('contacts.empty')}
              />
            ),
          }}
        />
        {rows.length > 0 ? <ListFooter pages={list} summary={t('contacts.shown', { count: rows.length })} /> : null}
      </Card>
      {editing !== undefined ? <ContactFormModal contact={editing} onClose={() => setEditing(undefined)} /> : null}
    </Flex>
  );
}
