import { contractProblems, operationRoute, successStatus } from './contract';

describe('the OpenAPI contract of the fakes', () => {
  it('accepts an answer that matches the spec and names what is wrong in one that does not', () => {
    const domain = {
      app: 'shop',
      domain: 'shop.example.com',
      createdBy: 'user:default/jane',
      createdAt: '2026-11-20T10:00:00.000Z',
    };
    expect(contractProblems('post', '/apps/:app/domains', 201, domain)).toEqual(
      [],
    );
    const { createdBy, ...withoutCreator } = domain;
    expect(
      contractProblems('post', '/apps/:app/domains', 201, withoutCreator),
    ).toEqual([
      "response of post /apps/{app}/domains (201): (root) must have required property 'createdBy'",
    ]);
  });

  it('holds errors to the error shape and request bodies to the operation’s body', () => {
    expect(
      contractProblems('get', '/apps/:app', 404, {
        error: { name: 'NotFoundError', message: 'No app named x' },
      }),
    ).toEqual([]);
    expect(
      contractProblems('get', '/apps/:app', 404, { message: 'x' }),
    ).toEqual([
      "response of get /apps/{app} (404): (root) must have required property 'error'",
    ]);
    expect(
      contractProblems('post', '/apps/:app/scale', 0, { web: -1 }, 'request'),
    ).not.toEqual([]);
  });

  it('refuses paths the API does not serve', () => {
    expect(contractProblems('get', '/apps/:app/nothing', 200, {})).toEqual([
      'get /apps/{app}/nothing is not in the spec',
    ]);
  });

  it('finds an operation’s route and success status in the spec', () => {
    expect(operationRoute('DiffReleases')).toEqual({
      method: 'get',
      path: '/apps/:app/releases/:from/diff/:to',
    });
    expect(successStatus('patch', '/apps/:app/config')).toBe(201);
    expect(() => operationRoute('NoSuchThing')).toThrow(/NoSuchThing/);
  });
});
