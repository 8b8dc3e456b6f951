import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

/**
 * Slipway's REST API called as `user` (a mock user token) on a test backend's server, at a
 * backend's address (`http://127.0.0.1:<port>`: a replica, a proxy before replicas), or on a
 * server that a `beforeAll` starts later (a function, read at each call).
 */
export function userApi(
  target: Server | string | (() => Server),
  user = 'user:default/jane',
) {
  const auth = mockCredentials.user.header(user);
  const call = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    url: string,
  ) =>
    request(typeof target === 'function' ? target() : target)
      [method](`/api/slipway${url}`)
      .set('Authorization', auth);
  return {
    get: (url: string) => call('get', url),
    post: (url: string, body?: object) => call('post', url).send(body ?? {}),
    put: (url: string, body?: object) => call('put', url).send(body ?? {}),
    patch: (url: string, body?: unknown) =>
      call('patch', url).send(body as object),
    delete: (url: string) => call('delete', url),
  };
}
