import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  domainProblem,
  hostnameMatches,
  type Cert,
  type Domain,
} from '@slipway/plugin-slipway-common';
import { ReactNode, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { domainFromInput, strippedNote } from './domainInput';
import { dnsTarget } from './dnsTarget';
import { DnsTargetNote } from './DnsTargetNote';
import { AutoTlsStatus } from './AutoTlsStatus';
import {
  ActionStatus,
  ConfirmDialog,
  GuardedButton,
  useAction,
  type AppPermissions,
  Field,
} from '../shared';

/** Custom domains: add, remove, attach or detach a certificate. */
export function DomainsSection(props: {
  app: string;
  domains: Domain[];
  certs: Cert[];
  /** The app's URL on the router: its host is the domains' DNS target. */
  appUrl: string;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, domains, certs, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [domain, setDomain] = useState('');
  const [removing, setRemoving] = useState<string>();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const reason = permissions.reason('change its domains');
  const add = useAction(
    (name: string) => api.addDomain(app, name),
    added => {
      const target = dnsTarget(props.appUrl);
      return [
        `Added ${added.domain}`,
        added.cert ? ` (served with certificate ${added.cert})` : '',
        target.public
          ? `: point its DNS at ${target.host} (CNAME)`
          : ': no public DNS target on this portal (see below)',
      ].join('');
    },
    () => {
      setDomain('');
      props.onChange();
    },
  );
  const remove = useAction(
    (name: string) => api.removeDomain(app, name),
    (_, name) => `Removed ${name}`,
    props.onChange,
  );
  const attach = useAction(
    (cert: string, name: string) => api.attachCert(app, cert, name),
    (_, cert, name) => `Attached ${cert} to ${name}`,
    props.onChange,
  );
  const detach = useAction(
    (cert: string, name: string) => api.detachCert(app, cert, name),
    (_, cert, name) => `Detached ${cert} from ${name}`,
    props.onChange,
  );
  const host = domainFromInput(domain);
  const problem = host ? domainProblem(host) : undefined;

  return (
    <Box>
      <Typography variant="h6" component="h2">
        Domains
      </Typography>
      <Table size="small" aria-label="Domains">
        <TableHead>
          <TableRow>
            <TableCell>Domain</TableCell>
            <TableCell>Certificate</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {domains.map(d => {
            const covering = certs.filter(c =>
              c.sans.some(san => hostnameMatches(san, d.domain)),
            );
            let certCell: ReactNode;
            if (d.cert) {
              certCell = (
                <>
                  {d.cert}{' '}
                  <GuardedButton
                    size="small"
                    allowed={permissions.canUpdate}
                    reason={reason}
                    aria-label={`Detach ${d.cert} from ${d.domain}`}
                    onClick={() => detach.run(d.cert!, d.domain)}
                  >
                    Detach
                  </GuardedButton>
                </>
              );
            } else if (covering.length === 0) {
              certCell = (
                <Typography variant="body2" color="textSecondary">
                  No certificate covers this domain
                </Typography>
              );
            } else {
              certCell = (
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <Field
                    select
                    size="small"
                    label={`Certificate for ${d.domain}`}
                    value={chosen[d.domain] ?? covering[0].name}
                    onChange={e =>
                      setChosen(c => ({ ...c, [d.domain]: e.target.value }))
                    }
                    style={{ minWidth: 200 }}
                    disabled={!permissions.canUpdate}
                  >
                    {covering.map(c => (
                      <MenuItem key={c.name} value={c.name}>
                        {c.name}
                      </MenuItem>
                    ))}
                  </Field>
                  <GuardedButton
                    size="small"
                    allowed={permissions.canUpdate}
                    reason={reason}
                    aria-label={`Attach certificate to ${d.domain}`}
                    onClick={() =>
                      attach.run(chosen[d.domain] ?? covering[0].name, d.domain)
                    }
                  >
                    Attach
                  </GuardedButton>
                </Box>
              );
            }
            return (
              <TableRow key={d.domain}>
                <TableCell>{d.domain}</TableCell>
                <TableCell>
                  {certCell}
                  <AutoTlsStatus status={d.autoTls} />
                </TableCell>
                <TableCell>
                  <GuardedButton
                    size="small"
                    allowed={permissions.canUpdate}
                    reason={reason}
                    aria-label={`Remove ${d.domain}`}
                    onClick={() => setRemoving(d.domain)}
                  >
                    Remove
                  </GuardedButton>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {domains.length === 0 && (
        <Typography variant="body2">No custom domains yet.</Typography>
      )}
      <Box display="flex" alignItems="flex-start" mt={2} style={{ gap: 8 }}>
        <Field
          label="Domain"
          placeholder="www.example.com"
          value={domain}
          onChange={e => {
            add.reset();
            setDomain(e.target.value);
          }}
          error={Boolean(problem)}
          helperText={problem ?? strippedNote(domain)}
          size="small"
          disabled={!permissions.canUpdate}
        />
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={permissions.canUpdate}
          reason={reason}
          disabled={!host || Boolean(problem) || add.pending}
          onClick={() => add.run(host)}
        >
          Add domain
        </GuardedButton>
      </Box>
      {/* One message: the latest action's (the scope hides the others). */}
      {[add, remove, attach, detach].map((action, i) => (
        <ActionStatus key={i} state={action.state} />
      ))}
      <DnsTargetNote appUrl={props.appUrl} />
      <ConfirmDialog
        open={Boolean(removing)}
        title={`Remove ${removing}?`}
        confirmLabel="Remove domain"
        danger
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => {
          remove.run(removing!);
          setRemoving(undefined);
        }}
      >
        <Typography>
          The router stops serving {app} at {removing}. Its certificate stays
          uploaded.
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
