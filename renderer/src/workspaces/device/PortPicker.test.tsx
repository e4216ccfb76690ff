import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { renderWithApi } from '../../../test/render';
import { PortPicker } from './PortPicker';

describe('PortPicker', () => {
  it('lists REPL ports as selectable and other interfaces as disabled', async () => {
    const onChange = vi.fn();
    renderWithApi(<PortPicker value="" onChange={onChange} />);
    const repl = await screen.findByText('Quectel EC600N/EC600S — REPL (interface 5)');
    fireEvent.click(repl);
    expect(onChange).toHaveBeenCalledWith('/dev/ttyUSB5', expect.objectContaining({ role: 'repl' }));
    const at = screen.getByText('Quectel EC600N/EC600S — AT (interface 2)').closest('button')!;
    expect(at).toBeDisabled();
    expect(at.title).toContain('AT');
  });

  it('accepts a free path (pseudo-terminals are not listed by the OS)', async () => {
    const onChange = vi.fn();
    renderWithApi(<PortPicker value="" onChange={onChange} />);
    const input = screen.getByTestId('free-path-input');
    fireEvent.change(input, { target: { value: '  /tmp/ttyQPY ' } });
    fireEvent.submit(input.closest('form')!);
    expect(onChange).toHaveBeenCalledWith('/tmp/ttyQPY');
  });

  it('remembers a typed path and lists it after the backend stored it', async () => {
    const remembered: string[] = [];
    const api = createFakeApi({
      portsRemember: ({ path }) => {
        remembered.push(path);
        return ok(undefined);
      },
      portsList: () =>
        ok(
          remembered.map((path) => ({
            path,
            label: path,
            kind: 'manual' as const,
            role: 'unknown' as const,
            selectable: true,
          })),
        ),
    });
    renderWithApi(<PortPicker value="" onChange={() => undefined} />, api);
    const input = screen.getByTestId('free-path-input');
    fireEvent.change(input, { target: { value: '/tmp/ttyQPY' } });
    fireEvent.submit(input.closest('form')!);
    expect(await screen.findByText('/tmp/ttyQPY', { selector: '.port-label' })).toBeInTheDocument();
    expect(api.calls.map((c) => c.name)).toEqual(['portsList', 'portsRemember', 'portsList']);
  });

  it('follows ports.changed events from the backend', async () => {
    const { api } = renderWithApi(<PortPicker value="" onChange={() => undefined} />);
    await screen.findByText('Simulated EC600N (QuecPython)');
    act(() =>
      api.emit('ports.changed', {
        ports: [
          {
            path: '/dev/ttyUSB9',
            label: 'Quectel BG95 — REPL (interface 1)',
            kind: 'usb',
            role: 'repl',
            selectable: true,
          },
        ],
      }),
    );
    expect(screen.getByText('Quectel BG95 — REPL (interface 1)')).toBeInTheDocument();
    expect(screen.queryByText('Simulated EC600N (QuecPython)')).toBeNull();
  });

  it('shows a backend error with its code', async () => {
    const api = createFakeApi({ portsList: () => fail('PORT_PERMISSION', 'Add yourself to the dialout group.') });
    renderWithApi(<PortPicker value="" onChange={() => undefined} />, api);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Add yourself to the dialout group.'));
    expect(screen.getByRole('alert').dataset.code).toBe('PORT_PERMISSION');
    expect(api.calls.map((c) => c.name)).toEqual(['portsList']);
  });
});
