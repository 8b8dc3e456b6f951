import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import {
  BASE_URL,
  errorResponse,
  fakeCert,
} from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { ActionScope } from '../shared';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { DomainsView } from './DomainsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

function seed() {
  const app = backend.fake.addApp('shop', { cluster: 'default' });
  app.domains = [
    {
      app: 'shop',
      domain: 'www.shop.com',
      createdBy: 'x',
      createdAt: '2026-11-20T10:00:00Z',
    },
    {
      app: 'shop',
      domain: 'api.shop.com',
      cert: 'legacy',
      createdBy: 'x',
      createdAt: '2026-11-20T10:00:00Z',
    },
  ];
  const wildcard = fakeCert('shop', 'wildcard', ['*.shop.com'], 200);
  const legacy = {
    ...fakeCert('shop', 'legacy', ['api.shop.com'], 10),
    domains: ['api.shop.com'],
  };
  app.certs = [wildcard, legacy];
  return app;
}

const table = (name: string) => screen.getByRole('table', { name });
const rowOf = (tableName: string, first: string) =>
  within(table(tableName)).getByRole('row', {
    name: new RegExp(`^${first.replace(/\./g, '\\.')}\\b`),
  });

describe('DomainsView', () => {
  it('lists domains with their certificates and certificates with expiry', async () => {
    seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await screen.findByRole('table', { name: 'Domains' });

    expect(rowOf('Domains', 'api.shop.com')).toHaveTextContent('legacy');
    expect(rowOf('Certificates', 'wildcard')).toHaveTextContent('*.shop.com');
    expect(rowOf('Certificates', 'wildcard')).toHaveTextContent(
      /in (199|200) days/,
    );
    expect(rowOf('Certificates', 'legacy')).toHaveTextContent(/in (9|10) days/);
    expect(rowOf('Certificates', 'legacy')).toHaveTextContent('api.shop.com');
  });

  it('adds a domain', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Domain'),
      'shop.example.org',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add domain' }));

    expect(
      await screen.findByText(/^Added shop\.example\.org/),
    ).toBeInTheDocument();
    expect(app.domains.map(d => d.domain)).toContain('shop.example.org');
    await waitFor(() =>
      expect(rowOf('Domains', 'shop.example.org')).toBeInTheDocument(),
    );
    expect(screen.getByLabelText('Domain')).toHaveValue('');
  });

  it('checks the domain before sending it', async () => {
    seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Domain'),
      'Shop.Example.org',
    );
    expect(
      screen.getByText('Domain "Shop.Example.org" must be lowercase'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add domain' })).toBeDisabled();
  });

  it("shows the API's message when the domain is taken, and adds nothing", async () => {
    const app = seed();
    const other = backend.fake.addApp('other');
    other.domains = [
      {
        app: 'other',
        domain: 'taken.example.org',
        createdBy: 'x',
        createdAt: 'x',
      },
    ];
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Domain'),
      'taken.example.org',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add domain' }));

    expect(
      await screen.findByText('taken.example.org is already used by other'),
    ).toBeInTheDocument();
    expect(app.domains).toHaveLength(2);
    expect(
      within(table('Domains')).queryByText('taken.example.org'),
    ).toBeNull();
  });

  it('removes a domain after confirmation', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove www.shop.com' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove www.shop.com?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove domain' }),
    );

    expect(await screen.findByText('Removed www.shop.com')).toBeInTheDocument();
    expect(app.domains.map(d => d.domain)).toEqual(['api.shop.com']);
  });

  it('attaches a covering certificate and detaches one', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Attach certificate to www.shop.com',
      }),
    );
    expect(
      await screen.findByText('Attached wildcard to www.shop.com'),
    ).toBeInTheDocument();
    expect(app.domains.find(d => d.domain === 'www.shop.com')?.cert).toBe(
      'wildcard',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Detach legacy from api.shop.com' }),
    );
    expect(
      await screen.findByText('Detached legacy from api.shop.com'),
    ).toBeInTheDocument();
    expect(
      app.domains.find(d => d.domain === 'api.shop.com')?.cert,
    ).toBeUndefined();
  });

  it("uploads a certificate, showing the API's validation message in the dialog first", async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Upload certificate' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Upload a certificate',
    });
    await userEvent.type(
      within(dialog).getByLabelText(/Certificate name/),
      'www',
    );
    await userEvent.click(within(dialog).getByLabelText(/Certificate \(PEM\)/));
    await userEvent.paste('not a certificate');
    await userEvent.click(within(dialog).getByLabelText(/Private key/));
    await userEvent.paste('-----BEGIN PRIVATE KEY-----');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upload' }),
    );

    expect(
      await within(dialog).findByText(
        'The certificate is not a PEM certificate',
      ),
    ).toBeInTheDocument();
    expect(app.certs).toHaveLength(2);

    const pem = within(dialog).getByLabelText(/Certificate \(PEM\)/);
    await userEvent.clear(pem);
    await userEvent.paste('-----BEGIN CERTIFICATE-----');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upload' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByText(/^Uploaded www/)).toBeInTheDocument();
    expect(app.certs.map(c => c.name)).toEqual(['wildcard', 'legacy', 'www']);
    await waitFor(() =>
      expect(rowOf('Certificates', 'www')).toBeInTheDocument(),
    );
  });

  it('removes a certificate after confirmation', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove certificate legacy' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove certificate legacy?',
    });
    expect(dialog).toHaveTextContent('detached from api.shop.com');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove certificate' }),
    );

    expect(
      await screen.findByText('Removed certificate legacy'),
    ).toBeInTheDocument();
    expect(app.certs.map(c => c.name)).toEqual(['wildcard']);
  });

  it('adds the domain of a pasted URL, saying it left out the scheme and path', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Domain'),
      'https://www.foo.test/',
    );
    expect(
      screen.getByText(
        'Adds www.foo.test (the scheme and path are not part of a domain)',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add domain' }));
    expect(
      await screen.findByText(/^Added www\.foo\.test/),
    ).toBeInTheDocument();
    expect(app.domains.map(d => d.domain)).toContain('www.foo.test');
  });

  it("hides an action's message once a later action starts", async () => {
    seed();
    await renderWithSlipway(
      <ActionScope>
        <DomainsView app="shop" />
      </ActionScope>,
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Attach certificate to www.shop.com',
      }),
    );
    expect(
      await screen.findByText('Attached wildcard to www.shop.com'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Remove certificate wildcard' }),
    );
    await userEvent.click(
      within(
        await screen.findByRole('dialog', {
          name: 'Remove certificate wildcard?',
        }),
      ).getByRole('button', { name: 'Remove certificate' }),
    );
    expect(
      await screen.findByText('Removed certificate wildcard'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Attached wildcard to www.shop.com'),
    ).not.toBeInTheDocument();
  });

  it("shows each domain's automatic certificate: issued, or why it failed", async () => {
    const app = seed();
    app.domains[0].autoTls = {
      state: 'failed',
      lastError: 'connection refused',
      nextRenewal: '2026-12-05T08:00:00.000Z',
      updatedAt: '2026-12-05T07:00:00.000Z',
    };
    app.domains[1].autoTls = {
      state: 'issued',
      notAfter: '2027-03-01T00:00:00.000Z',
      nextRenewal: '2027-01-30T00:00:00.000Z',
      updatedAt: '2026-12-05T07:00:00.000Z',
    };
    await renderWithSlipway(<DomainsView app="shop" />);
    await screen.findByRole('table', { name: 'Domains' });
    expect(rowOf('Domains', 'www.shop.com')).toHaveTextContent(
      'Automatic certificate failed: connection refused (retried after 2026-12-05T08:00:00.000Z)',
    );
    expect(rowOf('Domains', 'api.shop.com')).toHaveTextContent(
      'Automatic certificate valid until 2027-03-01; renews 2027-01-30',
    );
  });

  it('toggles automatic TLS', async () => {
    const app = seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    await waitFor(() =>
      expect(
        screen.getByRole('checkbox', { name: 'Automatic TLS' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Automatic TLS' }),
    );

    expect(await screen.findByText('Automatic TLS on')).toBeInTheDocument();
    expect(app.settings.autoTls).toBe(true);
    await waitFor(() =>
      expect(
        screen.getByRole('checkbox', { name: 'Automatic TLS' }),
      ).toBeChecked(),
    );
  });

  it("shows the API's message when automatic TLS cannot be turned on", async () => {
    const app = seed();
    backend.server.use(
      http.patch(`${BASE_URL}/apps/shop/settings`, () =>
        errorResponse(400, 'InputError', 'No certificate issuer is configured'),
      ),
    );
    await renderWithSlipway(<DomainsView app="shop" />);
    await waitFor(() =>
      expect(
        screen.getByRole('checkbox', { name: 'Automatic TLS' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Automatic TLS' }),
    );

    expect(
      await screen.findByText('No certificate issuer is configured'),
    ).toBeInTheDocument();
    expect(app.settings.autoTls).toBe(false);
    expect(
      screen.getByRole('checkbox', { name: 'Automatic TLS' }),
    ).not.toBeChecked();
  });

  it('disables every change with the reason for users who may not update the app', async () => {
    seed();
    await renderWithSlipway(<DomainsView app="shop" />, {
      grants: { update: false },
    });
    await screen.findByRole('table', { name: 'Domains' });

    expect(
      screen.getByText(
        'Only the owners of shop can change its domains and certificates',
      ),
    ).toBeInTheDocument();
    for (const name of [
      'Add domain',
      'Remove www.shop.com',
      'Attach certificate to www.shop.com',
      'Detach legacy from api.shop.com',
      'Upload certificate',
      'Remove certificate legacy',
    ]) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    expect(
      screen.getByRole('checkbox', { name: 'Automatic TLS' }),
    ).toBeDisabled();
  });

  it("shows a domain added elsewhere at once, on the app's signal", async () => {
    const app = seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<DomainsView app="shop" />, { signals });
    await screen.findByRole('table', { name: 'Domains' });
    expect(signals.channels).toContain('slipway:app:shop');

    app.domains.push({
      app: 'shop',
      domain: 'elsewhere.shop.com',
      createdBy: 'bob',
      createdAt: '2026-11-20T11:00:00Z',
    });
    signals.publish('slipway:app:shop', { app: 'shop' });
    expect(
      await screen.findByRole('cell', { name: 'elsewhere.shop.com' }),
    ).toBeInTheDocument();
  });

  it('says the app was deleted instead of showing its stale domains', async () => {
    seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<DomainsView app="shop" />, { signals });
    await screen.findByRole('table', { name: 'Domains' });

    backend.fake.apps.delete('shop');
    signals.publish('slipway:app:shop', { app: 'shop' });
    expect(await screen.findByText(/This app was deleted/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Domains' })).toBeNull();
  });

  it('tells what to point DNS at, and that localhost has no public target', async () => {
    seed();
    await renderWithSlipway(<DomainsView app="shop" />);
    const note = await screen.findByLabelText('DNS target');
    expect(note).toHaveTextContent(/No public DNS target/);
    expect(note).toHaveTextContent('shop.localhost');

    backend.fake.apps.get('shop')!.app.url = 'https://shop.apps.example.net';
    await renderWithSlipway(<DomainsView app="shop" />);
    await waitFor(() =>
      expect(screen.getAllByLabelText('DNS target').at(-1)).toHaveTextContent(
        /Point each domain's DNS at shop\.apps\.example\.net: a CNAME/,
      ),
    );
  });

  it('reads PEM files, shows a refusal above the fields, and says which domains the certificate now serves', async () => {
    const app = seed();
    backend.server.use(
      http.post(
        `${BASE_URL}/apps/shop/certs`,
        () =>
          errorResponse(
            400,
            'InputError',
            'The private key does not belong to the certificate',
          ),
        { once: true },
      ),
    );
    await renderWithSlipway(<DomainsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Upload certificate' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Upload a certificate',
    });
    await userEvent.type(
      within(dialog).getByLabelText(/Certificate name/),
      'www',
    );
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    await userEvent.upload(
      within(dialog).getByLabelText('Choose a certificate file', {
        selector: 'input',
      }),
      new File([pem], 'www.crt', { type: 'application/x-x509-ca-cert' }),
    );
    await userEvent.upload(
      within(dialog).getByLabelText('Choose a key file', { selector: 'input' }),
      new File(['-----BEGIN PRIVATE KEY-----'], 'www.key'),
    );
    await waitFor(() =>
      expect(
        within(dialog).getByLabelText(/Certificate \(PEM\)/, {
          selector: 'textarea',
        }),
      ).toHaveValue(pem),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upload' }),
    );
    const refusal = await within(dialog).findByText(
      'The private key does not belong to the certificate',
    );
    const field = within(dialog).getByLabelText(/Certificate \(PEM\)/, {
      selector: 'textarea',
    });
    // The message comes before the PEM fields, so it is seen however long they are.
    expect(
      refusal.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    app.domains.push({
      app: 'shop',
      domain: 'www.example.com',
      createdBy: 'x',
      createdAt: '2026-11-20T10:00:00Z',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upload' }),
    );
    expect(
      await screen.findByText(
        'Uploaded www and attached it to www.example.com, which it covers',
      ),
    ).toBeInTheDocument();
    expect(app.domains.find(d => d.domain === 'www.example.com')?.cert).toBe(
      'www',
    );
  });
});
