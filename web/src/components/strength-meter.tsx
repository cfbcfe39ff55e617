import { BulbOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { PasswordCheck, PasswordContext, PasswordProblem } from '../api/types';
import { useDebouncedValue } from './use-debounced-value';

const SEGMENTS = 5;

interface StrengthMeterProps {
  password: string;
  context?: PasswordContext;
  /** Rendered under the tip, e.g. a passphrase suggestion. */
  extra?: ReactNode;
  /** False while the field already shows the server's reasons, so they are not listed twice. */
  showProblems?: boolean;
}

function useScoreColors(): string[] {
  const { token } = theme.useToken();
  return [token.colorError, token.colorWarning, token.colorWarningActive, token.colorSuccess, token.colorSuccessActive];
}

export function useProblemText(): (problem: PasswordProblem) => string {
  const { t } = useTranslation();
  return (problem) =>
    t(`password.problem.${problem.code}`, { ...(problem.params ?? {}), defaultValue: t('password.problem.unknown') });
}

/** Five-segment strength bar fed by the server's POST /api/auth/password/check (debounced). */
export function StrengthMeter({ password, context, extra, showProblems = true }: StrengthMeterProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = useScoreColors();
  const problemText = useProblemText();
  const debouncedPassword = useDebouncedValue(password, 300);
  const contextKey = [context?.email ?? '', context?.name ?? '', context?.orgName ?? ''];
  const check = useQuery({
    queryKey: ['password-check', debouncedPassword, ...contextKey],
    queryFn: () => api.post<PasswordCheck>('/auth/password/check', { password: debouncedPassword, ...context }),
    enabled: debouncedPassword.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    meta: { skipAuthRedirect: true },
  });

  const result = password.length > 0 ? check.data : undefined;
  const score = result?.score ?? -1;
  const filled = result ? score + 1 : 0;
  const color = colors[Math.max(0, Math.min(score, colors.length - 1))] ?? token.colorBorder;

  return (
    <div aria-live="polite" data-testid="strength-meter" style={{ margin: '8px 0' }}>
      <Flex
        gap={4}
        role="meter"
        aria-label={t('password.strength')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={Math.max(score, 0)}
      >
        {Array.from({ length: SEGMENTS }, (_, index) => (
          <div
            key={index}
            style={{
              flex: 1,
              height: 6,
              borderRadius: 3,
              background: index < filled ? color : token.colorFillSecondary,
              transition: 'background 200ms',
            }}
          />
        ))}
      </Flex>
      <Flex justify="space-between" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('password.strength')}
        </Typography.Text>
        {result ? (
          <Typography.Text strong style={{ fontSize: 12, color }}>
            {t(`password.score.${Math.max(0, Math.min(score, 4))}`)}
          </Typography.Text>
        ) : null}
      </Flex>
      {showProblems && result && result.problems.length > 0 ? (
        <ul style={{ margin: '6px 0 0', paddingInlineStart: 18, color: token.colorTextSecondary, fontSize: 13 }}>
          {result.problems.map((problem) => (
            <li key={problem.code}>{problemText(problem)}</li>
          ))}
        </ul>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
        <BulbOutlined style={{ marginInlineEnd: 6 }} />
        {t('password.tip')}
      </Typography.Paragraph>
      {extra}
    </div>
  );
}
