import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { i18next } from '../i18n';
import * as common from '../i18n/locales/common';
import { ErrorBanner } from './ErrorBanner';

afterEach(() => i18next.changeLanguage('en'));

describe('ErrorBanner', () => {
  it('shows the backend message in English', () => {
    render(<ErrorBanner error={{ code: 'STORAGE_FULL', message: '/usr is full: delete files or upload to /bak.' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('/usr is full: delete files or upload to /bak.');
  });

  it('shows Chinese for the error code in zh, filled from its detail, with the English message under Details', async () => {
    await i18next.changeLanguage('zh');
    render(
      <ErrorBanner
        error={{
          code: 'PORT_BUSY',
          message: 'Serial port /dev/ttyUSB5 is busy: held by picocom (pid 42). Close that program and try again.',
          detail: { path: '/dev/ttyUSB5', holder: 'picocom (pid 42)' },
        }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('strong')).toHaveTextContent('串口 /dev/ttyUSB5 正被其他程序');
    expect(alert.querySelector('details')).not.toHaveAttribute('open');
    expect(alert.querySelector('details span')).toHaveTextContent('held by picocom');
  });

  it('says a refused cloud field in zh from its message key, wherever the error shows', async () => {
    await i18next.changeLanguage('zh');
    render(
      <ErrorBanner
        error={{
          code: 'INVALID_CREDENTIALS',
          message: 'ProductKey is letters and digits (like a1llZotKkCm): copy it from the device page.',
          detail: { field: 'productKey', messageKey: 'aliyun.productKey' },
        }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('strong')).toHaveTextContent('ProductKey 只含字母和数字');
    expect(alert.querySelector('details span')).toHaveTextContent('copy it from the device page');
  });

  it('a message without a path reads well in zh', async () => {
    await i18next.changeLanguage('zh');
    render(<ErrorBanner error={{ code: 'PORT_NOT_FOUND', message: 'Serial port was not found' }} />);
    expect(screen.getByRole('alert').querySelector('strong')?.textContent).toBe(
      '未找到串口：请插入模组，或选择其他串口。',
    );
  });

  it('every backend error code has a zh text', () => {
    for (const code of ERROR_CODES) expect(common.zh.errors.byCode[code], code).toMatch(/[\u4e00-\u9fff]/);
  });
});
