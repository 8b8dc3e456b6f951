import { DIGEST } from './imageReference';

export type RegistryAuth = { username: string; password: string };

/** Manifest media types a registry may store an image as (Docker v2, OCI, and their lists). */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * The few calls the backend makes to an OCI distribution registry itself (the builds push, not the
 * backend): does a manifest exist, and under which digest. Handles both auth schemes registries use:
 * HTTP Basic, and Bearer tokens from the realm named in the `WWW-Authenticate` challenge.
 */
export class RegistryClient {
  private bearer: string | undefined;

  constructor(
    private readonly options: {
      /** `https://registry.example.com` (or `http://127.0.0.1:5000` for a local registry). */
      apiUrl: string;
      auth?: RegistryAuth;
      timeoutMs?: number;
    },
  ) {}

  /**
   * The digest of manifest `reference` (a tag or a digest) of `repository`, or undefined when the
   * registry has no such manifest. Throws when the registry refuses or cannot be reached.
   */
  async manifestDigest(
    repository: string,
    reference: string,
  ): Promise<string | undefined> {
    const url = `${this.options.apiUrl.replace(
      /\/+$/,
      '',
    )}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
    const response = await this.request(url, `repository:${repository}:pull`);
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `the registry answered ${response.status} for ${repository}@${reference}`,
      );
    }
    const digest = response.headers.get('docker-content-digest') ?? '';
    if (!DIGEST.test(digest)) {
      throw new Error(
        `the registry gave no sha256 digest for ${repository}@${reference}`,
      );
    }
    return digest;
  }

  private async request(url: string, scope: string): Promise<Response> {
    const send = (authorization?: string) =>
      fetch(url, {
        method: 'HEAD',
        headers: {
          accept: MANIFEST_TYPES,
          ...(authorization ? { authorization } : {}),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    let response = await send(
      this.bearer ? `Bearer ${this.bearer}` : this.basic(),
    );
    if (response.status !== 401) return response;
    const challenge = response.headers.get('www-authenticate') ?? '';
    if (/^basic/i.test(challenge) && this.basic()) {
      return response; // the credentials were sent and refused
    }
    if (/^bearer/i.test(challenge)) {
      this.bearer = await this.token(challenge, scope);
      response = await send(`Bearer ${this.bearer}`);
    }
    return response;
  }

  private basic(): string | undefined {
    const { auth } = this.options;
    return auth
      ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString(
          'base64',
        )}`
      : undefined;
  }

  /** A token from the realm of a `Bearer realm="…",service="…"` challenge, for `scope`. */
  private async token(challenge: string, scope: string): Promise<string> {
    const params: Record<string, string> = {};
    for (const [, key, value] of challenge.matchAll(/(\w+)="([^"]*)"/g))
      params[key] = value;
    if (!params.realm?.startsWith('http')) {
      throw new Error('the registry sent a Bearer challenge without a realm');
    }
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? scope);
    const basic = this.basic();
    const response = await fetch(tokenUrl, {
      headers: basic ? { authorization: basic } : {},
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    if (!response.ok) {
      throw new Error(
        `the registry's token service answered ${response.status}`,
      );
    }
    const body = (await response.json()) as {
      token?: string;
      access_token?: string;
    };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error("the registry's token service sent no token");
    return token;
  }
}
