import { describe, expect, it } from 'vitest';
import { registerAliyunHttps, registerAliyunMqtt, type FetchLike } from '../../electron/cloud/register-client';

const base = { productKey: 'a1llZotKkCm', productSecret: 'mj7qKfEn73y07gyK', deviceName: 'Chic_002', random: '5567' };

/** Records every URL it is asked for and answers nothing useful: registration must never get this far. */
const spyFetch = () => {
  const urls: string[] = [];
  const fetch: FetchLike = async (url) => {
    urls.push(url);
    return { status: 404, text: async () => '{}' };
  };
  return { fetch, urls };
};

const HOSTILE_REGIONS = [
  'cn-shanghai.evil.com/',
  'cn-shanghai.evil.com',
  '../',
  'cn-shanghai/../../x',
  'evil.com#',
  'cn-shanghai@evil.com',
  'cn-shanghai:443',
  'cn shanghai',
  'cn-shanghai\n',
  'CN-SHANGHAI',
  '',
];

describe('Aliyun registration builds its URL only from a real region id', () => {
  it.each(HOSTILE_REGIONS)(
    'refuses regionId %j before any request, saying what a region looks like',
    async (regionId) => {
      const { fetch, urls } = spyFetch();
      const error = await registerAliyunHttps({ ...base, regionId }, { fetch }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: expect.stringContaining('cn-shanghai'),
        detail: { field: 'regionId' },
      });
      expect(urls).toEqual([]);
      await expect(registerAliyunMqtt('register', { ...base, regionId }, { timeoutMs: 2000 })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
        detail: { field: 'regionId' },
      });
    },
  );

  it('refuses an instance id or ProductKey that would change the host', async () => {
    const { fetch, urls } = spyFetch();
    for (const input of [
      { ...base, instanceId: 'iot-06z00.evil.com/' },
      { ...base, productKey: 'a1llZotKkCm.evil.com/' },
    ]) {
      await expect(registerAliyunHttps(input, { fetch })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await expect(registerAliyunMqtt('regnwl', input, { timeoutMs: 2000 })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    expect(urls).toEqual([]);
  });

  it('accepts real region ids and asks iot-auth.{region}.aliyuncs.com', async () => {
    for (const regionId of ['cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1', 'eu-central-1']) {
      const { fetch, urls } = spyFetch();
      await registerAliyunHttps({ ...base, regionId }, { fetch }).catch(() => undefined);
      expect(urls).toEqual([`https://iot-auth.${regionId}.aliyuncs.com/auth/register/device`]);
    }
  });
});
