import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { FormEvent, useState } from 'react';
import { slipwayApiRef } from '../../../api';
import { errorMessage, Field } from '../../shared';
import { drainUrlProblem } from './drainKind';

/** Adds a drain; the API's refusal (400) is shown under the field. */
export function AddDrainForm(props: { app: string; onAdded(): void }) {
  const { app, onAdded } = props;
  const api = useApi(slipwayApiRef);
  const [url, setUrl] = useState('');
  const [refused, setRefused] = useState<string>();
  const [pending, setPending] = useState(false);
  const problem = drainUrlProblem(url);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setRefused(undefined);
    try {
      await api.addDrain(app, url.trim());
      setUrl('');
      onAdded();
    } catch (error) {
      setRefused(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <Box
      component="form"
      aria-label="Add a log drain"
      onSubmit={submit}
      display="flex"
      alignItems="flex-start"
      flexWrap="wrap"
      style={{ gap: 12 }}
      mt={1}
    >
      <Field
        label="Drain URL"
        placeholder="syslog+tls://logs.example.com:6514"
        value={url}
        onChange={e => {
          setUrl(e.target.value);
          setRefused(undefined);
        }}
        error={Boolean(problem || refused)}
        helperText={
          refused ??
          problem ??
          'syslog+tls://, syslog:// or https:// (credentials are stored encrypted and shown masked)'
        }
        inputProps={{ maxLength: 2048 }}
        variant="outlined"
        size="small"
        style={{ flex: '1 1 360px' }}
      />
      <Button
        type="submit"
        variant="outlined"
        color="primary"
        disabled={pending || !url.trim() || Boolean(problem)}
      >
        Add drain
      </Button>
    </Box>
  );
}
