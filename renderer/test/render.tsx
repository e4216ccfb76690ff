import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiProvider } from '../src/api/context';
import { AppDialog } from '../src/components/AppDialog';
import { createFakeApi, type FakeApi } from './fake-api';

/** Renders a component with the typed fake Api (or the one given), and the app's dialog host. */
export const renderWithApi = (ui: ReactElement, api: FakeApi = createFakeApi()) => ({
  api,
  ...render(
    <ApiProvider api={api}>
      {ui}
      <AppDialog />
    </ApiProvider>,
  ),
});
