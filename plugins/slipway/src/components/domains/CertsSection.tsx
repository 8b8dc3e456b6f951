import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Cert } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  absoluteTime,
  ActionStatus,
  ConfirmDialog,
  daysUntil,
  GuardedButton,
  useAction,
  type AppPermissions,
} from '../shared';
import { UploadCertDialog } from './UploadCertDialog';

/** TLS certificates: what they cover, when they expire, upload and remove. */
export function CertsSection(props: {
  app: string;
  certs: Cert[];
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, certs, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<Cert>();
  const [removing, setRemoving] = useState<Cert>();
  const reason = permissions.reason('change its certificates');
  const remove = useAction(
    (name: string) => api.removeCert(app, name),
    (_, name) => `Removed certificate ${name}`,
    props.onChange,
  );

  return (
    <Box mt={4}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h2">
          Certificates
        </Typography>
        <GuardedButton
          variant="outlined"
          color="primary"
          allowed={permissions.canUpdate}
          reason={reason}
          onClick={() => {
            setUploaded(undefined);
            setUploading(true);
          }}
        >
          Upload certificate
        </GuardedButton>
      </Box>
      <Table size="small" aria-label="Certificates">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Covers</TableCell>
            <TableCell>Issuer</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Attached to</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {certs.map(cert => (
            <TableRow key={cert.name}>
              <TableCell>{cert.name}</TableCell>
              <TableCell>{cert.sans.join(', ')}</TableCell>
              <TableCell>{cert.issuer}</TableCell>
              <TableCell>
                {absoluteTime(cert.notAfter)}{' '}
                <Expiry notAfter={cert.notAfter} />
              </TableCell>
              <TableCell>{cert.domains.join(', ') || 'nothing'}</TableCell>
              <TableCell>
                <GuardedButton
                  size="small"
                  allowed={permissions.canUpdate}
                  reason={reason}
                  aria-label={`Remove certificate ${cert.name}`}
                  onClick={() => setRemoving(cert)}
                >
                  Remove
                </GuardedButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {certs.length === 0 && (
        <Typography variant="body2">No certificates uploaded.</Typography>
      )}
      {uploaded && (
        <ActionStatus
          state={{ pending: false, result: uploadedMessage(uploaded) }}
        />
      )}
      <ActionStatus state={remove.state} label="Removing" />
      <UploadCertDialog
        app={app}
        open={uploading}
        onClose={() => setUploading(false)}
        onUploaded={cert => {
          setUploading(false);
          setUploaded(cert);
          props.onChange();
        }}
      />
      <ConfirmDialog
        open={Boolean(removing)}
        title={`Remove certificate ${removing?.name}?`}
        confirmLabel="Remove certificate"
        danger
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => {
          remove.run(removing!.name);
          setRemoving(undefined);
        }}
      >
        <Typography>
          {removing?.domains.length
            ? `It is detached from ${removing.domains.join(
                ', ',
              )}, which are then served without this certificate.`
            : 'It is not attached to any domain.'}
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}

/** Says where an uploaded certificate went to work: the API attaches it to the domains it covers. */
function uploadedMessage(cert: Cert): string {
  return cert.domains.length > 0
    ? `Uploaded ${cert.name} and attached it to ${cert.domains.join(
        ', ',
      )}, which it covers`
    : `Uploaded ${cert.name}; it covers none of this app's domains that lack a certificate, so it is attached to none yet`;
}

function Expiry(props: { notAfter: string }) {
  const days = daysUntil(props.notAfter);
  if (days < 0) {
    return (
      <Typography component="span" variant="body2" color="error">
        (expired)
      </Typography>
    );
  }
  return (
    <Typography
      component="span"
      variant="body2"
      color={days < 30 ? 'error' : 'textSecondary'}
    >
      (in {days} day{days === 1 ? '' : 's'})
    </Typography>
  );
}
