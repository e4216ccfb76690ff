import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context';
import { connectApi } from './api/connect';
import { initI18n } from './i18n';
import { App } from './App';
import { useConnectionStore } from './stores/connection';
import './styles.css';

initI18n();
const api = connectApi((state) => useConnectionStore.getState().setBackend(state));
void api.appInfo({}).then((result) => {
  if (result.ok) useConnectionStore.getState().setInfo(result.value);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
