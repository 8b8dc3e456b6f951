import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { Cert } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import { ActionStatus, useAction, useDomId, Field } from '../shared';
import { PemField } from './PemField';

/**
 * Upload a certificate and its key (pasted or read from files); the API's validation message is
 * shown at the top of the dialog. The API attaches the certificate to the domains it covers.
 */
export function UploadCertDialog(props: {
  app: string;
  open: boolean;
  onClose(): void;
  onUploaded(cert: Cert): void;
}) {
  const api = useApi(slipwayApiRef);
  const titleId = useDomId('slipway-cert');
  const [name, setName] = useState('');
  const [certificate, setCertificate] = useState('');
  const [key, setKey] = useState('');
  const upload = useAction(
    () => api.addCert(props.app, { name, certificate, key }),
    cert => `Uploaded ${cert.name}`,
    cert => {
      setName('');
      setCertificate('');
      setKey('');
      upload.reset();
      props.onUploaded(cert);
    },
  );
  const close = () => {
    upload.reset();
    props.onClose();
  };

  return (
    <Dialog
      open={props.open}
      onClose={close}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>Upload a certificate</DialogTitle>
      <DialogContent>
        {/* First, so a refusal (a key of another certificate) is seen without scrolling. */}
        <ActionStatus state={upload.state} label="Uploading" />
        <Field
          label="Certificate name"
          value={name}
          onChange={e => setName(e.target.value)}
          fullWidth
          margin="dense"
          required
        />
        <PemField
          label="Certificate (PEM)"
          fileLabel="Choose a certificate file"
          value={certificate}
          onChange={setCertificate}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
        <PemField
          label="Private key (PEM)"
          fileLabel="Choose a key file"
          value={key}
          onChange={setKey}
          placeholder="-----BEGIN PRIVATE KEY-----"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!name || !certificate || !key || upload.pending}
          onClick={() => upload.run()}
        >
          Upload
        </Button>
      </DialogActions>
    </Dialog>
  );
}
