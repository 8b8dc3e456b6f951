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

/** Upload a certificate and its key; the API's validation message is shown in the dialog. */
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
        <Field
          label="Certificate name"
          value={name}
          onChange={e => setName(e.target.value)}
          fullWidth
          margin="dense"
          required
        />
        <Field
          label="Certificate (PEM)"
          value={certificate}
          onChange={e => setCertificate(e.target.value)}
          fullWidth
          multiline
          minRows={4}
          margin="dense"
          required
          placeholder="-----BEGIN CERTIFICATE-----"
        />
        <Field
          label="Private key (PEM)"
          value={key}
          onChange={e => setKey(e.target.value)}
          fullWidth
          multiline
          minRows={4}
          margin="dense"
          required
          placeholder="-----BEGIN PRIVATE KEY-----"
        />
        <ActionStatus state={upload.state} label="Uploading" />
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
