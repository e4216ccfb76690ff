import { aliyunSign, isAliyunSignMethod, type AliyunEmulatedDevice } from '../../shared/cloud/aliyun';
import type { FetchLike } from './register-client';

const json = (status: number, body: unknown) => ({ status, text: async () => JSON.stringify(body) });

/**
 * Answers `POST /auth/register/device` as iot-auth.{region}.aliyuncs.com does, as a fetch function to inject
 * into registerAliyunHttps. The issued DeviceSecret is stored on the device so the MQTT emulator accepts it.
 */
export const createAliyunAuthFetch =
  (device: AliyunEmulatedDevice): FetchLike =>
  async (url, init) => {
    if (init.method !== 'POST' || new URL(url).pathname !== '/auth/register/device')
      return json(404, { code: 404, message: 'not found' });
    const form = new URLSearchParams(init.body);
    const productKey = form.get('productKey') ?? '';
    const deviceName = form.get('deviceName') ?? '';
    const random = form.get('random') ?? '';
    const sign = form.get('sign') ?? '';
    const signMethod = (form.get('signMethod') ?? 'hmacmd5').toLowerCase();
    if (!productKey || !deviceName || !random || !sign || !isAliyunSignMethod(signMethod))
      return json(200, { code: 460, message: 'request parameter error' });
    if (productKey !== device.productKey || deviceName !== device.deviceName)
      return json(200, { code: 6100, message: 'device not found' });
    if (!device.productSecret)
      return json(200, { code: 6288, message: 'dynamic register is not enabled for this product' });
    if (aliyunSign(signMethod, device.productSecret, { deviceName, productKey, random }) !== sign.toLowerCase())
      return json(200, { code: 401, message: 'request auth error' });
    device.deviceSecret ??= Array.from(
      { length: 32 },
      () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)],
    ).join('');
    return json(200, {
      code: 200,
      data: { productKey, deviceName, deviceSecret: device.deviceSecret },
      message: 'success',
    });
  };
