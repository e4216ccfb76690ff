import '@testing-library/jest-dom/vitest';
import { act, cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { initI18n } from '../src/i18n';
import { recordingCreate, resetAllStores } from './zustand-reset';

vi.mock('zustand', async (importOriginal) => {
  const actual = await importOriginal<typeof import('zustand')>();
  return { ...actual, create: recordingCreate(actual) };
});

// findBy*/waitFor wait for what the user would see; the bound only has to outlast a busy machine.
configure({ asyncUtilTimeout: 10_000 });
initI18n('en');
afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  act(() => resetAllStores());
});

// jsdom has no layout; CodeMirror measures text ranges.
if (!('getClientRects' in Range.prototype)) {
  Object.assign(Range.prototype, {
    getClientRects: () => Object.assign([], { item: () => null }),
    getBoundingClientRect: () => new DOMRect(),
  });
}
