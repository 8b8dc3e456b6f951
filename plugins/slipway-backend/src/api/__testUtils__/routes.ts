import { createRouter } from '../createRouter';

/** `METHOD /path/{param}` of every route of the REST API the router serves. */
export async function routerRoutes(): Promise<string[]> {
  const router = await createRouter({
    services: {} as any,
    httpAuth: {} as any,
    auditor: {} as any,
  });
  return (
    (
      router.stack as {
        route?: { path: string; methods: Record<string, boolean> };
      }[]
    )
      .flatMap(layer => (layer.route ? [layer.route] : []))
      .flatMap(route =>
        Object.keys(route.methods).map(
          method =>
            `${method.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      // The spec itself, served by the generated router.
      .filter(route => route !== 'GET /openapi.json')
      .sort()
  );
}
