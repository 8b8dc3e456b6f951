/** Portal pages a notification leads to (relative to the portal's base URL). */
export const portalLinks = {
  pipeline: (pipeline: string) =>
    `/slipway/pipelines/${encodeURIComponent(pipeline)}`,
  appReleases: (app: string) =>
    `/catalog/default/component/${encodeURIComponent(app)}/slipway/releases`,
  appLogs: (app: string) =>
    `/catalog/default/component/${encodeURIComponent(app)}/slipway/logs`,
  appBuilds: (app: string) =>
    `/catalog/default/component/${encodeURIComponent(app)}/slipway/builds`,
  appDomains: (app: string) =>
    `/catalog/default/component/${encodeURIComponent(app)}/slipway/domains`,
};
