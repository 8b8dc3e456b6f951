import fs from 'node:fs';
import path from 'node:path';
import { adminObjects, applyAsAdmin } from './realCluster';

/**
 * The Gateway API `HTTPRoute` CRD (v1), built from the OpenAPI schema that `@kubernetes-models/gateway-api`
 * ships (it is the upstream CRD's `openAPIV3Schema`, with `nullable` added and `metadata` as a `$ref`).
 * Applied to the real control plane so that the API server validates every HTTPRoute the gateway router writes.
 */
export function httpRouteCrd(): any {
  const v1 = path.dirname(
    require.resolve(
      '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
    ),
  );
  const source = fs.readFileSync(path.join(v1, 'HTTPRoute.js'), 'utf8');
  const match = /const schema = (\{[\s\S]*?\n\});\n/.exec(source);
  if (!match) throw new Error('no schema in @kubernetes-models/gateway-api');
  const schema = JSON.parse(match[1]);
  const openAPIV3Schema = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: withoutNullable(schema.properties.spec),
      status: withoutNullable(schema.properties.status),
    },
    required: ['spec'],
  };
  const version = (name: string, served: boolean, storage: boolean) => ({
    name,
    served,
    storage,
    schema: { openAPIV3Schema },
    subresources: { status: {} },
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: 'httproutes.gateway.networking.k8s.io',
      // *.k8s.io groups are protected: the API server refuses a CRD without this annotation (upstream sets it too).
      annotations: {
        'api-approved.kubernetes.io':
          'https://github.com/kubernetes-sigs/gateway-api/pull/2466',
      },
    },
    spec: {
      group: 'gateway.networking.k8s.io',
      names: {
        kind: 'HTTPRoute',
        listKind: 'HTTPRouteList',
        plural: 'httproutes',
        singular: 'httproute',
      },
      scope: 'Namespaced',
      versions: [version('v1', true, true)],
    },
  };
}

/** The schema minus the `nullable: true` that the model generator adds to optional fields. */
function withoutNullable(schema: any): any {
  if (Array.isArray(schema)) return schema.map(withoutNullable);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'nullable')
      .map(([key, value]) => [key, withoutNullable(value)]),
  );
}

/** Installs the HTTPRoute CRD unless the cluster serves it already, and waits until it is established. */
export async function ensureGatewayApiCrds(): Promise<void> {
  const api = adminObjects();
  const name = 'httproutes.gateway.networking.k8s.io';
  const read = () =>
    api
      .read({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name },
      })
      .catch(() => undefined);
  const established = (crd: any) =>
    (crd?.status?.conditions ?? []).some(
      (c: any) => c.type === 'Established' && c.status === 'True',
    );
  if (!established(await read())) {
    await applyAsAdmin([httpRouteCrd()]).catch(async error => {
      // Another suite may have installed it meanwhile.
      if (!(await read())) throw error;
    });
  }
  for (let i = 0; i < 100; i++) {
    if (established(await read())) {
      // Discovery of the new group takes a moment after Established.
      await new Promise(resolve => setTimeout(resolve, 1000));
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`CRD ${name} was never established`);
}
