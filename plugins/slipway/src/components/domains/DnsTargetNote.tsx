import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { dnsTarget } from './dnsTarget';

/** Tells the user what to point their domain's DNS at, or why there is nothing to point at. */
export function DnsTargetNote(props: { appUrl: string }) {
  const target = dnsTarget(props.appUrl);
  return (
    <Box mt={2} aria-label="DNS target">
      {target.public ? (
        <Alert severity="info">
          <Typography variant="body2">
            Point each domain's DNS at <code>{target.host}</code>: a{' '}
            <strong>CNAME</strong> record (for an apex domain like example.com,
            an ALIAS or ANAME record at your DNS provider).
          </Typography>
        </Alert>
      ) : (
        <Alert severity="warning">
          <Typography variant="body2">
            No public DNS target: this portal serves apps at{' '}
            <code>{target.host}</code>, which resolves only on this machine (the
            router's domain, <code>slipway.domain</code>, is localhost). An
            administrator sets <code>slipway.domain</code> to a domain whose
            wildcard record points at the router; domains then point at{' '}
            <code>&lt;app&gt;.&lt;that domain&gt;</code> with a CNAME.
          </Typography>
        </Alert>
      )}
    </Box>
  );
}
