import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';

/**
 * A user or group as people say it ("jane", "team-a"; the namespace only when not `default`),
 * linking to its catalog page, the full ref on hover. Never the raw `user:default/jane`, which
 * narrow cells broke mid-word. Text that is not a ref (a service's subject) shows as it is.
 */
export function EntityRefText(props: {
  entityRef: string;
  defaultKind?: 'user' | 'group';
}) {
  const { entityRef, defaultKind = 'user' } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  let parsed;
  try {
    parsed = parseEntityRef(entityRef, { defaultKind });
  } catch {
    return <>{entityRef}</>;
  }
  if (!['user', 'group'].includes(parsed.kind.toLowerCase())) {
    return <>{entityRef}</>;
  }
  const text = humanizeEntityRef(parsed, { defaultKind: parsed.kind });
  return (
    <Link
      to={entityRoute({
        kind: parsed.kind.toLowerCase(),
        namespace: parsed.namespace.toLowerCase(),
        name: parsed.name,
      })}
      title={entityRef}
      style={{ whiteSpace: 'nowrap' }}
    >
      {text}
    </Link>
  );
}
