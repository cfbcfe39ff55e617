import { AimOutlined, ContactsOutlined, SearchOutlined, ShopOutlined } from '@ant-design/icons';
import { AutoComplete, Flex, Input, Spin, Typography, theme } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH, useCrmSearch } from './search-api';

const OPTION_VALUE = /^(customer|contact|lead):[\da-f-]{36}/;

function OptionLine({ icon, title, detail }: { icon: ReactNode; title: string; detail: string }) {
  return (
    <Flex gap={10} align="center" style={{ minWidth: 0 }}>
      <span style={{ opacity: 0.55 }}>{icon}</span>
      <div style={{ minWidth: 0 }}>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{title}</div>
        {detail ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {detail}
          </Typography.Text>
        ) : null}
      </div>
    </Flex>
  );
}

/** Typing "/" or Ctrl/⌘+K anywhere (outside a field) jumps to the search box. */
function useSearchShortcut(input: React.RefObject<InputRef | null>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null && target !== null;
      const shortcut = (event.key === 'k' && (event.ctrlKey || event.metaKey)) || (event.key === '/' && !typing);
      if (shortcut) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [input]);
}

/**
 * Search customers, contacts and leads from the header; results grouped, arrow keys and Enter to pick, Escape to
 * close. A contact opens its customer's page, a lead its own.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const q = useDebouncedValue(text, 200);
  const search = useCrmSearch(q);
  useSearchShortcut(input);

  const term = q.trim();
  const results = term.length >= SEARCH_MIN_LENGTH ? search.data : undefined;
  const options = [
    ...(results && results.customers.length > 0
      ? [
          {
            label: <Typography.Text type="secondary">{t('crmSearch.customers')}</Typography.Text>,
            options: results.customers.map((customer) => ({
              value: `customer:${customer.id}`,
              label: (
                <OptionLine
                  icon={<ShopOutlined />}
                  title={customer.name}
                  detail={[customer.ownerName ?? t('customers.noOwner'), customer.phone].filter(Boolean).join(' · ')}
                />
              ),
            })),
          },
        ]
      : []),
    ...(results && results.contacts.length > 0
      ? [
          {
            label: <Typography.Text type="secondary">{t('crmSearch.contacts')}</Typography.Text>,
            options: results.contacts.map((contact) => ({
              value: `contact:${contact.customerId}:${contact.id}`,
              label: (
                <OptionLine
                  icon={<ContactsOutlined />}
                  title={contact.name}
                  detail={[contact.customerName, contact.mobile, contact.email].filter(Boolean).join(' · ')}
                />
              ),
            })),
          },
        ]
      : []),
    ...(results && results.leads.length > 0
      ? [
          {
            label: <Typography.Text type="secondary">{t('leadTools.search.group')}</Typography.Text>,
            options: results.leads.map((lead) => ({
              value: `lead:${lead.id}`,
              label: (
                <OptionLine
                  icon={<AimOutlined />}
                  title={lead.name}
                  detail={[
                    lead.company,
                    t(`leads.status.${lead.status}`, { defaultValue: lead.status }),
                    lead.phone ?? lead.email,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              ),
            })),
          },
        ]
      : []),
  ];

  const notFound =
    term.length < SEARCH_MIN_LENGTH ? null : search.isFetching && !results ? (
      <Flex justify="center" style={{ padding: 8 }}>
        <Spin size="small" />
      </Flex>
    ) : (
      <Typography.Text type="secondary" style={{ padding: '4px 8px', display: 'block' }}>
        {t('crmSearch.noResults', { q: term })}
      </Typography.Text>
    );

  return (
    // The header's 64px line height would stretch the box: reset it here.
    <div role="search" style={{ width: '100%', maxWidth: 360, lineHeight: 'normal' }}>
      <AutoComplete
        value={text}
        options={options}
        // Picking an option reports its value as a change too; the box is emptied instead of showing the key.
        onChange={(value: string) => setText(OPTION_VALUE.test(value) ? '' : value)}
        onSelect={(value: string) => {
          const [kind, id] = value.split(':');
          setText('');
          input.current?.blur();
          if ((kind === 'customer' || kind === 'contact') && id) {
            void navigate(`/customers/${id}`);
          } else if (kind === 'lead' && id) {
            void navigate(`/leads/${id}`);
          }
        }}
        notFoundContent={notFound}
        popupMatchSelectWidth={400}
        defaultActiveFirstOption
        style={{ width: '100%' }}
      >
        <Input
          ref={input}
          allowClear
          maxLength={SEARCH_MAX_LENGTH}
          prefix={<SearchOutlined style={{ color: token.colorTextTertiary }} />}
          suffix={
            text ? undefined : (
              <Typography.Text keyboard type="secondary" style={{ fontSize: 11 }}>
                /
              </Typography.Text>
            )
          }
          placeholder={t('leadTools.search.placeholder')}
          aria-label={t('leadTools.search.label')}
          variant="filled"
        />
      </AutoComplete>
    </div>
  );
}
