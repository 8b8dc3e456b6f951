/**
 * What a custom domain's DNS should point at: the app's own hostname on the router
 * (`<app>.<slipway.domain>`), as a CNAME, like Heroku's DNS target. An apex domain cannot hold a
 * CNAME: it needs an ALIAS/ANAME record at the DNS provider. `public` is false when the router's
 * domain only resolves on this machine (`localhost`, the development default).
 */
export function dnsTarget(appUrl: string): { host: string; public: boolean } {
  const host = new URL(appUrl).hostname;
  return {
    host,
    public: !(host === 'localhost' || host.endsWith('.localhost')),
  };
}
