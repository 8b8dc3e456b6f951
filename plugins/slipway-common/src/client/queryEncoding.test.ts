import { DefaultApiClient } from '../schema/openapi/generated';

describe('the API client’s query strings (RT28)', () => {
  it('encodes "*" too, which the server refuses unencoded (a log search for "*" was a 400)', async () => {
    const urls: string[] = [];
    const client = new DefaultApiClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/slipway' },
      fetchApi: {
        fetch: (async (url: string) => {
          urls.push(url);
          return new Response('{}');
        }) as typeof fetch,
      },
    });
    await client.searchLogs({
      path: { app: 'shop' },
      query: { q: 'SELECT * FROM t' },
    });
    expect(urls).toEqual([
      'http://backend/api/slipway/apps/shop/logs/search?q=SELECT+%2A+FROM+t',
    ]);
  });
});
