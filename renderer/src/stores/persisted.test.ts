import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anyString, flag, fromSchema, numberIn, oneOf, persisted } from './persisted';

describe('persisted', () => {
  it('gives the fallback when nothing or something unusable is stored', () => {
    const theme = persisted('t.theme', 'system', oneOf('system', 'light', 'dark'));
    expect(theme.read()).toBe('system');
    localStorage.setItem('t.theme', 'purple');
    expect(theme.read()).toBe('system');
  });

  it('stores strings as they are and reads values older versions wrote', () => {
    const theme = persisted('t.theme', 'system', oneOf('system', 'light', 'dark'));
    theme.write('dark');
    expect(localStorage.getItem('t.theme')).toBe('dark');
    expect(theme.read()).toBe('dark');
    localStorage.setItem('t.flag', '1');
    expect(persisted('t.flag', false, flag).read()).toBe(true);
    localStorage.setItem('t.dir', '/home/user/proj');
    expect(persisted<string | null>('t.dir', null, anyString).read()).toBe('/home/user/proj');
  });

  it('round-trips numbers and objects as JSON, checking ranges and shapes', () => {
    const size = persisted('t.size', 55, numberIn(15, 85));
    size.write(70);
    expect(size.read()).toBe(70);
    localStorage.setItem('t.size', '99');
    expect(size.read()).toBe(55);
    const port = persisted('t.port', null, fromSchema(z.object({ path: z.string() }).nullable()));
    port.write({ path: '/dev/ttyUSB0' });
    expect(JSON.parse(localStorage.getItem('t.port')!)).toEqual({ path: '/dev/ttyUSB0' });
    expect(port.read()).toEqual({ path: '/dev/ttyUSB0' });
    localStorage.setItem('t.port', '{broken');
    expect(port.read()).toBeNull();
    port.clear();
    expect(localStorage.getItem('t.port')).toBeNull();
  });
});
