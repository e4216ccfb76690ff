import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SyncPlan } from '../../../../../shared/api/device';
import { SyncPlanView } from './SyncPlanView';

const plan = (over: Partial<SyncPlan> = {}): SyncPlan => ({
  localDir: '/home/u/proj',
  remoteDir: '/usr',
  new: [{ relPath: 'app.py', remote: '/usr/app.py', local: '/home/u/proj/app.py', size: 2048 }],
  changed: [
    { relPath: 'main.py', remote: '/usr/main.py', local: '/home/u/proj/main.py', size: 100 },
    { relPath: 'lib/u.py', remote: '/usr/lib/u.py', local: '/home/u/proj/lib/u.py', size: 20 },
  ],
  unchanged: [{ relPath: 'cfg.json', remote: '/usr/cfg.json', local: '/home/u/proj/cfg.json', size: 5 }],
  toDelete: [{ relPath: 'old.py', remote: '/usr/old.py', size: 9 }],
  mkdirs: ['/usr/lib'],
  bytesToSend: 2168,
  deleteExtra: false,
  ...over,
});

describe('SyncPlanView', () => {
  it('shows what the sync will do, with counts and the files of each group', () => {
    render(
      <SyncPlanView
        plan={plan()}
        onToggleDelete={() => undefined}
        onRun={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByTestId('sync-count-new')).toHaveTextContent('1new');
    expect(screen.getByTestId('sync-count-changed')).toHaveTextContent('2changed');
    expect(screen.getByTestId('sync-count-unchanged')).toHaveTextContent('1unchanged');
    expect(screen.getByTestId('sync-count-toDelete')).toHaveTextContent('1only on module');
    expect(screen.getByTestId('sync-items')).toHaveTextContent('app.py');
    fireEvent.click(screen.getByTestId('sync-count-changed'));
    expect(screen.getByTestId('sync-items')).toHaveTextContent('lib/u.py');
    expect(screen.getByText('3 files to send, 2.1 KB in total.')).toBeInTheDocument();
    expect(screen.getByTestId('sync-count-toDelete').className).toContain('inactive');
  });

  it('asks for a new plan when deleting extra files is switched on, and runs on request', () => {
    const onToggleDelete = vi.fn();
    const onRun = vi.fn();
    render(<SyncPlanView plan={plan()} onToggleDelete={onToggleDelete} onRun={onRun} onCancel={() => undefined} />);
    fireEvent.click(screen.getByTestId('sync-delete'));
    expect(onToggleDelete).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByTestId('sync-run'));
    expect(onRun).toHaveBeenCalledTimes(1);
  });

  it('says the module is up to date and offers no run when there is nothing to do', () => {
    const onRun = vi.fn();
    render(
      <SyncPlanView
        plan={plan({
          new: [],
          changed: [],
          mkdirs: [],
          bytesToSend: 0,
          toDelete: [{ relPath: 'x.py', remote: '/usr/x.py', size: 1 }],
        })}
        onToggleDelete={() => undefined}
        onRun={onRun}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByText('The module is up to date.')).toBeInTheDocument();
    expect(screen.getByTestId('sync-run')).toBeDisabled();
  });

  it('counts deletions as work when the plan deletes extra files, and disables controls while running', () => {
    render(
      <SyncPlanView
        plan={plan({ new: [], changed: [], mkdirs: [], bytesToSend: 0, deleteExtra: true })}
        running
        onToggleDelete={() => undefined}
        onRun={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByTestId('sync-run')).toBeDisabled();
    expect(screen.getByTestId('sync-run')).toHaveTextContent('Syncing…');
    expect(screen.getByTestId('sync-delete')).toBeDisabled();
    expect(screen.getByTestId('sync-count-toDelete').className).not.toContain('inactive');
  });
});
