import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { createAppRouteRef } from '../../routes';
import { CreateAppDialog } from './CreateAppDialog';

/**
 * The Apps page's two ways to start: an empty app for code the user already has (a dialog), or
 * a software template that also pushes sample code.
 */
export function CreateAppButton() {
  const templates = useRouteRef(createAppRouteRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="contained" color="primary" onClick={() => setOpen(true)}>
        Create app
      </Button>
      <Button
        // It navigates: a link for assistive technology.
        role="link"
        variant="outlined"
        component={RouterLink}
        to={templates?.() ?? '/create'}
        style={{ marginLeft: 8 }}
      >
        From a template
      </Button>
      {open && (
        <CreateAppDialog
          open
          onClose={() => setOpen(false)}
          onCreated={app =>
            // Its Slipway tab: the push instructions for the new, empty remote.
            navigate(
              `${entityRoute({
                kind: 'component',
                namespace: 'default',
                name: app.name,
              })}/slipway`,
            )
          }
        />
      )}
    </>
  );
}
