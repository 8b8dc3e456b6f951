import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  Field,
  GuardedButton,
  LOCAL_IMAGE_REASON,
  useAction,
  useAppCluster,
  type AppPermissions,
} from '../shared';

/** Deploys a prebuilt image (no build), like `deis pull`: one new release. */
export function DeployImageForm(props: {
  app: string;
  permissions: AppPermissions;
  onDeployed(): void;
}) {
  const { app, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [image, setImage] = useState('');
  const deploy = useAction(
    (ref: string) => api.deployImage(app, { image: ref }),
    release => `Deployed: created release v${release.version}`,
    () => {
      setImage('');
      props.onDeployed();
    },
  );
  const { isLocal } = useAppCluster(app);
  // Offered only where it can work: the local runtime cannot run images.
  const allowed = permissions.canUpdate && isLocal !== true;
  const reason = isLocal ? LOCAL_IMAGE_REASON : permissions.reason('deploy it');
  return (
    <Box mb={3}>
      <Typography variant="h6" component="h2">
        Deploy an image
      </Typography>
      {isLocal && (
        <Alert severity="info" aria-label="Deploying an image is not available">
          {LOCAL_IMAGE_REASON}
        </Alert>
      )}
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Field
          label="Image"
          placeholder="registry.example.com/shop:1.2.3"
          value={image}
          onChange={e => {
            deploy.reset();
            setImage(e.target.value.trim());
          }}
          size="small"
          style={{ minWidth: 360 }}
          disabled={!allowed}
        />
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={allowed}
          reason={reason}
          disabled={!image || deploy.pending}
          onClick={() => deploy.run(image)}
        >
          Deploy image
        </GuardedButton>
      </Box>
      <ActionStatus state={deploy.state} label="Deploying" />
    </Box>
  );
}
