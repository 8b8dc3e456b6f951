import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { App } from '@slipway/plugin-slipway-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { slipwayApiRef } from '../../api';
import { ActionStatus, Field, useAction, useDomId } from '../shared';
import { useNameAvailability } from './useNameAvailability';
import { waitForCatalog } from './waitForCatalog';

/**
 * Creates an empty app (release v1, a git remote with no commits) for code the user already has:
 * a name checked as it is typed, and an owner that defaults to the signed-in user.
 */
export function CreateAppDialog(props: {
  open: boolean;
  onClose(): void;
  onCreated(app: App): void;
}) {
  const api = useApi(slipwayApiRef);
  const identityApi = useApi(identityApiRef);
  // Optional: without a catalog (tests, other apps) the app's page is opened at once.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const titleId = useDomId('slipway-create-app');
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<string>();
  const [description, setDescription] = useState('');
  const signedIn = identity.value?.userEntityRef;
  // The owner field starts as the signed-in user, once known; the user may change it.
  useEffect(() => {
    if (owner === undefined && signedIn) setOwner(signedIn);
  }, [owner, signedIn]);
  const availability = useNameAvailability(name);
  const create = useAction(
    async () => {
      const app = await api.createApp({
        name,
        ...(owner?.trim() && { owner: owner.trim() }),
        ...(description.trim() && { description: description.trim() }),
      });
      // Its page is a catalog entity page: open it once the catalog has the entity.
      await waitForCatalog(catalogApi, `component:default/${app.name}`);
      return app;
    },
    app => `Created ${app.name}`,
    props.onCreated,
  );
  const nameError =
    availability.state === 'invalid' || availability.state === 'taken';
  const canCreate =
    !create.pending &&
    (availability.state === 'available' || availability.state === 'unknown');

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          if (canCreate) void create.run();
        }}
      >
        <DialogTitle id={titleId}>Create an empty app</DialogTitle>
        <DialogContent>
          <DialogContentText>
            An app with no code yet, for a repository you already have: after
            creating it, its page shows how to push your code to it.
          </DialogContentText>
          <Field
            label="Name"
            value={name}
            onChange={e => setName(e.target.value.trim().toLowerCase())}
            // The dialog opens to type a name: focus goes where the user starts.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            fullWidth
            margin="normal"
            error={nameError}
            helperText={nameHelp(availability)}
            inputProps={{ 'aria-describedby': undefined, maxLength: 30 }}
          />
          <Field
            label="Owner"
            value={owner ?? ''}
            onChange={e => setOwner(e.target.value)}
            fullWidth
            margin="normal"
            helperText="A user or group of the catalog (user:default/jane, group:default/team-a). You, unless you choose a team."
          />
          <Field
            label="Description"
            value={description}
            onChange={e => setDescription(e.target.value)}
            fullWidth
            margin="normal"
            inputProps={{ maxLength: 500 }}
            helperText="Optional: one line about what the app does, shown in the catalog."
          />
          <ActionStatus state={create.state} label="Creating" />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={!canCreate}
          >
            Create
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function nameHelp(
  availability: ReturnType<typeof useNameAvailability>,
): string {
  switch (availability.state) {
    case 'empty':
      return 'Lowercase letters, digits and single hyphens, 3 to 30 characters; also its hostname.';
    case 'checking':
      return 'Checking the name…';
    default:
      return availability.message;
  }
}
