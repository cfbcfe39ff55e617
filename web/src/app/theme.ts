import type { ThemeConfig } from 'antd';
import { useEffect, useState } from 'react';

export const appTheme: ThemeConfig = {
  // Component styles come from antd's prebuilt stylesheet (imported in main.tsx) instead of being generated in the
  // browser on every page load; the tokens below still apply, as the CSS variables that stylesheet reads.
  zeroRuntime: true,
  token: {
    colorPrimary: '#3451d1',
    colorInfo: '#3451d1',
    borderRadius: 8,
    colorBgLayout: '#f4f6fb',
    fontSize: 14,
    controlHeight: 36,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 60, headerPadding: '0 24px' },
    Menu: { itemBorderRadius: 8, itemMarginInline: 8, itemSelectedBg: '#eef1fd' },
    Card: { headerFontSize: 16 },
    Table: { headerBg: '#f8f9fc' },
  },
};

const reducedMotionQuery = '(prefers-reduced-motion: reduce)';

/** The theme for people who asked their system for less motion: no opening, closing or sliding animations. */
const stillTheme: ThemeConfig = { ...appTheme, token: { ...appTheme.token, motion: false } };

/** Follows the system's "reduce motion" setting while the app runs. */
export function useAppTheme(): ThemeConfig {
  const [reduced, setReduced] = useState(() => window.matchMedia(reducedMotionQuery).matches);
  useEffect(() => {
    const query = window.matchMedia(reducedMotionQuery);
    const update = () => setReduced(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return reduced ? stillTheme : appTheme;
}
