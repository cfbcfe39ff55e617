import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createQueryClient } from './api/query-client';
import { AppProviders } from './app/app-providers';
import { createAppRouter } from './app/router';
// antd's component styles, built ahead (the theme's zeroRuntime): the app's own rules come after and win.
import 'antd/dist/antd.css';
import './app/global.css';
import './i18n/i18n';

const queryClient = createQueryClient();
const router = createAppRouter();

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html is missing #root');
}

createRoot(container).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
