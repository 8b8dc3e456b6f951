import Typography from '@material-ui/core/Typography';
import type { DomainAutoTls } from '@slipway/plugin-slipway-common';

const day = (iso?: string) => iso?.slice(0, 10) ?? '—';

/** A domain's automatic (ACME) certificate: issued and when it renews, pending, or why it failed. */
export function AutoTlsStatus({ status }: { status?: DomainAutoTls }) {
  if (!status) return null;
  let text: string;
  if (status.state === 'issued') {
    text = `Automatic certificate valid until ${day(
      status.notAfter,
    )}; renews ${day(status.nextRenewal)}`;
  } else if (status.state === 'pending') {
    text = 'Automatic certificate being issued…';
  } else {
    text = `Automatic certificate failed: ${
      status.lastError ?? 'unknown error'
    } (retried after ${status.nextRenewal ?? 'a while'})`;
  }
  return (
    <Typography
      variant="body2"
      color={status.state === 'failed' ? 'error' : 'textSecondary'}
      data-testid="auto-tls-status"
    >
      {text}
    </Typography>
  );
}
