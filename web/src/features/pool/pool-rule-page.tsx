import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, InputNumber, Radio, Skeleton, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { poolApi, poolKeys, usePoolStatus, type PoolRule } from './pool-api';

const DEFAULT_LIMIT = 20;
const DEFAULT_RETURN_DAYS = 30;

interface WholeNumberProps {
  label: string;
  min: number;
  max: number;
  value: number;
  unit: string;
  onChange: (value: number) => void;
}

/** A whole number with its unit after it ("30 days"); an emptied box counts as the smallest allowed value. */
function WholeNumber({ label, min, max, value, unit, onChange }: WholeNumberProps) {
  return (
    <Space>
      <InputNumber
        aria-label={label}
        min={min}
        max={max}
        precision={0}
        value={value}
        onChange={(next) => onChange(next ?? min)}
      />
      <Typography.Text type="secondary">{unit}</Typography.Text>
    </Space>
  );
}

/** Settings → Public pool rule (crm.configure): the claim limit, the return rule with its notice, the cool-down. */
export function PoolRulePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const status = usePoolStatus();
  const [rule, setRule] = useState<PoolRule | null>(null);
  // Remembered while a switch is off, so turning it back on restores the number.
  const [limit, setLimit] = useState(DEFAULT_LIMIT);
  const [returnDays, setReturnDays] = useState(DEFAULT_RETURN_DAYS);

  useEffect(() => {
    if (status.data && rule === null) {
      setRule(status.data.rule);
      setLimit(status.data.rule.claimLimitPerDay ?? DEFAULT_LIMIT);
      setReturnDays(status.data.rule.returnAfterDays ?? DEFAULT_RETURN_DAYS);
    }
  }, [status.data, rule]);

  const save = useMutation({
    mutationFn: poolApi.saveRule,
    onSuccess: (saved) => {
      setRule(saved);
      void message.success(t('pool.rule.saved'));
      void queryClient.invalidateQueries({ queryKey: poolKeys.status });
    },
    onError: (error) => void message.error(error.message),
  });

  if (!rule) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  const update = (change: Partial<PoolRule>) => setRule({ ...rule, ...change });
  const noticeTooLong = rule.returnAfterDays !== null && rule.noticeDays >= rule.returnAfterDays;

  return (
    <Flex vertical gap={16}>
      <PageHeading title={t('pool.rule.title')} description={t('pool.rule.description')} />
      <Card variant="borderless">
        <Form
          layout="vertical"
          style={{ maxWidth: 560 }}
          data-testid="pool-rule-form"
          onFinish={() => save.mutate(rule)}
        >
          <Form.Item label={t('pool.rule.claimLimit')} extra={t('pool.rule.claimLimitHelp')}>
            <Space wrap>
              <Radio.Group
                optionType="button"
                value={rule.claimLimitPerDay === null ? 'unlimited' : 'limited'}
                onChange={(event) => update({ claimLimitPerDay: event.target.value === 'unlimited' ? null : limit })}
                options={[
                  { value: 'limited', label: t('pool.rule.limited') },
                  { value: 'unlimited', label: t('pool.rule.unlimited') },
                ]}
              />
              {rule.claimLimitPerDay === null ? null : (
                <WholeNumber
                  label={t('pool.rule.claimLimit')}
                  min={1}
                  max={10_000}
                  value={rule.claimLimitPerDay}
                  unit={t('pool.rule.perDay')}
                  onChange={(next) => {
                    setLimit(next);
                    update({ claimLimitPerDay: next });
                  }}
                />
              )}
            </Space>
          </Form.Item>
          <Form.Item label={t('pool.rule.returnEnabled')}>
            <Switch
              aria-label={t('pool.rule.returnEnabled')}
              checked={rule.returnAfterDays !== null}
              onChange={(checked) => update({ returnAfterDays: checked ? returnDays : null })}
            />
          </Form.Item>
          {rule.returnAfterDays === null ? null : (
            <>
              <Form.Item label={t('pool.rule.returnAfter')} extra={t('pool.rule.returnAfterHelp')}>
                <WholeNumber
                  label={t('pool.rule.returnAfter')}
                  min={1}
                  max={365}
                  value={rule.returnAfterDays}
                  unit={t('pool.rule.days')}
                  onChange={(next) => {
                    setReturnDays(next);
                    update({ returnAfterDays: next });
                  }}
                />
              </Form.Item>
              <Form.Item
                label={t('pool.rule.noticeDays')}
                extra={t('pool.rule.noticeDaysHelp')}
                validateStatus={noticeTooLong ? 'error' : undefined}
                help={noticeTooLong ? t('pool.rule.noticeTooLong') : undefined}
              >
                <WholeNumber
                  label={t('pool.rule.noticeDays')}
                  min={0}
                  max={30}
                  value={rule.noticeDays}
                  unit={t('pool.rule.daysBefore')}
                  onChange={(next) => update({ noticeDays: next })}
                />
              </Form.Item>
            </>
          )}
          <Form.Item label={t('pool.rule.cooldown')} extra={t('pool.rule.cooldownHelp')}>
            <WholeNumber
              label={t('pool.rule.cooldown')}
              min={0}
              max={365}
              value={rule.reclaimCooldownDays}
              unit={t('pool.rule.days')}
              onChange={(next) => update({ reclaimCooldownDays: next })}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={noticeTooLong}>
            {t('pool.rule.save')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
