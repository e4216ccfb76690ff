import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { renderWithApi } from '../../../test/render';
import { BrokerLanToggle } from './BrokerLanToggle';

describe('BrokerLanToggle', () => {
  it('is off by default; turning it on saves the setting, warns, and restarts the broker on 0.0.0.0', async () => {
    const api = createFakeApi({
      brokerStart: ({ host }) =>
        ok({ state: 'running', host: host ?? '127.0.0.1', port: 1883, clients: 0, retainedCount: 0 }),
    });
    renderWithApi(<BrokerLanToggle />, api);
    const box = await screen.findByTestId('broker-lan');
    await waitFor(() => expect(box).not.toBeDisabled());
    expect(box).not.toBeChecked();
    expect(screen.queryByTestId('broker-lan-warning')).toBeNull();
    fireEvent.click(box);
    expect(await screen.findByTestId('broker-lan-warning')).toHaveTextContent('every device on the network');
    expect(api.calls.find((c) => c.name === 'settingsUpdate')?.request).toEqual({ brokerLan: true });
    await waitFor(() => expect(api.calls.find((c) => c.name === 'brokerStart')?.request).toEqual({ host: '0.0.0.0' }));
  });
});
