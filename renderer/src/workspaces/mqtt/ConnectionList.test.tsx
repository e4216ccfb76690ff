import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../../test/fake-api';
import { fakeLocalProfile } from '../../../test/fake/mqtt';
import { renderWithApi } from '../../../test/render';
import { useMqttSessionsStore } from '../../stores/mqttSessions';
import { ConnectionList } from './ConnectionList';

const seed = () =>
  useMqttSessionsStore.setState({
    profiles: [fakeLocalProfile({ id: 'p-1', name: 'Plant A' })],
    sessions: {},
    broker: null,
    selectedProfileId: null,
    editing: null,
  });

describe('ConnectionList asks in the app dialog, not the browser', { timeout: 20_000 }, () => {
  const browserConfirm = vi.fn(() => true);
  beforeEach(() => {
    seed();
    vi.stubGlobal('confirm', browserConfirm);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    browserConfirm.mockClear();
  });

  it('keeps the connection when delete is cancelled, deletes it when confirmed', async () => {
    const api = createFakeApi();
    renderWithApi(<ConnectionList />, api);
    await userEvent.click(screen.getByTestId('profile-delete'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('Delete the connection "Plant A"?');
    await userEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(api.calls.some((c) => c.name === 'profileDelete')).toBe(false);
    expect(screen.getByTestId('profile-item')).toHaveAttribute('data-name', 'Plant A');

    await userEvent.click(screen.getByTestId('profile-delete'));
    await userEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.queryByTestId('profile-item')).toBeNull());
    expect(api.calls.find((c) => c.name === 'profileDelete')?.request).toEqual({ id: 'p-1' });
    expect(browserConfirm).not.toHaveBeenCalled();
  });

  it('exports with or without passwords as chosen, and not at all when cancelled', async () => {
    const api = createFakeApi();
    renderWithApi(<ConnectionList />, api);
    const exports = () => api.calls.filter((c) => c.name === 'profilesExport').map((c) => c.request);

    await userEvent.click(screen.getByTestId('profiles-export'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('written in plain text');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(exports()).toEqual([]);

    await userEvent.click(screen.getByTestId('profiles-export'));
    await userEvent.click(await screen.findByTestId('confirm-without'));
    await waitFor(() => expect(exports()).toEqual([{ includeSecrets: false }]));

    await userEvent.click(screen.getByTestId('profiles-export'));
    await userEvent.click(await screen.findByTestId('confirm-with'));
    await waitFor(() => expect(exports()).toEqual([{ includeSecrets: false }, { includeSecrets: true }]));
    expect(browserConfirm).not.toHaveBeenCalled();
  });
});
